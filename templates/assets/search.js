/* Search query rewrite: makes flag names and Go identifiers typed as a reader types them work
 * with mkdocs-material's lunr search.
 *
 * Material (9.x) has no hook for transforming queries, so this wraps Worker.prototype.postMessage
 * and rewrites the query messages material sends to its search worker; the text in the search
 * box stays as typed.  (Under file:// material uses an iframe shim instead of a Worker and the
 * rewrite does not apply.)
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

  var QUERY_MESSAGE = 2; // material's SearchMessageType.QUERY
  // the parts the site's search separator (mkdocs.yml) cuts an identifier into
  var PART_BOUNDARY = /[-_.]+|(?!\b)(?=[A-Z][a-z])/;
  var COMPOUND_WORD = /^(--)?([A-Za-z0-9][A-Za-z0-9_.-]*)$/;

  function parts(word) {
    return word.split(PART_BOUNDARY).filter(Boolean).map(function (p) { return p.toLowerCase(); });
  }

  function flagNames() {
    return window.k8sReaderFlags || [];
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
    return postMessage.apply(this, arguments);
  };
})();
