// The member's rooms and conversations beside the view this tab shows: unread counts
// kept live from the stream's `activity` events (lines said where this tab is not
// looking), mention marks, the tab title, marking the view read, and desktop
// notifications. The server renders each event once for everybody; what is per reader
// (a mention of this reader, whether to notify) is worked out here.
import { mentions, myNick as me, sameNick } from "./lines.js";
import { addressOf, sameView } from "./view-address.js";

const NOTIFY_KEY = "switchboard.notifications";
const READ_DELAY_MS = 1000;

function setUp() {
  const list = () => document.getElementById("messages");
  /** The view this tab shows now (views.js switches it in place). */
  const shown = () => list()?.dataset.view ?? document.getElementById("room")?.textContent ?? "";

  // --- Unread counts in the side panel, and the title --------------------------------
  const entryOf = (view) => [...document.querySelectorAll("li.view[data-view]")].find((li) => sameNick(li.dataset.view, view));
  function addEntry(view) {
    const list = document.getElementById(view.startsWith("@") ? "conversations" : "my-rooms");
    if (!list) return undefined;
    const li = document.createElement("li");
    li.className = "view";
    li.dataset.view = view;
    const link = document.createElement("a");
    link.href = addressOf(view);
    const name = document.createElement("span");
    name.className = "view-name";
    name.textContent = view;
    const mark = document.createElement("span");
    mark.className = "mention-mark";
    mark.hidden = true;
    mark.textContent = "@";
    const unread = document.createElement("span");
    unread.className = "unread";
    unread.dataset.count = "0";
    unread.hidden = true;
    const count = document.createElement("span");
    count.className = "unread-count";
    unread.append(count);
    link.append(name, " ", mark, unread);
    li.append(link);
    list.append(li);
    return li;
  }
  const elsewhere = () => [...document.querySelectorAll("li.view .unread")].reduce((sum, badge) => sum + Number(badge.dataset.count || 0), 0);
  const showTitle = () => document.dispatchEvent(new CustomEvent("switchboard:unread", { detail: { elsewhere: elsewhere() } }));

  function bump(view, mentioned) {
    const li = entryOf(view) ?? addEntry(view);
    const badge = li?.querySelector(".unread");
    if (!li || !badge) return;
    const count = Number(badge.dataset.count || 0) + 1;
    badge.dataset.count = String(count);
    badge.hidden = false;
    const number = badge.querySelector(".unread-count");
    if (number) number.textContent = String(count);
    if (mentioned) {
      li.classList.add("mentioned");
      const mark = li.querySelector(".mention-mark");
      if (mark) mark.hidden = false;
    }
    showTitle();
  }

  // --- Desktop notifications ------------------------------------------------------
  const control = document.getElementById("notify");
  const wanted = () => localStorage.getItem(NOTIFY_KEY) === "on" && "Notification" in window && Notification.permission === "granted";
  const showControl = () => {
    if (!control) return;
    const on = wanted();
    control.hidden = !("Notification" in window);
    control.setAttribute("aria-pressed", String(on));
    control.textContent = on ? "Notifications on" : "Notifications off";
  };
  control?.addEventListener("click", async () => {
    if (wanted()) localStorage.setItem(NOTIFY_KEY, "off");
    else {
      // Asked only now, on the reader's click.
      const permission = Notification.permission === "granted" ? "granted" : await Notification.requestPermission();
      localStorage.setItem(NOTIFY_KEY, permission === "granted" ? "on" : "off");
    }
    showControl();
  });
  showControl();
  function notify(view, from, text) {
    if (!wanted()) return;
    // Plain text: a notification shows no markup, whatever the line holds.
    const note = new Notification(view.startsWith("@") ? `${from} (private)` : `${from} in ${view}`, { body: text, tag: view });
    note.addEventListener("click", () => {
      window.focus();
      if (!sameView(view, shown())) document.dispatchEvent(new CustomEvent("switchboard:open", { detail: { address: addressOf(view) } }));
      note.close();
    });
  }

  if (!list()) return;
  /** The newest event the side panel's counts hold: views.js redraws it from the server on switching. */
  let countedUpTo = 0;
  document.addEventListener("activity", (event) => {
    if (Number(event.detail?.id) <= countedUpTo) return;
    let line;
    try {
      line = JSON.parse(event.detail?.data ?? "");
    } catch {
      return;
    }
    if (sameNick(line.from, me())) return;
    const view = line.kind === "private" ? `@${sameNick(line.from, me()) ? line.to : line.from}` : line.room;
    const mentioned = line.kind === "private" || mentions(line.text ?? "", me());
    bump(view, mentioned);
    if (mentioned) notify(view, line.from, line.text ?? "");
  });
  // Lines of the view itself: a mention or a private while the tab is hidden notifies.
  const notifyOfShown = new MutationObserver((records) => {
    if (!document.hidden) return;
    for (const record of records)
      for (const item of record.addedNodes) {
        if (!(item instanceof HTMLLIElement) || !item.dataset.from || sameNick(item.dataset.from, me())) continue;
        if (item.parentElement !== list()) continue;
        const text = item.querySelector(".text")?.textContent ?? "";
        if (item.classList.contains("private") || mentions(text, me())) notify(shown(), item.dataset.from, text);
      }
  });
  notifyOfShown.observe(list(), { childList: true });
  document.addEventListener("switchboard:view", (event) => {
    countedUpTo = Number(event.detail?.after ?? countedUpTo);
    if (event.detail?.list) notifyOfShown.observe(event.detail.list, { childList: true });
    showTitle();
  });

  // --- The view is read while it is shown: the server keeps it across reloads ------
  let timer = null;
  const markRead = () => {
    if (document.hidden || timer !== null) return;
    timer = window.setTimeout(() => {
      timer = null;
      if (document.hidden) return;
      const body = new URLSearchParams({ view: shown() });
      fetch("/read", { method: "POST", body, headers: { "HX-Request": "true" }, credentials: "same-origin" }).catch(() => {});
    }, READ_DELAY_MS);
  };
  document.addEventListener("htmx:sse:after:message", (event) => {
    if (!event.detail?.message?.event && event.target === list()) markRead();
  });
  document.addEventListener("visibilitychange", markRead);
  showTitle();
}

// Module scripts run once the document is parsed, before DOMContentLoaded.
setUp();
