import { holdsPassword } from "../chat/index.ts";
import type { EditKey, Key } from "./key-decoder.ts";
import { EMPTY_LINE, LineHistory, type HeldLine } from "./line-history.ts";
import { visibleWindow, type LineWindow } from "./line-window.ts";
import { NickCompletion, type NickCompletionOptions } from "./nick-completion.ts";

/** Which room a key asked to look at: the member's room of that number, or the next or previous one. */
export type RoomSwitch = number | "next" | "previous";

/** What the user asked for by editing: a finished line, to leave (Ctrl-D on an empty line), another room in view. */
export type EditorAction =
  | { readonly kind: "submit"; readonly line: string }
  | { readonly kind: "leave" }
  | { readonly kind: "switch"; readonly to: RoomSwitch };

/** The effect of some keys: terminal output that shows the new state, and what to do. */
export interface EditorResult {
  readonly output: string;
  readonly actions: EditorAction[];
}

export interface LineEditorOptions extends NickCompletionOptions {
  /** Longest line in UTF-8 bytes; typing past it is ignored. */
  readonly maxBytes: number;
  /** How many of the user's own lines Up and Down go through. */
  readonly historySize?: number;
  /**
   * Whether a line entered now is kept for Up and Down (always, when not given): a chat
   * line is, the answer to a question such as "Pick a nickname:" is not.
   */
  readonly remembers?: () => boolean;
  /** Whether the whole line may be a password (asked for one): its row shows stars. */
  readonly hides?: () => boolean;
}

/** Erases the row the cursor is on: the input line, which is always one row. */
export const CLEAR_LINE = "\r\x1b[K";

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const utf8Bytes = (text: string) => Buffer.byteLength(text, "utf8");

/**
 * The input line of a character-mode terminal: keys in, the bytes that show the result
 * out. It has no socket and no clock, so every behaviour can be tested by feeding keys.
 *
 * The line is kept as grapheme clusters, so a character and its combining marks, or an
 * emoji sequence, move and erase as one; columns come from `Bun.stringWidth` (CJK and
 * emoji take two). Input wider than the terminal scrolls sideways within one row, so
 * redrawing is always "carriage return, write, erase to end of line".
 */
export class LineEditor {
  #graphemes: string[] = [];
  /** `#graphemes` is also held by the history or the draft, so it is copied before it changes. */
  #shared = false;
  #cursor = 0;
  /** Index of the first grapheme shown (the line scrolls when it is wider than the row). */
  #scroll = 0;
  #bytes = 0;
  #prompt = "";
  #columns = 80;
  readonly #history: LineHistory;
  readonly #completion: NickCompletion;

  constructor(private readonly options: LineEditorOptions) {
    this.#history = new LineHistory(options.historySize ?? 50);
    this.#completion = new NickCompletion(options);
  }

  /** The line as typed so far. */
  get text(): string {
    return this.#graphemes.join("");
  }

