// Switching views in place. A room or conversation picked in the side panel, a /join
// typed in the box, back and forward: the tab shows the other view without loading the
// page again. The view left is put away as it is (its lines, as page.js decorated them,
// and where it was scrolled); coming back asks the server only for the lines said since
// (`?after=N`, which the page marks `data-continues`). A tab holds one stream: the view
// left closes its own before the next opens.
import { showsItsEnd } from "./lines.js";
import { addressOf, sameView, viewOf } from "./view-address.js";

const CONNECT = "hx-sse:connect";
/** What else changes with the view: taken from the view's page as the server renders it. */
const REDRAWN = ["room", "topic", "my-rooms", "conversations", "rooms", "members"];
/** Views kept put away, the least recently shown dropped first: a member may be in 50 rooms. */
const MAX_KEPT = 20;

/** Lists put away, by view: the list, where it was scrolled, and whether it showed its end. */
const away = new Map();
/** The newest event each list holds everything up to: its page's, then its stream's. */
const heldUpTo = new WeakMap();

const keyOf = (view) => view.toLowerCase();
/** The `after` of a list's stream address: the newest event its page reflects. */
const pageAfter = (list) => Number(new URL(list.getAttribute(CONNECT) ?? "", location.href).searchParams.get("after") ?? 0);

/** Stops `list`'s stream and keeps it, to be shown again as it was. */
function putAway(list) {
  away.delete(keyOf(list.dataset.view));
  away.set(keyOf(list.dataset.view), { list, scrollTop: list.scrollTop, atEnd: showsItsEnd(list) });
  if (away.size > MAX_KEPT) away.delete(away.keys().next().value);
  // htmx closes a stream when it cleans its element up; without the attribute, no new one opens.
  list.removeAttribute(CONNECT);
  htmx.process(list, true);
}

/** The kept list with the lines said since it was put away, or undefined when the page holds no continuation of it. */
function continued(kept, fresh) {
  if (!kept || fresh.dataset.continues !== String(heldUpTo.get(kept.list))) return undefined;
  const { list } = kept;
  for (const item of [...fresh.children]) {
    // A placeholder ("nothing said yet") and the no-JavaScript end marker belong to a whole page only.
    if (item.id === "latest" || item.classList.contains("placeholder")) continue;
    list.append(document.adoptNode(item));
  }
  list.setAttribute(CONNECT, fresh.getAttribute(CONNECT) ?? "");
  return list;
}

let latest = 0;

/** Says why the tab did not switch, where the stream's state is told (connection.js clears it once the stream is back). */
function say(text) {
  const connection = document.getElementById("connection");
  if (connection) connection.textContent = text;
}

/**
 * Shows the view at `address` in this tab, and with `push` makes it a step of the tab's
 * history. Whatever is not a view's page (the session ended, a refusal) is loaded as a
 * page instead, for the browser to show as it is; no answer at all leaves the tab as it was.
 */
async function open(address, { push = false, picked = false } = {}) {
  const view = viewOf(address);
  const shown = document.getElementById("messages");
  if (!view || !shown) return location.assign(address);
  if (sameView(view, shown.dataset.view)) return;
  const ticket = ++latest;
  const kept = away.get(keyOf(view));
  let response;
  try {
    response = await fetch(kept ? `${address}?after=${heldUpTo.get(kept.list)}` : address, { credentials: "same-origin" });
  } catch {
    // No answer at all (the network is down): the tab stays as it is, and says why.
    if (ticket === latest) say(`Could not open ${view}: the connection is down. Try again in a moment.`);
    return;
  }
  // Another switch was asked for meanwhile: it wins.
  if (ticket !== latest || !shown.isConnected) return;
  if (!response.ok || response.redirected) return location.assign(address);
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  if (ticket !== latest || !shown.isConnected) return;
  const fresh = page.getElementById("messages");
  // A room the member is not in (any more) shows a Join form, not a list.
  if (!fresh) return location.assign(address);

  putAway(shown);
  const list = continued(kept, fresh) ?? document.adoptNode(fresh);
  away.delete(keyOf(view));
  list.removeAttribute("data-continues");
  heldUpTo.set(list, pageAfter(list));
  shown.replaceWith(list);
  if (list === kept?.list) list.scrollTop = kept.atEnd ? list.scrollHeight : kept.scrollTop;
  for (const id of REDRAWN) {
    const mine = document.getElementById(id);
    const theirs = page.getElementById(id);
    if (!mine || !theirs) continue;
    mine.replaceChildren(...[...theirs.childNodes].map((node) => document.adoptNode(node)));
    htmx.process(mine);
  }
  const to = document.querySelector('#composer input[name="to"]');
  if (to) to.value = list.dataset.view;
  if (push) history.pushState({ address: addressOf(list.dataset.view) }, "", addressOf(list.dataset.view));
  htmx.process(list, true);
  document.dispatchEvent(new CustomEvent("switchboard:view", { detail: { list, after: heldUpTo.get(list), picked } }));
}

function setUp() {
  const first = document.getElementById("messages");
  if (!first || typeof htmx === "undefined") return;
  heldUpTo.set(first, pageAfter(first));
  // The entry this page was loaded as (`/` too) is the view it shows, for back to return to.
  history.replaceState({ address: addressOf(first.dataset.view) }, "");
  document.addEventListener("htmx:sse:after:message", (event) => {
    const list = event.target;
    const id = Number(event.detail?.message?.id);
    if (list instanceof HTMLElement && id > (heldUpTo.get(list) ?? 0)) heldUpTo.set(list, id);
  });

  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest("li.view a[href]") : null;
    if (!(link instanceof HTMLAnchorElement) || link.origin !== location.origin || !viewOf(link.pathname)) return;
    event.preventDefault();
    open(link.pathname, { push: true, picked: true });
  });
  window.addEventListener("popstate", (event) => {
    const address = event.state?.address ?? location.pathname;
    if (viewOf(address)) open(address);
    else location.reload();
  });
  // A notification clicked (rooms.js).
  document.addEventListener("switchboard:open", (event) => open(event.detail.address, { push: true }));
  // A /join or /part typed in the box, or a room picked from the list of all rooms: the
  // server names the view this tab goes to (HX-Redirect), which opens here in place.
  document.addEventListener("htmx:after:request", (event) => {
    const redirect = event.detail?.ctx?.hx?.redirect;
    if (!redirect) return;
    const target = new URL(redirect, location.href);
    if (target.origin !== location.origin || !viewOf(target.pathname)) return;
    event.preventDefault();
    open(target.pathname, { push: true, picked: event.target instanceof Element && event.target.id === "room-switcher" });
  });
}

// Module scripts run once the document is parsed, before DOMContentLoaded.
setUp();
