; What a function body contributes to the index: call sites, the function literals they may
; sit in, and every statement that binds a name (for typing method-call receivers).

(call_expression) @call
(func_literal) @literal
(short_var_declaration) @define
(var_spec) @var
(const_spec) @const
(range_clause) @range
(type_switch_statement) @typeswitch
