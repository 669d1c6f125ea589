import { rmSync } from "node:fs";

/**
 * A real terminal for end-to-end tests: a detached tmux session running a command
 * (the Debian telnet client), driven with send-keys and read with capture-pane. Each
 * instance has its own tmux server (a unique -L socket), so tests never share state
 * with each other or with a user's tmux.
 */
export class TmuxTerminal {
  readonly #socket = `sbtest-${crypto.randomUUID().slice(0, 8)}`;
  #socketPath = "";

  private constructor() {}

  /** Starts `command` in a `columns` x `rows` terminal. */
  static start(command: string, columns = 100, rows = 30): TmuxTerminal {
    const terminal = new TmuxTerminal();
    // -f /dev/null: no user configuration; the session runs the command directly.
    terminal.#tmux(["-f", "/dev/null", "new-session", "-d", "-x", String(columns), "-y", String(rows), command]);
    terminal.#socketPath = terminal.#tmux(["display-message", "-p", "#{socket_path}"]).trim();
    return terminal;
  }

  /** Types `text` literally, character by character as a user would. */
  type(text: string): void {
    this.#tmux(["send-keys", "-l", text]);
  }

  /** Presses keys by tmux name: Enter, Left, BSpace, Tab, C-c, C-d, ... */
  press(...keys: string[]): void {
    this.#tmux(["send-keys", ...keys]);
  }

  /** Makes the window `columns` wide (the program inside is told, as by a resized terminal window). */
  resize(columns: number, rows = 30): void {
    this.#tmux(["resize-window", "-x", String(columns), "-y", String(rows)]);
  }

  /** The visible screen as text, one line per row, trailing blanks trimmed. */
  screen(): string {
    return this.#tmux(["capture-pane", "-p"]);
  }

  /** The last row that has anything on it: where the prompt sits. */
  promptRow(): string {
    return this.screen().trimEnd().split("\n").at(-1) ?? "";
  }

  /** The cursor's column (0-based). */
  cursorColumn(): number {
    return Number(this.#tmux(["display-message", "-p", "#{cursor_x}"]).trim());
  }

  /** Whether the command is still running (tmux ends the session when it exits). */
  isRunning(): boolean {
    return Bun.spawnSync(["tmux", "-L", this.#socket, "has-session"], { stderr: "ignore" }).exitCode === 0;
  }

  /** Polls the screen until `check` holds; fails with the screen in the message. */
  async waitFor(what: string, check: (terminal: TmuxTerminal) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check(this)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${this.isRunning() ? this.screen() : "(exited)"}`);
      await Bun.sleep(20);
    }
  }

  /** Ends the session and its tmux server, and removes its socket file. Safe to call more than once. */
  kill(): void {
    Bun.spawnSync(["tmux", "-L", this.#socket, "kill-server"], { stderr: "ignore" });
    // tmux leaves the socket file behind after kill-server.
    if (this.#socketPath) rmSync(this.#socketPath, { force: true });
  }

  #tmux(args: string[]): string {
    const result = Bun.spawnSync(["tmux", "-L", this.#socket, ...args], { stderr: "pipe" });
    if (result.exitCode !== 0) throw new Error(`tmux ${args[0]} failed: ${result.stderr.toString().trim()}`);
    return result.stdout.toString();
  }
}

/** The binaries in `names` that are not installed, so a test can skip and say why. */
export function missingBinaries(...names: string[]): string[] {
  return names.filter((name) => !Bun.which(name));
}
