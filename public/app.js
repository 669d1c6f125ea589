// Page behaviour that would otherwise need inline script or hx-on (the CSP forbids both:
// htmx 4 runs hx-on through the Function constructor, which needs 'unsafe-eval').
(() => {
  "use strict";

  const NEAR_BOTTOM_PX = 48;

  /** Shows each <time datetime> in the reader's own time zone (the server writes UTC). */
  function localizeTimes(root) {
    for (const time of root.querySelectorAll("time[datetime]")) {
      if (time.dataset.local) continue;
      const date = new Date(time.getAttribute("datetime"));
      if (Number.isNaN(date.getTime())) continue;
      time.textContent = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
      time.title = date.toLocaleString();
      time.dataset.local = "1";
    }
  }

  function setUp() {
    const messages = document.getElementById("messages");
    localizeTimes(document);
    if (!messages) return;

    // Follow new messages unless the reader has scrolled up to read older ones.
    let stick = true;
    const atBottom = () => messages.scrollHeight - messages.scrollTop - messages.clientHeight < NEAR_BOTTOM_PX;
    messages.addEventListener("scroll", () => (stick = atBottom()), { passive: true });
    new MutationObserver(() => {
      localizeTimes(messages);
      if (stick) messages.scrollTop = messages.scrollHeight;
    }).observe(messages, { childList: true });
    messages.scrollTop = messages.scrollHeight;
  }

  // After a message was accepted, clear the box and keep typing.
  document.addEventListener("htmx:after:request", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.id !== "composer") return;
    const status = event.detail?.ctx?.response?.status ?? 0;
    if (status >= 200 && status < 300) {
      form.reset();
      form.querySelector("input[name=text]")?.focus();
    }
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
