// Light/dark toggle: progressive enhancement. Without this script the page follows the system
// preference through CSS alone; with it, a button appears and the choice is remembered.
(function () {
  "use strict";
  var KEY = "foothold-theme"; // also read by the inline script in base.html
  var root = document.documentElement;
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function current() {
    var chosen = root.getAttribute("data-theme");
    if (chosen === "light" || chosen === "dark") return chosen;
    return media && media.matches ? "dark" : "light";
  }

  function remember(value) {
    try { localStorage.setItem(KEY, value); } catch (e) { /* private mode: the choice lasts this page */ }
  }

  function init() {
    var header = document.querySelector(".site-header .wrap");
    if (!header) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "theme-toggle";
    // The name stays "Dark theme" (a toggle's name must not change with its state: aria-pressed
    // says it); the visible "on"/"off" after it shows the state to sighted readers.
    button.appendChild(document.createTextNode("Dark theme"));
    var state = document.createElement("span");
    state.className = "toggle-state";
    state.setAttribute("aria-hidden", "true");
    button.appendChild(state);
    function sync() {
      var dark = current() === "dark";
      button.setAttribute("aria-pressed", dark ? "true" : "false");
      state.textContent = dark ? ": on" : ": off";
    }
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      remember(next);
      sync();
    });
    if (media && media.addEventListener) media.addEventListener("change", sync);
    sync();
    header.appendChild(button);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
