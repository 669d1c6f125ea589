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
  | "redraw"
  /** The next or previous of the member's rooms (Ctrl-N, Ctrl-P, as in irssi). */
  | "next-room"
  | "previous-room";

/**
 * One key press: printable text (a run of it, for a paste), an editing key, or Alt and a
 * digit: the member's room of that number (irssi's windows 1 to 9).
 */
export type Key =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: EditKey }
  | { readonly kind: "window"; readonly number: number };

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
  "\x0e": "next-room", // ^N (Up and Down go through the history)
  "\x10": "previous-room", // ^P
  "\x15": "clear-line", // ^U
  "\x17": "delete-word", // ^W
  "\x7f": "backspace", // DEL: what most terminals send for Backspace
};

/** Final bytes of ESC [ x and ESC O x sequences. */
const CURSOR_KEYS: Readonly<Record<string, EditKey>> = { A: "up", B: "down", C: "right", D: "left", H: "home", F: "end" };

/** ESC [ n ~ sequences (vt220 and xterm numbering). */
const TILDE_KEYS: Readonly<Record<string, EditKey>> = { "1": "home", "7": "home", "4": "end", "8": "end", "3": "delete" };

/** xterm's Alt modifier in `CSI 27 ; 3 ; code ~` (modifyOtherKeys) and `CSI code ; 3 u` (CSI u). */
const ALT_DIGIT = /^\x1b\[(?:27;3;(\d+)~|(\d+);3u)$/;

/** The room number Alt and `char` stand for (Alt-1 … Alt-9), or undefined. */
function windowOf(char: string | undefined): number | undefined {
  return char !== undefined && char >= "1" && char <= "9" ? Number(char) : undefined;
}

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
        // ESC then something else: Alt and a digit (a terminal's "meta sends escape"), or a
        // lone Escape press or another Alt+key, whose ESC is dropped.
        this.#sequence = "";
        const number = windowOf(char);
        if (number !== undefined) {
          push({ kind: "window", number });
          continue;
        }
      }
      if (this.#sequence) {
        const key = this.#continueSequence(char);
        if (key) push(key);
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
  #continueSequence(char: string): Key | undefined {
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
    const alt = ALT_DIGIT.exec(sequence);
    const number = alt && windowOf(String.fromCharCode(Number(alt[1] ?? alt[2])));
    if (number) return { kind: "window", number };
    const key = char === "~" ? TILDE_KEYS[sequence.slice(2, -1).split(";")[0] ?? ""] : CURSOR_KEYS[char];
    return key && { kind: key };
  }
}
