// k8s-reader: click a table header to sort the table by that column (numbers numerically);
// the language switcher keeps the section you are reading (both editions share their anchors).
(function () {
  var site = window.k8sReader || { strings: {} };
  function ui(key) {
    var texts = site.strings[key] || {};
    return texts[document.documentElement.lang] || texts[site.defaultLanguage] || key;
  }
  function cellValue(row, index) {
    var cell = row.children[index];
    return cell ? cell.textContent.trim() : "";
  }
  function makeSortable(table) {
    var head = table.tHead;
    if (!head || table.dataset.k8sSortable) return;
    table.dataset.k8sSortable = "1";
    Array.prototype.forEach.call(head.rows[0].cells, function (th, index) {
      th.style.cursor = "pointer";
      th.title = ui("js.sort");
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var ascending = th.dataset.k8sOrder !== "asc";
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          var nx = parseFloat(x), ny = parseFloat(y);
          var order = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        th.dataset.k8sOrder = ascending ? "asc" : "desc";
      });
    });
  }
  function init() {
    document.querySelectorAll(".md-typeset table").forEach(makeSortable);
  }
  // Material's switcher links to the other edition of this page; it drops the anchor, and its own
  // click handler guesses the target from sitemap.xml.  Capturing the click first, on the way down,
  // goes straight to the other edition at the same anchor.
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a.md-select__link[hreflang]") : null;
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    location.href = link.href.split("#")[0] + location.hash;
  }, true);
  if (typeof document$ !== "undefined") { document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
