// Behaviour that would otherwise need inline scripts (the CSP forbids them).
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("[data-autosubmit]")) el.form.requestSubmit();
});
document.addEventListener("click", (event) => {
  const el = event.target.closest("[data-confirm]");
  if (el && !window.confirm(el.dataset.confirm)) event.preventDefault();
  // The phone menu: the button in the header shows and hides the sidebar.
  const toggle = event.target.closest("[data-nav-toggle]");
  if (toggle) {
    const open = document.body.classList.toggle("nav-open");
    toggle.setAttribute("aria-expanded", String(open));
  }
  // The account menu (language, large text, password, sign out) behind one button on a phone.
  const account = event.target.closest("[data-user-toggle]");
  if (account) {
    const open = document.body.classList.toggle("user-open");
    account.setAttribute("aria-expanded", String(open));
  } else if (document.body.classList.contains("user-open") && !event.target.closest("#user-menu")) {
    document.body.classList.remove("user-open");
    document.querySelector("[data-user-toggle]")?.setAttribute("aria-expanded", "false");
  }
});
// A box that scrolls sideways (wide tables on a phone) must be reachable by keyboard, or a
// keyboard user cannot see its hidden columns (WCAG 2.1.1): it joins the tab order.
function focusableScrollers(root) {
  for (const el of root.querySelectorAll("main div, main table, main section, main pre, main ul")) {
    if (el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1) continue;
    const overflow = getComputedStyle(el);
    const scrolls = /(auto|scroll)/.test(overflow.overflowX + overflow.overflowY);
    if (scrolls && !el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
  }
}
document.addEventListener("DOMContentLoaded", () => focusableScrollers(document));
document.addEventListener("htmx:afterSwap", (event) => focusableScrollers(event.target));
