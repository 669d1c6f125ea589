import { nickHash } from "../chat/index.ts";

/** How one member's terminal wants events drawn: the render variant it receives. */
export interface RenderStyle {
  /** ANSI colours (nicknames, notices, mentions) and the mention bell. */
  readonly colour: boolean;
  /** The `[HH:MM]` before each event. */
  readonly timestamps: boolean;
}

/** What line mode and nc get: plain text with times. */
export const PLAIN: RenderStyle = Object.freeze({ colour: false, timestamps: true });

/** Every style there is, made once: a style is looked up for each recipient of each event. */
const STYLES: readonly RenderStyle[] = [
  Object.freeze({ colour: false, timestamps: false }),
  PLAIN,
  Object.freeze({ colour: true, timestamps: false }),
  Object.freeze({ colour: true, timestamps: true }),
];

/** The shared style with these settings. */
export function renderStyle(colour: boolean, timestamps: boolean): RenderStyle {
  return STYLES[(colour ? 2 : 0) + (timestamps ? 1 : 0)]!;
}

/**
 * Foreground colours readable on dark and light backgrounds alike. Dark blue and the
 * greys are left out: on a black terminal they are hard to read.
 */
const NICK_COLOURS = [31, 32, 33, 35, 36, 91, 92, 93, 94, 95, 96];

/** SGR codes for the server's own kinds of text. */
export const SGR = {
  dim: "2",
  notice: "1;33",
  private: "1;35",
  mention: "1;7",
  system: "36",
  error: "31",
  bold: "1",
} as const;

/** Wraps `text` in an SGR attribute and resets it afterwards. */
export function paint(sgr: string, text: string): string {
  return `\x1b[${sgr}m${text}\x1b[0m`;
}

/** A nickname's colour: the same for a nickname everywhere and always (see `nickHash`). */
export function nickColour(nick: string): string {
  return String(NICK_COLOURS[nickHash(nick) % NICK_COLOURS.length]);
}

/** TTYPE names of terminals known to show ANSI colours (RFC 1091 names come in upper case). */
const COLOUR_TERMINALS = /^(xterm|screen|tmux|vt1\d\d|vt2\d\d|linux|ansi|rxvt|konsole|gnome|putty|cygwin|alacritty|kitty|foot|wezterm|st)(\b|-|$)/i;

/**
 * Whether a client in character mode gets colours unless it asks otherwise: yes, unless
 * its terminal type is known and is not one that shows them (e.g. "dumb").
 */
export function colourByDefault(terminalType: string | undefined): boolean {
  return terminalType === undefined || COLOUR_TERMINALS.test(terminalType);
}
