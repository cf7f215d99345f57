/* Settings › Workflows: the stages edited in place (opportunities/settings/workflows.html).

   HTMX saves a stage's row when a field is left or Enter is pressed; this file adds what HTMX
   does not: Escape puts a field back as it was, and stages reorder by dragging their handle
   (sent as the full order; the Up/Down buttons remain the keyboard's and no-JavaScript way).
   Without this file every form still posts and the page reloads. */
(function () {
  "use strict";

  document.documentElement.classList.add("stage-editor-live");

  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Escape" || !field.closest || !field.closest(".stage-row__form")) return;
    if (field.tagName === "SELECT") {
      Array.prototype.forEach.call(field.options, function (option) {
        option.selected = option.defaultSelected;
      });
    } else {
      field.value = field.defaultValue;
    }
    event.preventDefault();
    field.blur();
  });

  var dragged = null;
  var before = "";

  function orderOf(list) {
    return Array.prototype.map.call(list.querySelectorAll(".stage-row[data-stage-id]"), function (row) {
      return row.dataset.stageId;
    }).join(",");
  }

  document.addEventListener("dragstart", function (event) {
    var handle = event.target.closest && event.target.closest(".stage-row__handle");
    if (!handle) return;
    dragged = handle.closest(".stage-row");
    before = orderOf(dragged.parentNode);
    dragged.classList.add("stage-row--dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.stageId);
    event.dataTransfer.setDragImage(dragged, 16, 16);
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) return;
    var row = event.target.closest && event.target.closest(".stage-row[data-stage-id]");
    if (!row || row.parentNode !== dragged.parentNode) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (row === dragged) return;
    var box = row.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    row.parentNode.insertBefore(dragged, after ? row.nextSibling : row);
  });

  document.addEventListener("drop", function (event) {
    if (dragged) event.preventDefault();
  });

  document.addEventListener("dragend", function () {
    if (!dragged) return;
    var row = dragged;
    dragged = null;
    row.classList.remove("stage-row--dragging");
    var list = row.parentNode;
    var order = orderOf(list);
    if (order === before) return;
    var editor = list.closest(".stage-editor");
    htmx.ajax("POST", editor.dataset.orderUrl, {
      source: editor,
      target: editor,
      swap: "outerHTML",
      values: { order: order }
    });
  });
})();
