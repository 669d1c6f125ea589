// Page behaviour that would otherwise need inline script or hx-on (the CSP forbids both:
// htmx 4 runs hx-on through the Function constructor, which needs 'unsafe-eval').
// Everything here is per reader (local times, your mentions, your scroll position): the
// server renders each event once for everybody.
(() => {
  "use strict";

  const NEAR_BOTTOM_PX = 48;
  /** Lines from one sender closer together than this share one nickname and time. */
  const GROUP_MS = 5 * 60 * 1000;
  const NARROW = "(max-width: 40rem)";
  /** Lines that count as unread and wake the "new messages" button; comings and goings do not. */
  const CONVERSATION = ".message, .action, .private, .notice";
  const RECONNECTING = "Connection lost. Reconnecting…";

  /** Shows a <time datetime> in the reader's own time zone (the server writes UTC). */
  function localizeTime(time) {
    if (time.dataset.local) return;
    const date = new Date(time.getAttribute("datetime"));
    if (Number.isNaN(date.getTime())) return;
    time.textContent = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
    time.title = date.toLocaleString();
    time.dataset.local = "1";
  }

  const sameNick = (a, b) => typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();

  /** Whether `text` names `nick` as a word (nicknames are letters, digits, _ - and .). */
  function mentions(text, nick) {
    if (!nick) return false;
    const escaped = nick.replace(/[.\-]/g, "\\$&");
    return new RegExp(`(^|[^\\w-])@?${escaped}(?![\\w-])`, "i").test(text);
  }

  const instant = (item) => Date.parse(item.querySelector("time")?.getAttribute("datetime") ?? "");

  function setUp() {
    for (const time of document.querySelectorAll("time[datetime]")) localizeTime(time);
    const messages = document.getElementById("messages");
    if (!messages) return;
    const me = document.getElementById("me");
    const room = document.getElementById("room");
    const rooms = document.getElementById("rooms");
    const jump = document.getElementById("jump");
    const connection = document.getElementById("connection");
    const side = document.getElementById("side");
    const input = document.getElementById("text");

    /** Groups a line with the one before it, and marks it when it names you. */
    function decorate(item) {
      if (!(item instanceof HTMLLIElement)) return;
      const time = item.querySelector("time[datetime]");
      if (time) localizeTime(time);
      const previous = item.previousElementSibling;
      item.classList.toggle(
        "grouped",
        item.classList.contains("message") &&
          previous?.classList.contains("message") === true &&
          sameNick(previous.dataset.from, item.dataset.from) &&
          instant(item) - instant(previous) < GROUP_MS,
      );
      if (item.dataset.from && !sameNick(item.dataset.from, me?.textContent)) {
        const text = item.querySelector(".text")?.textContent ?? "";
        item.classList.toggle("mention", mentions(text, me?.textContent));
      }
    }

    // --- Following the conversation ---------------------------------------------------
    let stick = true;
    /** Distance from the bottom to keep while older history is put in above. */
    let keepFromBottom = null;
    const atBottom = () => messages.scrollHeight - messages.scrollTop - messages.clientHeight < NEAR_BOTTOM_PX;
    const toBottom = () => {
      messages.scrollTop = messages.scrollHeight;
      stick = true;
      jump.hidden = true;
    };
    messages.addEventListener(
      "scroll",
      () => {
        stick = atBottom();
        if (stick) jump.hidden = true;
      },
      { passive: true },
    );
    jump.addEventListener("click", () => {
      toBottom();
      input?.focus();
    });
    document.addEventListener("htmx:before:request", (event) => {
      if (event.target instanceof Element && event.target.closest("#older")) {
        keepFromBottom = messages.scrollHeight - messages.scrollTop;
      }
    });

    // --- Unread count in the title while the tab is hidden ----------------------------
    let unread = 0;
    const showTitle = () => {
      const base = `${room?.textContent ?? ""} — Switchboard`;
      document.title = unread > 0 ? `(${unread}) ${base}` : base;
    };
    document.addEventListener("visibilitychange", () => {
      if (document.hidden) return;
      unread = 0;
      showTitle();
    });

    /** What arrived: new lines at the end, older history at the top, or a whole redraw (room change). */
    function arrived(records) {
      for (const record of records) {
        const added = [...record.addedNodes].filter((node) => node instanceof HTMLLIElement);
        for (const item of added) decorate(item);
        // The line after an inserted batch may now join (or leave) a group.
        const after = record.nextSibling;
        if (after instanceof HTMLLIElement && added.length) decorate(after);

        const redraw = record.removedNodes.length > 0 && ![...record.removedNodes].some((n) => n.id === "older");
        const older = after !== null;
        if (redraw) {
          toBottom();
          continue;
        }
        if (older) {
          if (keepFromBottom !== null) messages.scrollTop = messages.scrollHeight - keepFromBottom;
          keepFromBottom = null;
          continue;
        }
        const fresh = added.filter((item) => item.matches(CONVERSATION));
        for (const item of added) {
          // The reader's own rename, seen by every tab of theirs.
          if (item.classList.contains("rename") && me && sameNick(item.dataset.from, me.textContent)) {
            me.textContent = item.dataset.to ?? me.textContent;
          }
        }
        if (document.hidden && fresh.length) {
          unread += fresh.length;
          showTitle();
        }
        if (stick) messages.scrollTop = messages.scrollHeight;
        else if (fresh.length) jump.hidden = false;
      }
    }
    new MutationObserver(arrived).observe(messages, { childList: true });
    for (const item of messages.children) decorate(item);
    messages.scrollTop = messages.scrollHeight;

    // --- Rooms: mark the one you are in, keep the title in step -----------------------
    const markRoom = () => {
      const current = room?.textContent;
      for (const item of rooms?.querySelectorAll("li[data-room]") ?? []) {
        const button = item.querySelector("button");
        if (!button) continue;
        if (item.dataset.room === current) button.setAttribute("aria-current", "true");
        else button.removeAttribute("aria-current");
      }
    };
    if (rooms) new MutationObserver(markRoom).observe(rooms, { childList: true });
    if (room) new MutationObserver(() => (markRoom(), showTitle())).observe(room, { childList: true, characterData: true, subtree: true });

    // --- Side panel folds away on a phone ---------------------------------------------
    if (side) {
      const narrow = window.matchMedia(NARROW);
      side.open = !narrow.matches;
      narrow.addEventListener("change", () => (side.open = !narrow.matches));
      document.getElementById("room-switcher")?.addEventListener("submit", () => {
        if (narrow.matches) side.open = false;
      });
    }

    // --- Sending -------------------------------------------------------------------
    let sent = null;
    document.addEventListener("submit", (event) => {
      if (event.target instanceof HTMLFormElement && event.target.id === "composer") {
        sent = input?.value ?? null;
        toBottom();
      }
    });
    // Once accepted, clear the box (unless more was typed meanwhile). A refused line stays
    // in the box to be fixed (its reason lands in the list). Either way, keep typing.
    document.addEventListener("htmx:after:request", (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || form.id !== "composer" || !input) return;
      const status = event.detail?.ctx?.response?.status ?? 0;
      if (status >= 200 && status < 300) {
        if (input.value === sent) input.value = "";
        // A refusal the server put by the box (the page came from a form posted without htmx) is answered now.
        document.getElementById("refusal")?.remove();
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
      }
      input.focus();
    });

    // --- Connection state (events from htmx's hx-sse.js) -----------------------------
    /** Set once a reconnect is refused (the session ended while we were away). */
    let sessionGone = false;
    const say = (text) => {
      if (connection && connection.textContent !== text) connection.textContent = text;
    };
    messages.addEventListener("htmx:sse:before:connection", (event) => {
      const attempt = event.detail?.connection?.attempt ?? 0;
      if (attempt === 0) return;
      if (sessionGone) event.detail.connection.cancelled = true;
      else say(RECONNECTING);
    });
    messages.addEventListener("htmx:sse:after:connection", () => say(""));
    messages.addEventListener("htmx:sse:error", (event) => {
      if (event.detail?.status === 401) sessionGone = true;
      say(RECONNECTING);
    });
    messages.addEventListener("htmx:sse:close", () => {
      say("");
      if (sessionGone) showRejoin();
    });

    /** The same as the server's closing frame, for when the server could not send it. */
    function showRejoin() {
      const composer = document.getElementById("composer");
      if (!(composer instanceof HTMLFormElement)) return;
      const ended = document.createElement("p");
      ended.id = "composer";
      ended.className = "composer ended";
      const link = document.createElement("a");
      link.href = "/";
      link.textContent = "Join again";
      ended.append("You are no longer in the chat. ", link);
      composer.replaceWith(ended);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
