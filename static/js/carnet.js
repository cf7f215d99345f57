// Small behaviours that make pages nicer; every page works without them.
(function () {
  "use strict";

  // Close an open menu (<details class="menu">) when clicking elsewhere or pressing Escape.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    });
  });

  // The main navigation stays on one line: the entries its bar has no room for move into its
  // « Plus » menu, Settings first, then Import, My tasks and the objects from the last
  // (data-collapse). Without this script, carnet.css decides by the bar's width alone.
  function fitNavigation() {
    var nav = document.getElementById("mainnav");
    if (!nav) return;
    var list = nav.querySelector(".mainnav__list");
    var more = nav.querySelector(".mainnav__more-list");
    if (!list || !more) return;
    nav.setAttribute("data-fitted", "");
    nav.querySelectorAll("[data-moved]").forEach(function (entry) {
      entry.removeAttribute("data-moved");
    });
    if (!list.offsetParent) return; // the bar's navigation is hidden (narrow screens' menu)
    var entries = Array.prototype.slice.call(list.querySelectorAll(":scope > [data-collapse]"));
    entries.sort(function (a, b) {
      return Number(a.dataset.collapse) - Number(b.dataset.collapse);
    });
    function overflowing() {
      var edge = list.getBoundingClientRect().right;
      return Array.prototype.some.call(list.children, function (entry) {
        return entry.offsetParent && entry.getBoundingClientRect().right > edge + 0.5;
      });
    }
    for (var i = 0; i < entries.length && overflowing(); i++) {
      var rank = entries[i].dataset.collapse;
      entries[i].setAttribute("data-moved", "");
      var twin = more.querySelector(':scope > [data-collapse="' + rank + '"]');
      if (twin) twin.setAttribute("data-moved", "");
    }
  }
  var fitting = false;
  function fitSoon() {
    if (fitting) return;
    fitting = true;
    window.requestAnimationFrame(function () {
      fitting = false;
      fitNavigation();
    });
  }
  fitNavigation();
  window.addEventListener("resize", fitSoon);
  // The settings page swaps in a new navigation (renamed or switched objects).
  document.addEventListener("htmx:afterSettle", fitSoon);

  // A chart's bar leads to the list it counts (components/chart.html).
  document.addEventListener("click", function (event) {
    var bar = event.target.closest && event.target.closest("svg a[data-href]");
    if (bar) window.location.assign(bar.getAttribute("data-href"));
  });

  // Messages sent by the server in an HX-Trigger "carnet:message" event.
  document.body && document.body.addEventListener("carnet:message", function (event) {
    var box = document.getElementById("messages");
    if (!box || !event.detail) return;
    var p = document.createElement("p");
    p.className = "message message--" + (event.detail.level || "info");
    p.setAttribute("role", "status");
    p.textContent = event.detail.text;
    box.appendChild(p);
  });
})();
