// k8s-reader: click a table header to sort the table by that column (numbers numerically).
(function () {
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
      th.title = "点击排序";
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
  if (typeof document$ !== "undefined") { document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