  /**
   * Puts a line that was entered and refused back for editing, cursor at its end, and
   * true. Not when something has been typed since (one read can hold the next line too):
   * that is kept, and the refused line stays one Up away. Never a line holding a password:
   * the row shows it as stars, so the user cannot see it is there, and what they type next
   * would be glued to it unseen (`/register short/register bobsecret123`).
   */
  putBack(line: string): boolean {
    if (this.#graphemes.length > 0 || holdsPassword(line)) return false;
    // It is the line being edited again, so it is not also the newest history entry.
    this.#history.takeBack(line);
    this.#insert(line);
    return true;
  }

  /** Sets the prompt (already safe to print); shown from the next `render`. */
  setPrompt(prompt: string): void {
    this.#prompt = prompt;
  }

  /** Sets the terminal width (from NAWS); shown from the next `render`. */
  setColumns(columns: number): void {
    this.#columns = columns;
  }

  /**
   * Applies keys in order and returns the output that shows the result. A burst of keys
   * costs at most one redraw of the row, whatever it holds: a key only changes the line,
   * and the row is drawn once at the end (a client can send 60,000 Ctrl-L in one read).
   * Typing at the end of a line that still fits is echoed as just the typed text.
   */
  feed(keys: readonly Key[]): EditorResult {
    const actions: EditorAction[] = [];
    const scrollBefore = this.#scroll;
    this.#completion.newBurst();
    let typed = "";
    let redraw = false;
    for (const key of keys) {
      if (key.kind !== "tab") this.#completion.reset();
      if (key.kind === "window") {
        actions.push({ kind: "switch", to: key.number });
      } else if (key.kind !== "text") {
        redraw = this.#edit(key.kind, actions) || redraw;
      } else if (redraw || this.#cursor < this.#graphemes.length) {
        redraw = this.#insert(key.text) !== "" || redraw;
      } else {
        typed += this.#insert(key.text);
      }
    }
    if (!redraw && !typed) return { output: "", actions };
    const view = this.#view();
    // Only typing at the end happened: if the line did not scroll and still fits, echoing it
    // shows it all (but for a password, which the row shows as stars).
    if (!redraw && this.#scroll === scrollBefore && view.cursorColumn === view.width && this.#password() === undefined)
      return { output: typed, actions };
    return { output: this.#draw(view), actions };
  }

  /** The whole input row: prompt, the visible part of the line, the cursor in place. */
  render(): string {
    return this.#draw(this.#view());
  }

  /** Carriage return, prompt and line, erase the rest of the row, cursor back into place. */
  #draw(view: LineWindow): string {
    const back = view.width - view.cursorColumn;
    return `\r${this.#prompt}${view.text}\x1b[K${back > 0 ? `\x1b[${back}D` : ""}`;
  }

  /** Applies an editing key; true when it changed what the row shows. */
  #edit(key: EditKey, actions: EditorAction[]): boolean {
    switch (key) {
      case "enter": {
        const line = this.text;
        this.#remember(line);
        this.#replace(EMPTY_LINE);
        actions.push({ kind: "submit", line });
        return true;
      }
      case "eof":
        if (this.#graphemes.length === 0) {
          actions.push({ kind: "leave" });
          return false;
        }
        return this.#deleteAt(this.#cursor);
      case "backspace":
        if (this.#cursor === 0) return false;
        this.#cursor--;
        return this.#deleteAt(this.#cursor);
      case "delete":
        return this.#deleteAt(this.#cursor);
      case "left":
        return this.#moveTo(this.#cursor - 1);
      case "right":
        return this.#moveTo(this.#cursor + 1);
      case "home":
        return this.#moveTo(0);
      case "end":
        return this.#moveTo(this.#graphemes.length);
      case "up":
        return this.#browse(-1);
      case "down":
        return this.#browse(1);
      case "tab":
        return this.#complete();
      case "interrupt":
      case "clear-line":
        this.#history.stopBrowsing();
        this.#replace(EMPTY_LINE);
        return true;
      case "delete-word":
        return this.#deleteWord();
      case "kill-to-end":
        this.#splice(this.#cursor, this.#graphemes.length - this.#cursor, []);
        return true;
      case "redraw":
        return true;
      case "next-room":
      case "previous-room":
        // The line stays as typed: it is sent where the member looks when Enter is pressed.
        actions.push({ kind: "switch", to: key === "next-room" ? "next" : "previous" });
        return false;
    }
  }

  /** Inserts typed text at the cursor, as far as the byte limit allows; returns the text added. */
  #insert(text: string): string {
    // Re-segmented with the grapheme before the cursor, so a combining mark typed after
    // its letter joins it; a grapheme that takes no column on its own is not kept.
    const before = this.#cursor > 0 ? this.#graphemes[this.#cursor - 1]! : "";
    const start = before ? this.#cursor - 1 : this.#cursor;
    const fitting: string[] = [];
    let bytes = this.#bytes - utf8Bytes(before);
    for (const { segment } of segmenter.segment(before + text)) {
      if (Bun.stringWidth(segment) === 0) continue;
      bytes += utf8Bytes(segment);
      if (bytes > this.options.maxBytes) break;
      fitting.push(segment);
    }
    if (fitting.length === 0) return "";
    this.#splice(start, before ? 1 : 0, fitting);
    this.#cursor = start + fitting.length;
    return fitting.join("").slice(before.length);
  }

  #deleteAt(index: number): boolean {
    if (index >= this.#graphemes.length) return false;
    this.#splice(index, 1, []);
    return true;
  }

  #deleteWord(): boolean {
    let start = this.#cursor;
    while (start > 0 && /\s/.test(this.#graphemes[start - 1]!)) start--;
    while (start > 0 && !/\s/.test(this.#graphemes[start - 1]!)) start--;
    if (start === this.#cursor) return false;
    this.#splice(start, this.#cursor - start, []);
    this.#cursor = start;
    return true;
  }

  #moveTo(index: number): boolean {
    const clamped = Math.max(0, Math.min(this.#graphemes.length, index));
    if (clamped === this.#cursor) return false;
    this.#cursor = clamped;
    return true;
  }

  #browse(step: number): boolean {
    const line = this.#history.browse(step, this.#held);
    if (!line) return false;
    this.#replace(line);
    return true;
  }

  #complete(): boolean {
    const edit = this.#completion.tab(this.#graphemes, this.#cursor, this.#bytes);
    if (!edit) return false;
    this.#splice(edit.start, edit.deleteCount, edit.graphemes);
    this.#cursor = edit.start + edit.graphemes.length;
    return true;
  }

  #remember(line: string): void {
    // A password typed must never come back with Up.
    const remembers = (this.options.remembers?.() ?? true) && !holdsPassword(line);
    this.#history.entered(line, remembers, this.#held);
  }

  /**
   * The line, to keep in the history or as the draft; shared until it next changes. One
   * function for the editor's life, handed to the history: Up may be held down.
   */
  readonly #held = (): HeldLine => {
    this.#shared = true;
    return { graphemes: this.#graphemes, bytes: this.#bytes };
  };

  /** Replaces the whole line, cursor at its end. */
  #replace(line: HeldLine): void {
    // Shared, not copied: holding Up on a long history must not copy a line per key.
    this.#graphemes = line.graphemes as string[];
    this.#shared = true;
    this.#bytes = line.bytes;
    this.#cursor = this.#graphemes.length;
    this.#scroll = 0;
  }

  /**
   * Where a password starts in the line (after `/register `, `/identify `, `/password `),
   * or undefined: from there the row shows stars, for whoever looks over a shoulder.
   */
  #password(): number | undefined {
    if (this.options.hides?.()) return 0;
    if (!holdsPassword(this.#graphemes.slice(0, COMMAND_GRAPHEMES).join(""))) return undefined;
    const space = this.#graphemes.indexOf(" ", this.#graphemes.indexOf("/"));
    return space < 0 ? undefined : space + 1;
  }

  /** The one place the line changes in part, so its byte count stays exact. */
  #splice(start: number, deleteCount: number, items: readonly string[]): void {
    if (this.#shared) this.#graphemes = this.#graphemes.slice();
    this.#shared = false;
    const removed = this.#graphemes.splice(start, deleteCount, ...items);
    this.#bytes += utf8Bytes(items.join("")) - utf8Bytes(removed.join(""));
  }

  #view() {
    const available = Math.max(1, this.#columns - Bun.stringWidth(this.#prompt) - 1);
    const passwordFrom = this.#password();
    const shown = passwordFrom === undefined ? this.#graphemes : this.#graphemes.map((g, i) => (i >= passwordFrom ? "*" : g));
    const view = visibleWindow(shown, this.#cursor, this.#scroll, available);
    this.#scroll = view.scroll;
    return view;
  }
}

/** Graphemes of a command word, at most, looked at to tell a line that holds a password. */
const COMMAND_GRAPHEMES = 12;
