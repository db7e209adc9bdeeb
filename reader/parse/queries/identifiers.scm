; Names a page may link: selector fields (x.F, pkg.F), qualified and plain type names,
; and plain identifiers (package-level functions, variables, constants).

(selector_expression) @selector
(qualified_type) @qualified
(type_identifier) @type
(identifier) @ident
