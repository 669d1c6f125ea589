// How the lines of a view's list look to their reader: local times, runs from one sender
// grouped under one name, day separators in the reader's time zone, and lines that name
// the reader marked. The server renders each line once for everybody; all of this is per
// reader, so it is done here.

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

/** Shows a <time datetime> in the reader's own time zone (the server writes UTC). */
export function localizeTime(time) {
  if (time.dataset.local) return;
  const date = new Date(time.getAttribute("datetime"));
  if (Number.isNaN(date.getTime())) return;
  time.textContent = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
  time.title = date.toLocaleString();
  time.dataset.local = "1";
}

export const sameNick = (a, b) => typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();

/** Whether `text` names `nick` as a word (nicknames are letters, digits, _ - and .). */
export function mentions(text, nick) {
  if (!nick) return false;
  const escaped = nick.replace(/[.\-]/g, "\\$&");
  return new RegExp(`(^|[^\\w-])@?${escaped}(?![\\w-])`, "i").test(text);
}

/** The reader's nickname, as the header shows it (a rename changes it). */
export const myNick = () => document.getElementById("me")?.textContent ?? "";

/** Lines of the conversation, as the server renders them (not "Load older", not day separators). */
export const isLine = (node) => node instanceof HTMLLIElement && node.classList.contains("event");
/** Day separators are this script's own. */
export const isDay = (node) => node instanceof HTMLLIElement && node.classList.contains("day");

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

/** Groups a line with the one before it, and marks it when it names the reader. */
export function decorate(item) {
  if (!isLine(item)) return;
  const time = item.querySelector("time[datetime]");
  if (time) localizeTime(time);
  const grouped = continuesRun(item);
  item.classList.toggle("grouped", grouped);
  item.classList.toggle("timed", grouped && instant(item) - instant(item.previousElementSibling) > TIME_GAP_MS);
  const me = myNick();
  if (item.dataset.from && !sameNick(item.dataset.from, me)) {
    const text = item.querySelector(".text")?.textContent ?? "";
    item.classList.toggle("mention", mentions(text, me));
  }
}

/**
 * Groups `line` and the lines after it again, as far as a change can reach: up to a line
 * that showed its name before and still does (what follows it counts from it).
 */
export function regroupFrom(line) {
  for (let at = line; isLine(at); at = at.nextElementSibling) {
    const was = at.classList.contains("grouped");
    decorate(at);
    if (!was && !at.classList.contains("grouped")) return;
  }
}

/** The nearest line before `item` that has a time. */
function datedBefore(item) {
  let at = item.previousElementSibling;
  while (at && (isDay(at) || Number.isNaN(instant(at)))) at = at.previousElementSibling;
  return at;
}

/** Puts a separator before `item` when it is the first line of its day in its list, and takes away one it no longer needs. */
export function separate(item) {
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
  if (item.parentElement) relabelDays(item.parentElement);
}

/** "Today" becomes "Yesterday" at midnight: labels are worked out again whenever a day is added or the tab comes back. */
export function relabelDays(list) {
  for (const day of list.querySelectorAll("li.day")) {
    const label = dayLabel(new Date(Number(day.dataset.at)));
    if (day.textContent !== label) day.textContent = label;
  }
}

/** How near its end a list may be scrolled and still count as showing it: it follows new lines from there. */
const NEAR_END_PX = 48;

/** Whether `list` is scrolled to (near) its end. */
export const showsItsEnd = (list) => list.scrollHeight - list.scrollTop - list.clientHeight < NEAR_END_PX;

/** The first line at or after `node`, past day separators. */
export function lineFrom(node) {
  let at = node;
  while (at && !isLine(at)) at = at.nextSibling;
  return at;
}
