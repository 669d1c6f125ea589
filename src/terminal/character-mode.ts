import { KeyDecoder, type EditKey } from "./key-decoder.ts";
import { CLEAR_LINE, LineEditor, type EditorAction, type LineEditorOptions, type RoomSwitch } from "./line-editor.ts";

/** What character mode needs from its connection. */
export interface CharacterModeHost {
  /** Queues bytes for the socket. */
  write(bytes: Uint8Array): void;
  /** The prompt to show now (it changes with the nickname), already safe to print. */
  prompt(): string;
}

export interface CharacterModeOptions extends LineEditorOptions {
  /** Bytes typed without an Enter after which the client is cut off (as in line mode). */
  readonly hardCap: number;
}

/** What typing asked for: the editor's actions, or an end to input that never ends a line. */
export type TypingAction = EditorAction | { readonly kind: "overflow"; readonly bytes: number };

/** Who gets what is typed: the connection's member (see `TerminalMember`). */
export interface TypingMember {
  line(text: string): void;
  quit(): void;
  /** Alt-1…9, Ctrl-N, Ctrl-P: another of the member's rooms in view. */
  switchRoom(to: RoomSwitch): void;
}

/**
 * Does what typing asked for, for any connection in character mode: finished lines and
 * Ctrl-D go to the member; input that never ends a line is `cutOff`. Stops as soon as
 * the connection is `closing` (a line may have ended it).
 */
export function actOnTyping(actions: readonly TypingAction[], member: TypingMember, cutOff: () => void, closing: () => boolean): void {
  for (const action of actions) {
    if (closing()) return;
    switch (action.kind) {
      case "submit":
        member.line(action.line);
        break;
      case "leave":
        member.quit();
        break;
      case "switch":
        member.switchRoom(action.to);
        break;
      case "overflow":
        cutOff();
        break;
    }
  }
}

const utf8 = new TextEncoder();
const CLEAR_LINE_BYTES = utf8.encode(CLEAR_LINE);
const CR = 0x0d;
const LF = 0x0a;

/**
 * A terminal whose client agreed to character mode: the server echoes and edits the
 * input line, and keeps it intact while output arrives. Output is printed above the
 * input row: the row is cleared once before a burst of output (one broadcast, a history
 * replay) and redrawn once after it, in a microtask, so the shared event bytes are
 * written untouched and only the small clear/redraw wrapper is this client's own.
 */
export class CharacterMode {
  readonly #utf8 = new TextDecoder("utf-8");
  readonly #keys = new KeyDecoder();
  readonly #editor: LineEditor;
  /** The input row is on screen as the editor last drew it. */
  #promptShown = false;
  #stopped = false;
  /** Bytes typed since the last Enter. */
  #sinceEnter = 0;
  /** A redraw of the prompt is queued (see `refreshPrompt`). */
  #refreshing = false;

  constructor(
    private readonly host: CharacterModeHost,
    private readonly options: CharacterModeOptions,
  ) {
    this.#editor = new LineEditor(options);
  }

  /** Shows the prompt and the line typed so far. */
  redraw(): void {
    if (this.#stopped) return;
    this.#promptShown = true;
    this.#editor.setPrompt(this.host.prompt());
    this.host.write(utf8.encode(this.#editor.render()));
  }

  /**
   * What the prompt shows changed (a room's activity, the room in view): the row is drawn
   * again once, after whatever else this turn prints, however many events changed it.
   */
  refreshPrompt(): void {
    if (this.#refreshing || !this.#promptShown) return;
    this.#refreshing = true;
    queueMicrotask(() => {
      this.#refreshing = false;
      if (this.#promptShown) this.redraw();
    });
  }

  /** The client's window width changed. */
  setColumns(columns: number): void {
    this.#editor.setColumns(columns);
    if (this.#promptShown) this.redraw();
  }

  /**
   * Typed bytes (UTF-8, split anywhere): edits and echoes the line; returns what the user
   * asked for. Past `hardCap` bytes without an Enter the rest is not typed: the line
   * editor keeps at most `maxBytes`, but the keys would still cost work without end.
   */
  type(bytes: Uint8Array): TypingAction[] {
    if (this.#sinceEnter > this.options.hardCap) return [];
    const within = this.#withinCap(bytes);
    const keys = this.#keys.feed(this.#utf8.decode(bytes.subarray(0, within), { stream: true }));
    const actions: TypingAction[] = this.#apply(this.#editor.feed(keys));
    if (within < bytes.length) actions.push({ kind: "overflow", bytes: this.#sinceEnter });
    return actions;
  }

  /** A key the telnet layer reported as a command (IAC IP, EC, EL). */
  press(key: EditKey): EditorAction[] {
    return this.#apply(this.#editor.feed([{ kind: key }]));
  }

  /** Puts a refused line back into the editor (see `LineEditor.putBack`). */
  putBack(line: string): void {
    if (this.#stopped || !this.#editor.putBack(line)) return;
    // While the row is cleared for output, the redraw that follows shows the line.
    if (this.#promptShown) this.redraw();
  }

  /** Writes complete lines above the input row, then puts the row back. */
  print(bytes: Uint8Array): void {
    if (this.#promptShown) {
      this.#promptShown = false;
      this.host.write(CLEAR_LINE_BYTES);
      queueMicrotask(() => {
        if (!this.#promptShown) this.redraw();
      });
    }
    this.host.write(bytes);
  }

  /** No more prompts: the connection is ending (its last lines go out through `print`). */
  stop(): void {
    this.#stopped = true;
  }

  /** How many of `bytes` keep the unfinished line within the hard cap (all of them, mostly). */
  #withinCap(bytes: Uint8Array): number {
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (byte === CR || byte === LF) this.#sinceEnter = 0;
      else if (++this.#sinceEnter > this.options.hardCap) return i;
    }
    return bytes.length;
  }

  #apply(result: { output: string; actions: EditorAction[] }): EditorAction[] {
    // While the row is cleared for output, the redraw that follows shows the edits.
    if (this.#promptShown && result.output) this.host.write(utf8.encode(result.output));
    return result.actions;
  }
}
