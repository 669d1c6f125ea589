/** @jsxImportSource @kitajs/html */
/** How many nickname colours the stylesheet defines (`.nick-c0` … `.nick-c7`, light and dark). */
export const NICK_COLOURS = 8;

/**
 * The colour slot of a nickname: FNV-1a of the lowercased nick, so a person keeps their
 * colour in every message, on every page and after a reload, whatever the case they type.
 * A class rather than a style attribute: the CSP allows no inline styles.
 */
export function nickColour(nick: string): number {
  let hash = 0x811c9dc5;
  for (const char of nick.toLowerCase()) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % NICK_COLOURS;
}

/** A nickname in its colour. */
export function Nick({ nick }: { nick: string }) {
  return (
    <span class={`nick nick-c${nickColour(nick)}`} safe>
      {nick}
    </span>
  );
}
