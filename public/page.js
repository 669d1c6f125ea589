// Page behaviour that would otherwise need inline script or hx-on (the CSP forbids both:
// htmx 4 runs hx-on through the Function constructor, which needs 'unsafe-eval').
// Everything here is per reader (local times, your mentions, your scroll position): the
// server renders each event once for everybody.
(() => {
  "use strict";

  const NEAR_BOTTOM_PX = 48;
  /**
   * A run of lines from one sender shows the nickname and time once, and again when this
   * long has passed since they were last shown, or after RUN_LINES lines (about a
   * screenful): whoever is reading always has a name in sight.
   */
  const GROUP_MS = 5 * 60 * 1000;
  const RUN_LINES = 20;
  /**
   * A line of a run that comes longer than this after the line before it shows its time
   * (`timed`): a phone has no pointer to hover over the line for it.
   */
  const TIME_GAP_MS = 2 * 60 * 1000;
  const DAY_MS = 24 * 60 * 60 * 1000;
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

  const startOfDay = (date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  /** The reader's calendar day of `date`, as a key. */
  const dayKey = (date) => `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;

  /** "Today", "Yesterday", or the date (with the year when it is not this year), for the reader. */
  function dayLabel(date) {
    const now = new Date();
    // Rounded: a day with a daylight-saving change is 23 or 25 hours long.
    const daysAgo = Math.round((startOfDay(now) - startOfDay(date)) / DAY_MS);
    if (daysAgo === 0) return "Today";
    if (daysAgo === 1) return "Yesterday";
    const year = date.getFullYear() === now.getFullYear() ? undefined : "numeric";
    return date.toLocaleDateString([], { weekday: "long", month: "long", day: "numeric", year });
  }

  function setUp() {
    for (const time of document.querySelectorAll("time[datetime]")) localizeTime(time);
    const messages = document.getElementById("messages");
    if (!messages) return;
    // The end of the list for a page without JavaScript (`/#latest`); here, new lines go after the last one.
    document.getElementById("latest")?.remove();
    const me = document.getElementById("me");
    const room = document.getElementById("room");
    const rooms = document.getElementById("rooms");
    const jump = document.getElementById("jump");
    const connection = document.getElementById("connection");
    const side = document.getElementById("side");
    const input = document.getElementById("text");
    const narrow = window.matchMedia(NARROW);

    /** Lines of the conversation, as the server renders them (not "Load older", not day separators). */
    const isLine = (node) => node instanceof HTMLLIElement && node.classList.contains("event");
    /** Day separators are this script's own. */
    const isDay = (node) => node instanceof HTMLLIElement && node.classList.contains("day");

    /** Whether `item` continues the run of the line before it without showing the name again. */
    function continuesRun(item) {
      const previous = item.previousElementSibling;
      if (!item.classList.contains("message") || !previous?.classList.contains("message")) return false;
      if (!sameNick(previous.dataset.from, item.dataset.from)) return false;
      // Back to the line of this run that shows the name: how long ago, and how many lines.
      let shown = previous;
      let lines = 1;
      while (shown.classList.contains("grouped") && shown.previousElementSibling) {
        shown = shown.previousElementSibling;
        lines++;
      }
      return lines < RUN_LINES && instant(item) - instant(shown) < GROUP_MS;
    }

    /** Groups a line with the one before it, and marks it when it names you. */
    function decorate(item) {
      if (!isLine(item)) return;
      const time = item.querySelector("time[datetime]");
      if (time) localizeTime(time);
      const grouped = continuesRun(item);
      item.classList.toggle("grouped", grouped);
      item.classList.toggle("timed", grouped && instant(item) - instant(item.previousElementSibling) > TIME_GAP_MS);
      if (item.dataset.from && !sameNick(item.dataset.from, me?.textContent)) {
        const text = item.querySelector(".text")?.textContent ?? "";
        item.classList.toggle("mention", mentions(text, me?.textContent));
      }
    }

    /**
     * Groups `line` and the lines after it again, as far as a change can reach: up to a
     * line that showed its name before and still does (what follows it counts from it).
     */
    function regroupFrom(line) {
      for (let at = line; isLine(at); at = at.nextElementSibling) {
        const was = at.classList.contains("grouped");
        decorate(at);
        if (!was && !at.classList.contains("grouped")) return;
      }
    }

    // --- Day separators, in the reader's time zone --------------------------------------
    /** The nearest line before `item` that has a time. */
    function datedBefore(item) {
      let at = item.previousElementSibling;
      while (at && (isDay(at) || Number.isNaN(instant(at)))) at = at.previousElementSibling;
      return at;
    }

    /** Puts a separator before `item` when it is the first line of its day in the list, and takes away one it no longer needs. */
    function separate(item) {
      const at = instant(item);
      if (!isLine(item) || Number.isNaN(at)) return;
      const date = new Date(at);
      const day = dayKey(date);
      const separator = isDay(item.previousElementSibling) ? item.previousElementSibling : null;
      const previous = datedBefore(item);
      if (previous && dayKey(new Date(instant(previous))) === day) {
        // An older page that ends on this line's day came in above it.
        separator?.remove();
        return;
      }
      if (separator?.dataset.day === day) return;
      const line = separator ?? document.createElement("li");
      line.className = "day";
      line.dataset.day = day;
      line.dataset.at = String(at);
      if (!separator) item.before(line);
      relabelDays();
    }

    /** "Today" becomes "Yesterday" at midnight: labels are worked out again whenever a day is added or the tab comes back. */
    function relabelDays() {
      for (const day of messages.querySelectorAll("li.day")) {
        const label = dayLabel(new Date(Number(day.dataset.at)));
        if (day.textContent !== label) day.textContent = label;
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
      relabelDays();
    });

    /** The first line at or after `node`, past day separators. */
    function lineFrom(node) {
      let at = node;
      while (at && !isLine(at)) at = at.nextSibling;
      return at;
    }

    /** What arrived: new lines at the end, older history at the top, or a whole redraw (room change). */
    function arrived(records) {
      let keptPlace = false;
      for (const record of records) {
        // Records tell what happened; the list may have changed again since (a swap puts the
        // older page in, then takes "Load older" out): work on the lines still in it.
        const added = [...record.addedNodes].filter((node) => isLine(node) && node.parentNode === messages);
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
          toBottom();
          continue;
        }
        if (older) {
          // Again after each record: the swap may come as several (put in, then take "Load older" out).
          if (keepFromBottom !== null) messages.scrollTop = messages.scrollHeight - keepFromBottom;
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
        if (document.hidden && fresh.length) {
          unread += fresh.length;
          showTitle();
        }
        if (stick) messages.scrollTop = messages.scrollHeight;
        else if (fresh.length) jump.hidden = false;
      }
      if (keptPlace) keepFromBottom = null;
    }
    new MutationObserver(arrived).observe(messages, { childList: true });
    for (const item of [...messages.children]) {
      separate(item);
      decorate(item);
    }
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
      side.open = !narrow.matches;
      narrow.addEventListener("change", () => (side.open = !narrow.matches));
    }
    // A room picked from the list: the box keeps the focus, as after a /join typed in it
    // (the clicked button is about to be redrawn away, which would leave the focus nowhere).
    // On a phone the panel folds instead: the keyboard would cover the room just opened.
    document.getElementById("room-switcher")?.addEventListener("submit", () => {
      if (!narrow.matches) input?.focus();
      else if (side) side.open = false;
    });

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

    /** The same as the server's closing frame (views/composer.tsx Rejoin, views/chat-page.tsx OutOfChat), for when the server could not send it. */
    function showRejoin() {
      const composer = document.getElementById("composer");
      if (!(composer instanceof HTMLFormElement)) return;
      const nick = me?.textContent ?? "";
      const ended = document.createElement("p");
      ended.id = "composer";
      ended.className = "composer ended";
      const link = document.createElement("a");
      link.href = nick ? `/?nick=${encodeURIComponent(nick)}` : "/";
      link.textContent = "Join again";
      ended.append("You are no longer in the chat. ", link);
      composer.replaceWith(ended);
      const whoami = document.getElementById("whoami");
      if (whoami) whoami.textContent = "Not in the chat";
      if (side) {
        const hint = document.createElement("p");
        hint.className = "hint";
        hint.textContent = "You are no longer in the chat: join again to see the rooms and who is here.";
        side.replaceChildren(side.querySelector("summary") ?? "", hint);
      }
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
