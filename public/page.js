// Page behaviour that would otherwise need inline script or hx-on (the CSP forbids both:
// htmx 4 runs hx-on through the Function constructor, which needs 'unsafe-eval').
// Everything here is per reader (your scroll position, the tab title, the input box);
// the server renders each event once for everybody. A tab shows one view's list
// (`#messages`) at a time: views.js puts another in its place on switching, and tells
// with `switchboard:view`.
import { decorate, isDay, isLine, lineFrom, localizeTime, regroupFrom, relabelDays, sameNick, separate, showsItsEnd } from "./lines.js";

const NARROW = "(max-width: 40rem)";
/** Lines that count as unread and wake the "new messages" button; comings and goings do not. */
const CONVERSATION = ".message, .action, .private, .notice";

/** The list of the view this tab shows. */
const shownList = () => document.getElementById("messages");

function setUp() {
  for (const time of document.querySelectorAll("time[datetime]")) localizeTime(time);
  const first = shownList();
  if (!first) return;
  const me = document.getElementById("me");
  const room = document.getElementById("room");
  const rooms = document.getElementById("rooms");
  const jump = document.getElementById("jump");
  const side = document.getElementById("side");
  const input = document.getElementById("text");
  const narrow = window.matchMedia(NARROW);

  // --- Unread count in the title while the tab is hidden ----------------------------
  let unread = 0;
  /** Unread lines of the member's other rooms and conversations (rooms.js counts them). */
  let elsewhere = 0;
  const showTitle = () => {
    const base = `${room?.textContent ?? ""} — Switchboard`;
    const all = unread + elsewhere;
    document.title = all > 0 ? `(${all}) ${base}` : base;
  };
  document.addEventListener("switchboard:unread", (event) => {
    elsewhere = event.detail?.elsewhere ?? 0;
    showTitle();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) return;
    unread = 0;
    showTitle();
    const list = shownList();
    if (list) relabelDays(list);
  });

  // --- Following a list: new lines at the end, older ones at the top -----------------
  /** Each list's own scrolling: whether it follows its newest line, and the place kept while older lines come in above. */
  const followed = new WeakMap();
  const toBottom = () => {
    const list = shownList();
    if (!list) return;
    list.scrollTop = list.scrollHeight;
    const state = followed.get(list);
    if (state) state.stick = true;
    jump.hidden = true;
  };

  function follow(list) {
    if (followed.has(list)) return;
    const state = { stick: true, keepFromBottom: null };
    followed.set(list, state);
    // The end of the list for a page without JavaScript (`/#latest`); here, new lines go after the last one.
    list.querySelector("#latest")?.remove();
    list.addEventListener(
      "scroll",
      () => {
        state.stick = showsItsEnd(list);
        if (state.stick && list.isConnected) jump.hidden = true;
      },
      { passive: true },
    );

    /** What arrived: new lines at the end, older history at the top, or a whole redraw. */
    function arrived(records) {
      let keptPlace = false;
      for (const record of records) {
        // Records tell what happened; the list may have changed again since (a swap puts the
        // older page in, then takes "Load older" out): work on the lines still in it.
        const added = [...record.addedNodes].filter((node) => isLine(node) && node.parentNode === list);
        const removed = [...record.removedNodes].filter((node) => !isDay(node));
        // Day separators coming and going (this script's own doing) are not news.
        if (!added.length && !removed.length) continue;
        for (const item of added) {
          separate(item);
          decorate(item);
        }
        // The line after an inserted batch may now share the batch's day, or join (or leave) its run.
        const after = added.length ? lineFrom(added[added.length - 1].nextSibling) : null;
        if (after) {
          separate(after);
          regroupFrom(after);
        }

        const redraw = removed.length > 0 && !removed.some((n) => n.id === "older");
        const older = record.nextSibling !== null;
        if (redraw) {
          list.scrollTop = list.scrollHeight;
          state.stick = true;
          continue;
        }
        if (older) {
          // Again after each record: the swap may come as several (put in, then take "Load older" out).
          if (state.keepFromBottom !== null) list.scrollTop = list.scrollHeight - state.keepFromBottom;
          keptPlace = true;
          continue;
        }
        const fresh = added.filter((item) => item.matches(CONVERSATION));
        for (const item of added) {
          // The reader's own rename, seen by every tab of theirs.
          if (item.classList.contains("rename") && me && sameNick(item.dataset.from, me.textContent)) {
            me.textContent = item.dataset.to ?? me.textContent;
          }
        }
        // A list put away (another view is shown) only takes the lines its stream had on the way.
        if (!list.isConnected) continue;
        if (document.hidden && fresh.length) {
          unread += fresh.length;
          showTitle();
        }
        if (state.stick) list.scrollTop = list.scrollHeight;
        else if (fresh.length) jump.hidden = false;
      }
      if (keptPlace) state.keepFromBottom = null;
    }
    new MutationObserver(arrived).observe(list, { childList: true });
    for (const item of [...list.children]) {
      separate(item);
      decorate(item);
    }
    list.scrollTop = list.scrollHeight;
  }
  follow(first);

  jump.addEventListener("click", () => {
    toBottom();
    input?.focus();
  });
  document.addEventListener("htmx:before:request", (event) => {
    const list = shownList();
    if (list && event.target instanceof Element && event.target.closest("#older")) {
      followed.get(list).keepFromBottom = list.scrollHeight - list.scrollTop;
    }
  });

  // --- Another view in this tab ----------------------------------------------------
  document.addEventListener("switchboard:view", (event) => {
    const list = event.detail?.list;
    if (!(list instanceof HTMLElement)) return;
    follow(list);
    // views.js put the list back where its reader left it: follow its end only if that is where they were.
    const state = followed.get(list);
    state.stick = showsItsEnd(list);
    jump.hidden = true;
    markRoom();
    showTitle();
    if (event.detail?.picked) pickedFromPanel();
  });

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
    side.open = !narrow.matches;
    narrow.addEventListener("change", () => (side.open = !narrow.matches));
  }
  // A room or conversation picked from the panel: the box takes the focus, as after a
  // /join typed in it (the clicked control is about to be redrawn away, which would leave
  // the focus nowhere). On a phone the panel folds instead: the keyboard would cover the
  // view just opened.
  const pickedFromPanel = () => {
    if (!narrow.matches) input?.focus();
    else if (side) side.open = false;
  };
  document.getElementById("room-switcher")?.addEventListener("submit", pickedFromPanel);

  // --- Sending -------------------------------------------------------------------
  // A password typed after /register, /identify or /password shows as dots, as in a
  // terminal's stars: the box switches to a password field and back.
  const holdsPassword = /^\s*\/(register|identify|password)\s/i;
  const hideIfPassword = () => {
    if (!input) return;
    const type = holdsPassword.test(input.value) ? "password" : "text";
    if (input.type !== type) input.type = type;
  };
  input?.addEventListener("input", hideIfPassword);
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
      hideIfPassword();
      // A refusal the server put by the box (the page came from a form posted without htmx) is answered now.
      document.getElementById("refusal")?.remove();
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
    input.focus();
  });
}

// Module scripts run once the document is parsed, before DOMContentLoaded.
setUp();
