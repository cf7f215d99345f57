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
