/**
 * What a chat member on a terminal needs from the session that carries it (a
 * `TerminalSession`, over a telnet socket or an SSH channel). Nothing in it is about a
 * protocol's bytes, so the member's half (`TerminalMember`) works over any stream that
 * has a terminal at the other end.
 */
export interface TerminalConnection {
  /**
   * The server edits the input line (telnet's character mode, an SSH pty), not the
   * client's terminal: the member's own lines are shown as the room shows them, and a
   * refused line can be put back for editing.
   */
  readonly editsLine: boolean;
  /** Colours for a member who has not chosen: on for a line editor on a terminal known to show them. */
  readonly coloursByDefault: boolean;
  /** The terminal's height in rows, when the client told it (telnet's NAWS, an SSH pty). */
  readonly rows: number | undefined;
  /** What `prompt()` shows changed: a line editor draws the input row again (soon, once). */
  promptChanged(): void;
  /** Writes complete lines, above the input row when the server edits it. Nothing once the connection is closing. */
  print(bytes: Uint8Array): void;
  /**
   * Shows a question whose answer is typed after it (the nickname prompt). Written out as
   * it is in line mode; a line editor draws the member's `prompt()` itself.
   */
  ask(question: Uint8Array): void;
  /** Puts a refused line back into the line editor, to be fixed and sent again; nothing without one. */
  putBack(line: string): void;
  /** Takes no more input and disconnects once what was printed has gone out. */
  end(): void;
  /** Disconnects at once, dropping unsent output: for a fault no handler is there to catch. */
  terminate(): void;
}
