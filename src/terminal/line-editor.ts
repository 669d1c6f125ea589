import { holdsPassword } from "../chat/identity/proof.ts";
import type { EditKey, Key } from "./key-decoder.ts";
import { visibleWindow, type LineWindow } from "./line-window.ts";

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
  /**
   * Whether a line entered now is kept for Up and Down (always, when not given): a chat
   * line is, the answer to a question such as "Pick a nickname:" is not.
   */
  readonly remembers?: () => boolean;
}

/** Erases the row the cursor is on: the input line, which is always one row. */
export const CLEAR_LINE = "\r\x1b[K";

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const utf8Bytes = (text: string) => Buffer.byteLength(text, "utf8");
const byName = new Intl.Collator("en", { sensitivity: "base" });

/** A line as the editor holds it: its graphemes, and their size in UTF-8. */
interface HeldLine {
  readonly graphemes: readonly string[];
  readonly bytes: number;
}

const EMPTY_LINE: HeldLine = { graphemes: [], bytes: 0 };

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
  /** `#graphemes` is also held by the history or the draft, so it is copied before it changes. */
  #shared = false;
  #cursor = 0;
  /** Index of the first grapheme shown (the line scrolls when it is wider than the row). */
  #scroll = 0;
  #bytes = 0;
  #prompt = "";
  #columns = 80;
  /** Kept as graphemes, so that browsing them with Up/Down never segments text again. */
  readonly #history: HeldLine[] = [];
  /** Position in `#history` while browsing with Up/Down; `#history.length` means the draft. */
  #historyIndex = 0;
  #draft = EMPTY_LINE;
  #completion: Completion | undefined;
  /** Tab has searched the room during this `feed`. */
  #searched = false;

  constructor(private readonly options: LineEditorOptions) {}

  /** The line as typed so far. */
  get text(): string {
    return this.#graphemes.join("");
  }

  /**
   * Puts a line that was entered and refused back for editing, cursor at its end, and
   * true. Not when something has been typed since (one read can hold the next line too):
   * that is kept, and the refused line stays one Up away.
   */
  putBack(line: string): boolean {
    if (this.#graphemes.length > 0) return false;
    // It is the line being edited again, so it is not also the newest history entry.
    if (this.#history.at(-1)?.graphemes.join("") === line) this.#history.pop();
    this.#historyIndex = this.#history.length;
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
    this.#searched = false;
    let typed = "";
    let redraw = false;
    for (const key of keys) {
      if (key.kind !== "tab") this.#completion = undefined;
      if (key.kind !== "text") {
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
    if (!redraw && this.#scroll === scrollBefore && view.cursorColumn === view.width && !this.#password())
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
        this.#historyIndex = this.#history.length;
        this.#replace(EMPTY_LINE);
        return true;
      case "delete-word":
        return this.#deleteWord();
      case "kill-to-end":
        this.#splice(this.#cursor, this.#graphemes.length - this.#cursor, []);
        return true;
      case "redraw":
        return true;
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
    const index = this.#historyIndex + step;
    if (index < 0 || index > this.#history.length) return false;
    if (this.#historyIndex === this.#history.length) this.#draft = this.#held();
    this.#historyIndex = index;
    this.#replace(index === this.#history.length ? this.#draft : this.#history[index]!);
    return true;
  }

  #complete(): boolean {
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
    const typed = this.#graphemes.slice(start, this.#cursor).join("");
    if (!typed) return false;
    // One search of the room per burst of keys: it may hold a thousand members, and a
    // paste a thousand Tabs. Further Tabs in a burst only cycle what was found.
    if (this.#searched) return false;
    this.#searched = true;
    const word = typed.toLowerCase();
    // A completion replaces the word, and must keep the line within the byte limit too.
    const room = this.options.maxBytes - (this.#bytes - utf8Bytes(typed)) - utf8Bytes(completionSuffix(start));
    const candidates = this.options
      .completions()
      .filter((nick) => nick.toLowerCase().startsWith(word) && utf8Bytes(nick) <= room)
      .sort(byName.compare);
    if (candidates.length === 0) return false;
    this.#splice(start, this.#cursor - start, []);
    this.#cursor = start;
    const completion: Completion = { start, candidates, index: 0, length: 0 };
    this.#completion = completion;
    return this.#insertCompletion(completion);
  }

  #insertCompletion(completion: Completion): boolean {
    const inserted = [...completion.candidates[completion.index]!, ...completionSuffix(completion.start)];
    this.#splice(completion.start, 0, inserted);
    this.#cursor = completion.start + inserted.length;
    completion.length = inserted.length;
    return true;
  }

  #remember(line: string): void {
    // A password typed must never come back with Up.
    const remembers = (this.options.remembers?.() ?? true) && !holdsPassword(line);
    if (remembers && line.trim() && this.#history.at(-1)?.graphemes.join("") !== line) this.#history.push(this.#held());
    const size = this.options.historySize ?? 50;
    if (this.#history.length > size) this.#history.splice(0, this.#history.length - size);
    this.#historyIndex = this.#history.length;
    this.#draft = EMPTY_LINE;
  }

  /** The line, to keep in the history or as the draft; shared until it next changes. */
  #held(): HeldLine {
    this.#shared = true;
    return { graphemes: this.#graphemes, bytes: this.#bytes };
  }

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
    if (!holdsPassword(this.#graphemes.slice(0, COMMAND_GRAPHEMES).join(""))) return undefined;
    const space = this.#graphemes.indexOf(" ", this.#graphemes.indexOf("/"));
    return space < 0 ? undefined : space + 1;
  }

  /** The one place the line changes in part, so its byte count stays exact. */
  #splice(start: number, deleteCount: number, items: string[]): void {
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

/** "nick: " addresses someone at the start of a line; elsewhere the name is just a word. */
function completionSuffix(start: number): string {
  return start === 0 ? ": " : " ";
}
