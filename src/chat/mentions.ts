import type { ChatEvent } from "./events.ts";
import { sameNick } from "./people/nickname.ts";

/**
 * Whether `event` mentions `nick`: someone else's message or action holds the nickname as
 * a word, in any case (`alice: hi`, `@alice`). One rule for the terminals' hotlist and
 * highlight and the page's mention marks (public/lines.js is its copy in the browser).
 */
export function mentions(event: ChatEvent, nick: string): boolean {
  if ((event.kind !== "message" && event.kind !== "action") || !nick || sameNick(event.from, nick)) return false;
  // Runs once per recipient: most texts are ruled out without building a pattern.
  if (!event.text.toLowerCase().includes(nick.toLowerCase())) return false;
  const escaped = nick.replace(/[.\-]/g, "\\$&");
  return new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`, "i").test(event.text);
}
