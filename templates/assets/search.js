/* Search in the page's language, and a query rewrite that makes flag names and Go identifiers
 * typed as a reader types them work with mkdocs-material's lunr search.
 *
 * Material (9.x) has no hook for either, so this wraps Worker.prototype.postMessage and changes
 * the messages material sends to its search worker; the text in the search box stays as typed.
 * (Under file:// material uses an iframe shim instead of a Worker and neither applies.)
 *
 * - One index holds every language's pages (the i18n plugin merges them; the English ones are
 *   under en/).  The setup message keeps the pages of this page's language (its <html lang>),
 *   so an English reader finds the English flag index, a Chinese reader the Chinese one.
 *
 * - `--etcd-servers` / `etcd-servers`: lunr reads a leading `-` as "exclude" (and `--` as a
 *   syntax error), and the site's separator splits the name into `etcd` and `servers`.  A known
 *   flag name becomes `+title:etcd +title:servers -title:overrides`: the sections headed by the
 *   flag, not those headed by a flag whose name extends it (--etcd-servers-overrides), so its
 *   own section on the flag index is the first hit.  Title-only because material ranks a page
 *   2.5 times above a section, so a page with `server` in its title and `etcd` in its text
 *   would come first otherwise; prose about the flag is found by `etcd servers`.
 * - `CreateServerChain`, `options.NewServerRunOptions`, other hyphenated words: material appends
 *   `*` to every part, and a wildcard term skips the stemmer, so `Options*` misses the indexed
 *   stem `option`.  All parts but the last become required exact (stemmed) terms; the last is
 *   both exact and a prefix, so the results still follow the reader's typing.
 */
(function () {
  "use strict";

  var SETUP_MESSAGE = 0; // material's SearchMessageType.SETUP: {config, docs, options}
  var QUERY_MESSAGE = 2; // material's SearchMessageType.QUERY
  // the parts the site's search separator (mkdocs.yml) cuts an identifier into
  var PART_BOUNDARY = /[-_.]+|(?!\b)(?=[A-Z][a-z])/;
  var COMPOUND_WORD = /^(--)?([A-Za-z0-9][A-Za-z0-9_.-]*)$/;

  function parts(word) {
    return word.split(PART_BOUNDARY).filter(Boolean).map(function (p) { return p.toLowerCase(); });
  }

  var site = window.k8sReader || { flags: [], languages: [], defaultLanguage: "" };

  function flagNames() {
    return site.flags;
  }

  /* The documents of the page's own language: under <lang>/, or, for the default language,
   * under no other language's directory. */
  function ownLanguage(docs) {
    var lang = document.documentElement.lang;
    var others = site.languages.filter(function (l) { return l !== site.defaultLanguage; });
    var mine = function (doc) {
      if (lang !== site.defaultLanguage) return doc.location.indexOf(lang + "/") === 0;
      return !others.some(function (l) { return doc.location.indexOf(l + "/") === 0; });
    };
    return docs.filter(mine);
  }

  /* The words that longer flag names add to `name` (etcd-servers -> overrides). */
  function extensionWords(name) {
    var own = parts(name);
    var extra = {};
    flagNames().forEach(function (other) {
      if (other.indexOf(name + "-") === 0)
        parts(other).forEach(function (p) { if (own.indexOf(p) < 0) extra[p] = true; });
    });
    return Object.keys(extra);
  }

  function rewriteWord(word) {
    var match = COMPOUND_WORD.exec(word);
    if (!match) return word;  // lunr syntax (+term, field:term, term~1) or Chinese: material handles it
    var name = match[2];
    var terms = parts(name);
    if (flagNames().indexOf(name) >= 0)
      return terms.map(function (t) { return "+title:" + t; })
        .concat(extensionWords(name).map(function (t) { return "-title:" + t; }))
        .join(" ");
    if (terms.length < 2)
      return match[1] ? name : word;  // `--foo` with one part: drop the dashes lunr cannot parse
    var last = terms.pop();
    // `last^1` stays exact (material leaves boosted terms alone); the bare `last` gets material's `*`
    return terms.map(function (t) { return "+" + t; }).concat([last + "^1", last]).join(" ");
  }

  function rewriteQuery(query) {
    return query.split(/\s+/).filter(Boolean).map(rewriteWord).join(" ");
  }

  var postMessage = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === QUERY_MESSAGE && typeof message.data === "string")
      arguments[0] = { type: message.type, data: rewriteQuery(message.data) };
    else if (message && message.type === SETUP_MESSAGE && message.data && Array.isArray(message.data.docs))
      arguments[0] = { type: message.type, data: Object.assign({}, message.data, { docs: ownLanguage(message.data.docs) }) };
    return postMessage.apply(this, arguments);
  };
})();
