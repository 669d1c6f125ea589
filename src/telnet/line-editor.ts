import type { EditKey, Key } from "./key-decoder.ts";
import { visibleWindow } from "./line-window.ts";

/** What the user asked for by editing: a finished line, or to leave (Ctrl-D on an empty line). */
export type EditorAction = { readonly kind: "submit"; readonly line: string } | { readonly kind: "leave" };

/** The effect of some keys: terminal output that shows the new state, and what to do. */
export interface EditorResult {
  readonly output: string;
  readonly actions: EditorAction[];
}

export interface LineEditorOptions {
  /** Longest line in UTF-8 bytes; typing past it is ignored. */
  readonly maxBytes: number;
  /** Nicknames Tab may complete to (the others in the room). */
  readonly completions: () => readonly string[];
  /** How many of the user's own lines Up and Down go through. */
  readonly historySize?: number;
}

/** Erases the row the cursor is on: the input line, which is always one row. */
export const CLEAR_LINE = "\r\x1b[K";

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const utf8Bytes = (text: string) => Buffer.byteLength(text, "utf8");

/** Tab pressed again cycles through the candidates found by the first press. */
interface Completion {
  readonly start: number;
  readonly candidates: readonly string[];
  index: number;
  /** Graphemes the current candidate (and its suffix) occupies. */
  length: number;
}

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
  #cursor = 0;
  /** Index of the first grapheme shown (the line scrolls when it is wider than the row). */
  #scroll = 0;
  #bytes = 0;
  #prompt = "";
  #columns = 80;
  readonly #history: string[] = [];
  /** Position in `#history` while browsing with Up/Down; `#history.length` means the draft. */
  #historyIndex = 0;
  #draft = "";
  #completion: Completion | undefined;

  constructor(private readonly options: LineEditorOptions) {}

  /** The line as typed so far. */
  get text(): string {
    return this.#graphemes.join("");
  }

  /** Sets the prompt (already safe to print); shown from the next `render`. */
  setPrompt(prompt: string): void {
    this.#prompt = prompt;
  }

  /** Sets the terminal width (from NAWS); shown from the next `render`. */
  setColumns(columns: number): void {
    this.#columns = columns;
  }

  /** Applies keys in order and returns the output that shows the result. */
  feed(keys: readonly Key[]): EditorResult {
    let output = "";
    const actions: EditorAction[] = [];
    for (const key of keys) {
      if (key.kind !== "tab") this.#completion = undefined;
      output += key.kind === "text" ? this.#insert(key.text) : this.#edit(key.kind, actions);
    }
    return { output, actions };
  }

  /** The whole input row: prompt, the visible part of the line, the cursor in place. */
  render(): string {
    const view = this.#view();
    const back = view.width - view.cursorColumn;
    return `\r${this.#prompt}${view.text}\x1b[K${back > 0 ? `\x1b[${back}D` : ""}`;
  }

  #edit(key: EditKey, actions: EditorAction[]): string {
    switch (key) {
      case "enter": {
        const line = this.text;
        this.#remember(line);
        this.#replace("");
        actions.push({ kind: "submit", line });
        return this.render();
      }
      case "eof":
        if (this.#graphemes.length === 0) {
          actions.push({ kind: "leave" });
          return "";
        }
        return this.#deleteAt(this.#cursor);
      case "backspace":
        if (this.#cursor === 0) return "";
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
        this.#historyIndex = this.#history.length;
        this.#replace("");
        return this.render();
      case "delete-word":
        return this.#deleteWord();
      case "kill-to-end":
        this.#splice(this.#cursor, this.#graphemes.length - this.#cursor, []);
        return this.render();
      case "redraw":
        return this.render();
    }
  }

  /** Inserts typed text at the cursor, as far as the byte limit allows. */
  #insert(text: string): string {
    const atEnd = this.#cursor === this.#graphemes.length;
    const scrollBefore = this.#scroll;
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
    const view = this.#view();
    // The common case, typing at the end of a line that still fits: echo just the new text.
    if (atEnd && this.#scroll === scrollBefore && view.cursorColumn === view.width)
      return fitting.join("").slice(before.length);
    return this.render();
  }

  #deleteAt(index: number): string {
    if (index >= this.#graphemes.length) return "";
    this.#splice(index, 1, []);
    return this.render();
  }

  #deleteWord(): string {
    let start = this.#cursor;
    while (start > 0 && /\s/.test(this.#graphemes[start - 1]!)) start--;
    while (start > 0 && !/\s/.test(this.#graphemes[start - 1]!)) start--;
    if (start === this.#cursor) return "";
    this.#splice(start, this.#cursor - start, []);
    this.#cursor = start;
    return this.render();
  }

  #moveTo(index: number): string {
    const clamped = Math.max(0, Math.min(this.#graphemes.length, index));
    if (clamped === this.#cursor) return "";
    this.#cursor = clamped;
    return this.render();
  }

  #browse(step: number): string {
    const index = this.#historyIndex + step;
    if (index < 0 || index > this.#history.length) return "";
    if (this.#historyIndex === this.#history.length) this.#draft = this.text;
    this.#historyIndex = index;
    this.#replace(index === this.#history.length ? this.#draft : this.#history[index]!);
    return this.render();
  }

  #complete(): string {
    const current = this.#completion;
    if (current) {
      // Tab again: swap the candidate just inserted for the next one.
      current.index = (current.index + 1) % current.candidates.length;
      this.#splice(current.start, current.length, []);
      this.#cursor = current.start;
      return this.#insertCompletion(current);
    }
    let start = this.#cursor;
    while (start > 0 && !/\s/.test(this.#graphemes[start - 1]!)) start--;
    const word = this.#graphemes.slice(start, this.#cursor).join("").toLowerCase();
    if (!word) return "";
    const candidates = this.options
      .completions()
      .filter((nick) => nick.toLowerCase().startsWith(word))
      .sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }));
    if (candidates.length === 0) return "";
    this.#splice(start, this.#cursor - start, []);
    this.#cursor = start;
    const completion: Completion = { start, candidates, index: 0, length: 0 };
    this.#completion = completion;
    return this.#insertCompletion(completion);
  }

  #insertCompletion(completion: Completion): string {
    // "nick: " addresses someone at the start of a line; elsewhere the name is just a word.
    const suffix = completion.start === 0 ? ": " : " ";
    const inserted = [...completion.candidates[completion.index]!, ...suffix];
    this.#splice(completion.start, 0, inserted);
    this.#cursor = completion.start + inserted.length;
    completion.length = inserted.length;
    return this.render();
  }

  #remember(line: string): void {
    if (line.trim() && this.#history.at(-1) !== line) this.#history.push(line);
    const size = this.options.historySize ?? 50;
    if (this.#history.length > size) this.#history.splice(0, this.#history.length - size);
    this.#historyIndex = this.#history.length;
    this.#draft = "";
  }

  /** Replaces the whole line, cursor at its end. */
  #replace(text: string): void {
    this.#splice(0, this.#graphemes.length, [...segmenter.segment(text)].map((s) => s.segment));
    this.#cursor = this.#graphemes.length;
    this.#scroll = 0;
  }

  /** The one place the line changes, so its byte count stays exact. */
  #splice(start: number, deleteCount: number, items: string[]): void {
    const removed = this.#graphemes.splice(start, deleteCount, ...items);
    this.#bytes += utf8Bytes(items.join("")) - utf8Bytes(removed.join(""));
  }

  #view() {
    const available = Math.max(1, this.#columns - Bun.stringWidth(this.#prompt) - 1);
    const view = visibleWindow(this.#graphemes, this.#cursor, this.#scroll, available);
    this.#scroll = view.scroll;
    return view;
  }
}
