import { nickHash } from "../src/chat/index.ts";

/** @jsxImportSource @kitajs/html */
/** How many nickname colours the stylesheet defines (`.nick-c0` … `.nick-c7`, light and dark). */
export const NICK_COLOURS = 8;

/**
 * The colour slot of a nickname (see `nickHash`). A class rather than a style attribute:
 * the CSP allows no inline styles.
 */
export function nickColour(nick: string): number {
  return nickHash(nick) % NICK_COLOURS;
}

/** A nickname in its colour. */
export function Nick({ nick }: { nick: string }) {
  return (
    <span class={`nick nick-c${nickColour(nick)}`} safe>
      {nick}
    </span>
  );
}
