// The opportunity board: drag and drop between and within columns, saved at once with htmx.
// Without JavaScript every card has a "move to…" form; this only adds dragging, keeps the
// focus on a card moved with that form, and lets won/lost columns collapse.
(function () {
  "use strict";

  var dragged = null;

  function board() { return document.getElementById("board"); }

  function cardsOf(list) {
    return Array.prototype.filter.call(list.children, function (el) {
      return el.classList.contains("opp-card") && el !== dragged;
    });
  }

  // The card the pointer is above (the dragged card goes before it), or null for the end.
  function cardAfter(list, y) {
    var cards = cardsOf(list);
    for (var i = 0; i < cards.length; i++) {
      var box = cards[i].getBoundingClientRect();
      if (y < box.top + box.height / 2) return cards[i];
    }
    return null;
  }

  function columnOf(el) { return el && el.closest ? el.closest(".board-column") : null; }

  function listOf(column) { return column.querySelector(".board-column__cards"); }

  function collapsed(column) { return column.classList.contains("board-column--collapsed"); }

  function clearDropMarks() {
    document.querySelectorAll(".board-column--drop").forEach(function (c) {
      c.classList.remove("board-column--drop");
    });
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".opp-card[draggable=true]");
    if (!card) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.id);
    card.classList.add("opp-card--dragging");
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) return;
    var column = columnOf(event.target);
    if (!column) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    clearDropMarks();
    column.classList.add("board-column--drop");
    if (collapsed(column)) return;
    var list = listOf(column);
    var after = cardAfter(list, event.clientY);
    var more = list.querySelector(".board-column__more");
    list.insertBefore(dragged, after || more || null);
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("opp-card--dragging");
    clearDropMarks();
    dragged = null;
  });

  document.addEventListener("drop", function (event) {
    if (!dragged) return;
    var column = columnOf(event.target);
    if (!column) return;
    event.preventDefault();
    var card = dragged;
    var values = {
      stage: column.dataset.stage,
      version: card.dataset.version,
      filters: board().dataset.filters || "",
      swap: "headers"
    };
    if (collapsed(column)) {
      values.index = 0;
      card.remove();
    } else {
      var next = card.nextElementSibling;
      var previous = card.previousElementSibling;
      if (next && next.classList.contains("opp-card")) values.before = next.dataset.id;
      else if (previous && previous.classList.contains("opp-card")) values.after = previous.dataset.id;
      else values.index = 0;
    }
    card.classList.remove("opp-card--dragging");
    clearDropMarks();
    dragged = null;
    htmx.ajax("POST", card.dataset.moveUrl, { values: values, swap: "none", source: column });
  });

  // A refused move (stale card: 409, bad input: 400) still brings the true columns back.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if ((status === 409 || status === 400) && board()) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // After a move, keep the keyboard focus on the card (it now sits in its new column).
  var focusAfterMove = null;
  document.addEventListener("submit", function (event) {
    var form = event.target.closest && event.target.closest(".opp-card__move");
    if (form) focusAfterMove = form.closest(".opp-card").id;
  });
  document.addEventListener("htmx:afterSettle", function () {
    restoreCollapsed();
    if (!focusAfterMove) return;
    var card = document.getElementById(focusAfterMove);
    focusAfterMove = null;
    if (!card) return;
    var select = card.querySelector("select");
    (select || card).focus();
    var status = document.getElementById("board-status");
    var column = columnOf(card);
    if (status && column) status.textContent = column.querySelector(".board-column__title").firstChild.textContent.trim();
  });

  // Won and lost columns collapse; the choice is remembered per stage in this browser.
  function storageKey(column) { return "carnet.board.collapsed." + column.dataset.stage; }

  function setCollapsed(column, value) {
    var button = column.querySelector(".board-column__toggle");
    column.classList.toggle("board-column--collapsed", value);
    if (button) {
      button.setAttribute("aria-expanded", value ? "false" : "true");
      button.textContent = value ? button.dataset.expand : button.dataset.collapse;
    }
  }

  function restoreCollapsed() {
    document.querySelectorAll(".board-column--closed").forEach(function (column) {
      var button = column.querySelector(".board-column__toggle");
      if (!button) return;
      button.hidden = false;
      var stored = false;
      try { stored = window.localStorage.getItem(storageKey(column)) === "1"; } catch (e) { /* private mode */ }
      setCollapsed(column, stored);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".board-column__toggle");
    if (!button) return;
    var column = columnOf(button);
    var value = !collapsed(column);
    setCollapsed(column, value);
    try { window.localStorage.setItem(storageKey(column), value ? "1" : "0"); } catch (e) { /* private mode */ }
  });

  document.addEventListener("DOMContentLoaded", restoreCollapsed);

  // The stage switcher (phones): scroll the board, not the page, to the chosen column, and
  // show which column is in view and the columns' counts after a move.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".stage-switcher__item");
    if (!link) return;
    var column = document.getElementById("column-" + link.dataset.stage);
    var area = board();
    if (!column || !area) return;
    event.preventDefault();
    area.scrollTo({ left: column.offsetLeft - area.offsetLeft, behavior: "smooth" });
    markStage(link.dataset.stage);
    var first = column.querySelector(".opp-card a, .opp-card select");
    if (first) first.focus({ preventScroll: true });
  });

  function markStage(stage) {
    document.querySelectorAll(".stage-switcher__item").forEach(function (item) {
      if (item.dataset.stage === String(stage)) item.setAttribute("aria-current", "true");
      else item.removeAttribute("aria-current");
    });
  }

  function syncSwitcher() {
    document.querySelectorAll(".stage-switcher__item").forEach(function (item) {
      var column = document.getElementById("column-" + item.dataset.stage);
      var count = column && column.querySelector("[data-count]");
      var shown = item.querySelector("[data-switcher-count]");
      if (count && shown) shown.textContent = count.textContent;
    });
  }

  document.addEventListener("htmx:afterSettle", syncSwitcher);
  document.addEventListener("scroll", function (event) {
    var area = board();
    if (event.target !== area || !area.clientWidth) return;
    var columns = area.querySelectorAll(".board-column");
    var index = Math.round(area.scrollLeft / area.clientWidth);
    if (columns[index]) markStage(columns[index].dataset.stage);
  }, true);
})();
