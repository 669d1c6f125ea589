import { KeyDecoder, type EditKey } from "./key-decoder.ts";
import { CLEAR_LINE, LineEditor, type EditorAction, type LineEditorOptions } from "./line-editor.ts";

/** What character mode needs from its session. */
export interface CharacterModeHost {
  /** Queues bytes for the socket. */
  write(bytes: Uint8Array): void;
  /** The prompt to show now (it changes with the nickname), already safe to print. */
  prompt(): string;
}

const utf8 = new TextEncoder();
const CLEAR_LINE_BYTES = utf8.encode(CLEAR_LINE);

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

  constructor(
    private readonly host: CharacterModeHost,
    options: LineEditorOptions,
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

  /** The client's window width changed. */
  setColumns(columns: number): void {
    this.#editor.setColumns(columns);
    if (this.#promptShown) this.redraw();
  }

  /** Typed bytes (UTF-8, split anywhere): edits and echoes the line; returns what the user asked for. */
  type(bytes: Uint8Array): EditorAction[] {
    const keys = this.#keys.feed(this.#utf8.decode(bytes, { stream: true }));
    return this.#apply(this.#editor.feed(keys));
  }

  /** A key the telnet layer reported as a command (IAC IP, EC, EL). */
  press(key: EditKey): EditorAction[] {
    return this.#apply(this.#editor.feed([{ kind: key }]));
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

  /** No more prompts: the session is ending (its last lines go out through `print`). */
  stop(): void {
    this.#stopped = true;
  }

  #apply(result: { output: string; actions: EditorAction[] }): EditorAction[] {
    // While the row is cleared for output, the redraw that follows shows the edits.
    if (this.#promptShown && result.output) this.host.write(utf8.encode(result.output));
    return result.actions;
  }
}
