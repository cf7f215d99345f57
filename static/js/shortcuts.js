// Keyboard shortcuts, the command palette and click-to-edit on record pages.
// Every page works without this file: the dialogs and the one-field forms are rendered by the
// server (templates/components/keyboard.html, records/field_form.html); this only opens them.
// The dialogs are not in the page: the first shortcut that needs them (`?`, Ctrl/Cmd-K, `g`,
// `n`) fetches them once from the URL in #keyboard-dialogs[data-url] (records.commands).
(function () {
  "use strict";

  var GO_DELAY = 1500; // ms between `g` and its letter

  function typing(element) {
    if (!element || !element.tagName) return false;
    var tag = element.tagName;
    return element.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  function openDialog(dialog) {
    if (!dialog || dialog.open) return;
    dialog.showModal();
  }

  // --- the dialogs, fetched on first use -------------------------------------------------

  var palette = null;
  var paletteInput = null;
  var help = null;
  var loading = null;

  function dialogsLoaded() {
    if (loading) return loading;
    var holder = document.getElementById("keyboard-dialogs");
    if (!holder || !window.fetch) return Promise.resolve(false);
    loading = fetch(holder.getAttribute("data-url"), {
      credentials: "same-origin",
      headers: { "HX-Request": "true" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        holder.innerHTML = html;
        if (window.htmx) window.htmx.process(holder);
        palette = document.getElementById("command-palette");
        paletteInput = document.getElementById("command-palette-q");
        help = document.getElementById("shortcuts-help");
        setUpPalette();
        return true;
      })
      .catch(function () {
        loading = null; // try again on the next shortcut
        return false;
      });
    return loading;
  }

  // --- the command palette --------------------------------------------------------------

  function options() {
    return palette ? Array.prototype.slice.call(palette.querySelectorAll("[role=option]")) : [];
  }

  function activate(option) {
    options().forEach(function (each) {
      each.setAttribute("aria-selected", each === option ? "true" : "false");
    });
    if (option) {
      paletteInput.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      paletteInput.removeAttribute("aria-activedescendant");
    }
  }

  function active() {
    return palette && palette.querySelector("[role=option][aria-selected=true]");
  }

  function openPalette() {
    if (!palette || !paletteInput) return;
    document.querySelectorAll("dialog[open]").forEach(function (dialog) {
      if (dialog !== palette) dialog.close();
    });
    openDialog(palette);
    paletteInput.value = "";
    paletteInput.focus();
    if (window.htmx) window.htmx.trigger(paletteInput, "carnet:palette");
  }

  function setUpPalette() {
    if (!palette || !paletteInput) return;
    paletteInput.addEventListener("keydown", function (event) {
      var all = options();
      var index = all.indexOf(active());
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!all.length) return;
        var step = event.key === "ArrowDown" ? 1 : -1;
        activate(all[(index + step + all.length) % all.length]);
      } else if (event.key === "Enter" && index >= 0) {
        event.preventDefault();
        window.location.assign(all[index].href);
      }
    });
    // Typing makes the results stale until the new ones come: Enter then searches everywhere.
    paletteInput.addEventListener("input", function () {
      activate(null);
    });
    // New results: the first one is chosen, Enter opens it.
    document.body.addEventListener("htmx:afterSettle", function () {
      if (palette.open && !active()) activate(options()[0]);
    });
    // A click on the backdrop closes the palette.
    palette.addEventListener("click", function (event) {
      if (event.target === palette) palette.close();
    });
  }

  // --- shortcuts ------------------------------------------------------------------------

  var goPending = 0;

  function focusSearch() {
    var box =
      document.querySelector("main input[type=search][name=q]") ||
      document.getElementById("global-search");
    if (!box) return false;
    box.focus();
    if (box.select) box.select();
    return true;
  }

  function goTo(key) {
    if (!help) return false;
    var target = help.querySelector('[data-go-key="' + key + '"]');
    if (!target) return false;
    window.location.assign(target.getAttribute("data-go-url"));
    return true;
  }

  document.addEventListener("keydown", function (event) {
    var key = event.key;
    if ((event.ctrlKey || event.metaKey) && !event.altKey && (key === "k" || key === "K")) {
      event.preventDefault();
      if (palette && palette.open) palette.close();
      else dialogsLoaded().then(openPalette);
      return;
    }
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target) || document.querySelector("dialog[open]")) return;
    if (goPending && Date.now() - goPending < GO_DELAY) {
      goPending = 0;
      event.preventDefault();
      var letter = key.toLowerCase();
      dialogsLoaded().then(function () {
        goTo(letter);
      });
      return;
    }
    goPending = 0;
    if (key === "/") {
      if (focusSearch()) event.preventDefault();
    } else if (key === "?") {
      event.preventDefault();
      dialogsLoaded().then(function () {
        openDialog(help);
      });
    } else if (key === "g") {
      goPending = Date.now();
      dialogsLoaded(); // the letter comes next: its target is on its way
    } else if (key === "n" && document.getElementById("keyboard-dialogs")) {
      dialogsLoaded().then(function () {
        if (help && help.getAttribute("data-new-url")) {
          window.location.assign(help.getAttribute("data-new-url"));
        }
      });
    }
  });

  // --- click-to-edit on record pages (records.inline_edit) -------------------------------

  // A click on a value opens its form, unless it is on a link in the value (an email…) or
  // the end of a text selection.
  document.addEventListener("click", function (event) {
    var value = event.target.closest && event.target.closest("[data-inline-value]");
    if (!value || event.target.closest("a, button")) return;
    if (window.getSelection && String(window.getSelection())) return;
    var open = value.parentElement.querySelector("[data-inline-open]");
    if (open) open.click();
  });

  // Escape in a one-field form cancels it.
  document.addEventListener("keydown", function (event) {
    // (a picker's open list takes its Escape first)
    if (event.key !== "Escape" || event.defaultPrevented || !event.target.closest) return;
    var form = event.target.closest("[data-inline-edit]");
    if (!form) return;
    event.preventDefault();
    var cancel = form.querySelector("[data-inline-cancel]");
    if (cancel) cancel.click();
  });

  // After a swap: into the form, focus its field; back to the value, focus its pencil. The
  // field keeps its claim on the focus until the person goes elsewhere (a click, or the focus
  // on another element): once more when the swap has settled, at the next frame, a tenth, a
  // third of a second and a second later, and after any later swap (the timeline's
  // refresh…), whenever the focus has fallen to the body.
  var inlineFocusId = null;

  function inlineTarget(item) {
    return (
      item.querySelector(
        "[data-inline-edit] [aria-invalid=true], [data-inline-edit] input:not([type=hidden]), " +
          "[data-inline-edit] select, [data-inline-edit] textarea"
      ) || item.querySelector("[data-inline-open]")
    );
  }

  function restoreInlineFocus(always) {
    var item = inlineFocusId && document.getElementById(inlineFocusId);
    if (!item) return;
    var active = document.activeElement;
    if (!always && active && active !== document.body) return;
    var target = inlineTarget(item);
    if (target && active !== target) target.focus();
  }

  function afterInlineSwap(event) {
    var id = event.detail && event.detail.target && event.detail.target.id;
    var ours = id && id.indexOf("field-") === 0;
    if (ours) inlineFocusId = id;
    restoreInlineFocus(ours);
    if (ours) {
      window.requestAnimationFrame(function () { restoreInlineFocus(false); });
      [100, 300, 1000].forEach(function (delay) {
        window.setTimeout(function () { restoreInlineFocus(false); }, delay);
      });
    }
  }
  document.body.addEventListener("htmx:afterSwap", afterInlineSwap);
  document.body.addEventListener("htmx:afterSettle", afterInlineSwap);

  function leaveInlineField(event) {
    if (!inlineFocusId || !event.target.closest) return;
    if (!event.target.closest("#" + CSS.escape(inlineFocusId))) inlineFocusId = null;
  }
  document.addEventListener("focusin", leaveInlineField);
  document.addEventListener("pointerdown", leaveInlineField);
})();
