// The link fields' pickers (records/picker.py, templates/components/picker.html).
// The search box becomes a combobox: HTMX fills its listbox with the first matches while
// typing; arrow keys move in it, Enter or a click chooses (the choice becomes the checked
// radio below, and the box is emptied), Escape closes it. Without this file the radios and a
// typed name work as they are.
(function () {
  "use strict";

  function options(listbox) {
    return Array.prototype.slice.call(listbox.querySelectorAll(".picker__result"));
  }

  function setup(root) {
    if (root.dataset.pickerReady) return;
    var input = root.querySelector(".picker__search");
    var listbox = root.querySelector(".picker__listbox");
    var choices = root.querySelector(".picker__choices");
    if (!input || !listbox || !choices || !input.hasAttribute("hx-get")) return;
    root.dataset.pickerReady = "1";
    var active = -1;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    var label = document.querySelector('label[for="' + input.id + '"]');
    if (label) {
      if (!label.id) label.id = input.id + "_label";
      listbox.setAttribute("aria-labelledby", label.id);
    }

    function open() {
      if (!listbox.children.length) return;
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = options(listbox);
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function radioFor(item) {
      var value = item.dataset.value;
      var radios = choices.querySelectorAll('input[type="radio"]');
      for (var i = 0; i < radios.length; i++) {
        if (radios[i].value === value) return radios[i];
      }
      var choice = document.createElement("label");
      choice.className = "picker__choice";
      var radio = document.createElement("input");
      radio.type = "radio";
      radio.name = root.dataset.pickerName;
      radio.value = value;
      var text = document.createElement("span");
      text.className = "picker__text";
      var name = document.createElement("span");
      name.className = "picker__label";
      name.textContent = item.dataset.label;
      text.appendChild(name);
      if (item.dataset.detail) {
        var detail = document.createElement("span");
        detail.className = "picker__detail";
        detail.textContent = item.dataset.detail;
        text.appendChild(detail);
      }
      choice.appendChild(radio);
      choice.appendChild(document.createTextNode(" "));
      choice.appendChild(text);
      choices.insertBefore(choice, choices.firstChild);
      return radio;
    }

    function choose(item) {
      var radio = radioFor(item);
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
      input.value = "";
      close();
      input.focus();
    }

    listbox.addEventListener("htmx:afterSwap", function () {
      options(listbox).forEach(function (item, i) {
        item.id = listbox.id + "-" + i;
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (document.activeElement === input) open();
    });

    // mousedown, not click: the search box must keep the focus (its blur closes the list).
    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
      var item = event.target.closest(".picker__result");
      if (item) choose(item);
    });

    input.addEventListener("blur", close);

    input.addEventListener("keydown", function (event) {
      var items = options(listbox);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!items.length) return;
        event.preventDefault();
        if (listbox.hidden) open();
        highlight(event.key === "ArrowDown" ? active + 1 : active < 0 ? -1 : active - 1);
      } else if (event.key === "Enter") {
        if (listbox.hidden || !items.length) return;
        var item = active >= 0 ? items[active] : items.length === 1 ? items[0] : null;
        if (item) {
          event.preventDefault();
          choose(item);
        }
      } else if (event.key === "Escape") {
        if (!listbox.hidden) {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
      }
    });
  }

  function setupAll(element) {
    if (element.matches && element.matches("[data-picker]")) setup(element);
    if (element.querySelectorAll) {
      element.querySelectorAll("[data-picker]").forEach(setup);
    }
  }

  if (window.htmx) {
    window.htmx.onLoad(setupAll);
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      setupAll(document);
    });
  }
})();
