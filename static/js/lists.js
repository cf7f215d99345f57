// Lists (templates/records/list.html): shorter filter URLs, the filter popover, pagination that
// lands at the top of the list, and the record preview panel. Every list works without it.
(function () {
  "use strict";

  // A filter form sends only the filters in use (the server redirects the others away too).
  // With a saved view, an empty field means "not this filter of the view": it is kept.
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("form[data-drop-empty]")) return;
    var view = form.querySelector("input[name=view]");
    if (view && view.value) return;
    var data = event.detail.formData;
    var names = [];
    data.forEach(function (value, name) { if (names.indexOf(name) < 0) names.push(name); });
    names.forEach(function (name) {
      var values = data.getAll(name).filter(function (value) {
        return typeof value !== "string" || value.trim() !== "";
      });
      data.delete(name);
      values.forEach(function (value) { data.append(name, value); });
    });
  });

  // The filter popover (a <details>, a drawer on a phone): a close button, Escape, a click
  // elsewhere, and applying the filters close it.
  function popovers() { return document.querySelectorAll("details.filter-popover[open]"); }
  function closePopover(popover, focus) {
    popover.removeAttribute("open");
    if (focus) popover.querySelector("summary").focus();
  }
  document.querySelectorAll("[data-close-popover]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      closePopover(button.closest("details"), true);
    });
  });
  document.addEventListener("submit", function (event) {
    var popover = event.target.querySelector && event.target.querySelector("details.filter-popover[open]");
    if (popover) closePopover(popover, false);
  });
  document.addEventListener("click", function (event) {
    popovers().forEach(function (popover) {
      if (!popover.contains(event.target)) closePopover(popover, false);
    });
  });

  // Pagination: after the next page arrives, the list's top is in view and has the focus.
  document.addEventListener("htmx:afterSettle", function (event) {
    var trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!trigger || !trigger.hasAttribute || !trigger.hasAttribute("data-focus-results")) return;
    var results = document.getElementById("results");
    if (results) {
      results.focus({ preventScroll: true });
      results.scrollIntoView({ block: "start" });
    }
  });

  // The record preview: a row's name opens it beside the list (Ctrl/Cmd-click, a middle click
  // or no JavaScript open the record's page as before). Escape or « Fermer » closes it.
  var panel = document.getElementById("preview");
  var opener = null;

  function closePreview() {
    if (!panel || panel.hidden) return;
    panel.hidden = true;
    panel.innerHTML = "";
    document.body.classList.remove("has-preview");
    if (opener && document.contains(opener)) opener.focus();
    opener = null;
  }

  function openPreview(link, url) {
    opener = link;
    window.htmx.ajax("GET", url, { target: "#preview", swap: "innerHTML" }).then(function () {
      if (!panel.innerHTML.trim()) return;
      panel.hidden = false;
      document.body.classList.add("has-preview");
      var title = panel.querySelector("#preview-title");
      (title || panel).setAttribute("tabindex", "-1");
      (title || panel).focus();
    });
  }

  if (panel && window.htmx) {
    document.addEventListener("click", function (event) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
          event.shiftKey || event.altKey) return;
      var link = event.target.closest && event.target.closest("td.cell--title a[href]");
      if (!link) return;
      var table = link.closest("table[data-preview-base]");
      if (!table) return;
      var base = table.getAttribute("data-preview-base");
      var href = link.getAttribute("href");
      if (href.indexOf(base) !== 0 || !/^\d+\/$/.test(href.slice(base.length))) return;
      event.preventDefault();
      openPreview(link, href + "preview/");
    });
    panel.addEventListener("click", function (event) {
      if (event.target.closest("[data-close-preview]")) closePreview();
    });
  }

  // The bulk bar shows the inputs of the chosen action only (all of them without JavaScript).
  function syncBulk() {
    var select = document.getElementById("bulk-action");
    if (!select) return;
    document.querySelectorAll(".bulk__controls").forEach(function (controls) {
      controls.hidden = controls.dataset.actions.split(" ").indexOf(select.value) < 0;
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.id === "bulk-action") syncBulk();
  });
  document.addEventListener("htmx:afterSettle", syncBulk);
  syncBulk();

  document.addEventListener("keydown", function (event) {
    // (an open dialog, such as the command palette, or an inline form takes its Escape first)
    if (event.key !== "Escape" || event.defaultPrevented || document.querySelector("dialog[open]")) return;
    if (panel && !panel.hidden) { closePreview(); return; }
    popovers().forEach(function (popover) { closePopover(popover, true); });
  });
})();
