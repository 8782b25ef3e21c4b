/* The mobile menu: below 992 px a "Menu" button opens a drawer with the main menu (copied
   from the menu bar when opened), the language switch and "Log ud". Escape, the close button
   and the overlay close it; focus returns to the button. */
(function () {
  "use strict";
  /* Wide tables scroll inside their own region (never the page): each table gets a wrapper
     that can be reached and scrolled with the keyboard and is named after the table. */
  function scrollRegions(root) {
    (root || document).querySelectorAll("main table").forEach(function (table) {
      var wrapper = table.parentElement;
      if (!wrapper.classList.contains("table--responsive-scroll")) {
        wrapper = document.createElement("div");
        wrapper.className = "table--responsive-scroll";
        table.parentNode.insertBefore(wrapper, table);
        wrapper.appendChild(table);
      }
      if (!wrapper.hasAttribute("tabindex")) {
        var caption = table.querySelector("caption");
        wrapper.setAttribute("tabindex", "0");
        wrapper.setAttribute("role", "region");
        wrapper.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
      }
    });
  }
  scrollRegions();
  document.addEventListener("htmx:afterSettle", function (event) { scrollRegions(event.target); });

  var open = document.querySelector(".indsats-menu-open");
  if (!open) return;
  var drawer = document.getElementById(open.getAttribute("aria-controls"));
  var overlay = document.querySelector(".indsats-menu-overlay");
  var close = drawer.querySelector(".indsats-menu-close");
  var list = drawer.querySelector(".indsats-drawer-menu");
  var desktop = document.querySelector(".navigation-menu .mainmenu");

  function fill() {
    if (!list || !desktop) return;
    list.innerHTML = "";
    desktop.querySelectorAll(":scope > li").forEach(function (item) {
      if (item.classList.contains("more-option")) return;
      var copy = item.cloneNode(true);
      copy.classList.remove("d-none");
      list.appendChild(copy);
    });
  }

  function show() {
    fill();
    drawer.classList.add("is-visible");
    overlay.classList.add("is-visible");
    document.body.classList.add("mobile-nav-active");
    open.setAttribute("aria-expanded", "true");
    close.focus();
  }

  function hide() {
    drawer.classList.remove("is-visible");
    overlay.classList.remove("is-visible");
    document.body.classList.remove("mobile-nav-active");
    open.setAttribute("aria-expanded", "false");
    open.focus();
  }

  open.addEventListener("click", show);
  close.addEventListener("click", hide);
  overlay.addEventListener("click", hide);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && drawer.classList.contains("is-visible")) hide();
  });
  window.addEventListener("resize", function () {
    if (window.innerWidth >= 992 && drawer.classList.contains("is-visible")) hide();
  });
})();
