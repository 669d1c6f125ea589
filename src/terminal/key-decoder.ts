import { NOT_TEXT } from "../chat/index.ts";

/** An editing key, as the line editor understands it. */
export type EditKey =
  | "enter"
  | "backspace"
  | "delete"
  | "left"
  | "right"
  | "home"
  | "end"
  | "up"
  | "down"
  | "tab"
  | "interrupt"
  | "eof"
  | "clear-line"
  | "delete-word"
  | "kill-to-end"
  | "redraw";

/** One key press: printable text (a run of it, for a paste) or an editing key. */
export type Key = { readonly kind: "text"; readonly text: string } | { readonly kind: EditKey };

const ESC = "\x1b";

/** Control characters terminals send for editing keys (readline's bindings where they exist). */
const CONTROL_KEYS: Readonly<Record<string, EditKey>> = {
  "\x01": "home", // ^A
  "\x02": "left", // ^B
  "\x03": "interrupt", // ^C
  "\x04": "eof", // ^D
  "\x05": "end", // ^E
  "\x06": "right", // ^F
  "\x08": "backspace", // ^H
  "\x09": "tab",
  "\x0a": "enter", // LF: what a client without CR sends
  "\x0b": "kill-to-end", // ^K
  "\x0c": "redraw", // ^L
  "\x0d": "enter", // CR, followed by NUL or LF from telnet clients
  "\x0e": "down", // ^N
  "\x10": "up", // ^P
  "\x15": "clear-line", // ^U
  "\x17": "delete-word", // ^W
  "\x7f": "backspace", // DEL: what most terminals send for Backspace
};

/** Final bytes of ESC [ x and ESC O x sequences. */
const CURSOR_KEYS: Readonly<Record<string, EditKey>> = { A: "up", B: "down", C: "right", D: "left", H: "home", F: "end" };

/** ESC [ n ~ sequences (vt220 and xterm numbering). */
const TILDE_KEYS: Readonly<Record<string, EditKey>> = { "1": "home", "7": "home", "4": "end", "8": "end", "3": "delete" };

/** An escape sequence longer than this is garbage, not a key: it is dropped. */
const MAX_SEQUENCE = 16;

/**
 * Turns what a character-mode terminal sends (already decoded from UTF-8) into key
 * presses. Reads may split escape sequences and CR NUL / CR LF anywhere; unknown
 * sequences and stray control characters are dropped, so nothing raw reaches the line.
 */
export class KeyDecoder {
  /** An escape sequence in progress ("" when none). */
  #sequence = "";
  /** The previous character was CR: a following LF or NUL is part of the same Enter. */
  #afterCr = false;

  feed(input: string): Key[] {
    const keys: Key[] = [];
    let text = "";
    const push = (key: Key) => {
      if (text) keys.push({ kind: "text", text });
      text = "";
      keys.push(key);
    };
    for (const char of input) {
      const afterCr = this.#afterCr;
      this.#afterCr = char === "\r";
      if (this.#sequence === ESC && char !== "[" && char !== "O") {
        // ESC then something else (a lone Escape press, or Alt+key): the ESC is dropped.
        this.#sequence = "";
      }
      if (this.#sequence) {
        const key = this.#continueSequence(char);
        if (key) push({ kind: key });
        continue;
      }
      if (char === ESC) {
        this.#sequence = ESC;
      } else if (afterCr && (char === "\n" || char === "\0")) {
        continue;
      } else if (CONTROL_KEYS[char]) {
        push({ kind: CONTROL_KEYS[char] });
      } else if (!NOT_TEXT.test(char)) {
        text += char;
      }
      // Any other control character or bidi mark is dropped: the echo never carries one.
    }
    if (text) keys.push({ kind: "text", text });
    return keys;
  }

  /** Adds `char` to the escape sequence in progress; the key once it is complete. */
  #continueSequence(char: string): EditKey | undefined {
    const sequence = this.#sequence + char;
    if (sequence.length === 2) {
      this.#sequence = sequence;
      return undefined;
    }
    const code = char.charCodeAt(0);
    const isFinal = sequence[1] === "O" || (code >= 0x40 && code <= 0x7e);
    if (!isFinal) {
      this.#sequence = sequence.length < MAX_SEQUENCE ? sequence : "";
      return undefined;
    }
    this.#sequence = "";
    if (char === "~") return TILDE_KEYS[sequence.slice(2, -1).split(";")[0] ?? ""];
    return CURSOR_KEYS[char];
  }
}
