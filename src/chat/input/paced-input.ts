import type { Clock } from "../clock.ts";
import type { Member } from "../people/member.ts";
import { fail, ok, whenSettled, type Pending, type Result } from "../result.ts";
import { WaitingLines } from "./waiting-lines.ts";

/**
 * Lines that may wait their turn at once, and their size: a paste of a few dozen lines
 * goes through; past that a member is sending faster than anyone reads.
 */
const MAX_WAITING_LINES = 40;
const MAX_WAITING_BYTES = 16 * 1024;

/** What typed lines need of the chat. */
export interface InputHost {
  readonly clock: Clock;
  readonly msgRate: number;
  isHere(member: Member): boolean;
  /** Hands the line to the instance the member is connected to (a browser's POST may reach any). */
  relay(member: Member, line: string, to: string | undefined): Pending<unknown>;
  /** Runs a `/command` line, typed in view of `to` (see `input`). */
  command(member: Member, line: string, to: string | undefined): Pending<unknown>;
  /** Sends a message to `to`, else where the member's lines go now. */
  say(member: Member, text: string, to: string | undefined): Pending<unknown>;
  tell(member: Member, text: string, error: boolean): void;
  log(line: string): void;
}

/**
 * Every line a member types, in order: a `/command`, the classic `{quit}`, or a message.
 * For a member whose input is paced (a terminal), a line over the rate waits its turn and
 * goes out when the rate allows (irssi and ergo's "fakelag"), and so does every line
 * after it, so they keep their order.
 */
export class PacedInput {
  /** Members with lines waiting, and those lines; most members never have any. */
  readonly #waiting = new Map<Member, WaitingLines>();

  constructor(private readonly host: InputHost) {}

  /**
   * Handles one line. A refusal (a mistake, a limit) comes back as the result, for the
   * transport to show in its own way; a command's answers go to the member's sink as
   * system events. A paced line that waits is answered ok. `to` is where the line was
   * typed, when the client says (a page's room, `#dev`, or conversation, `@bob`); a line
   * that waits its turn goes where the member's lines go when its turn comes.
   */
  input(member: Member, line: string, to?: string): Pending<unknown> {
    const { host } = this;
    if (!host.isHere(member)) return fail("not-in-chat", "You are not in the chat.");
    if (!member.isLocal) return host.relay(member, line, to);
    if (line.trim()) member.typed(host.clock.now());
    const waiting = this.#waiting.get(member);
    if (waiting) return this.#wait(member, waiting, line);
    const result = this.#run(member, line, to);
    // A refusal for the rate is immediate, whatever the backend: it is decided here.
    if (member.pacesInput && isRateRefusal(result)) return this.#wait(member, this.#linesOf(member), line);
    return result;
  }

  #run(member: Member, line: string, to?: string): Pending<unknown> {
    const trimmed = line.trim();
    // Pressing Enter on an empty line is not a mistake worth an answer.
    if (!trimmed) return ok(undefined);
    if (trimmed === "{quit}") return this.host.command(member, "/quit", to);
    if (trimmed.startsWith("/") && !trimmed.startsWith("//")) return this.host.command(member, trimmed, to);
    // "//text" sends "/text" as a message.
    return this.host.say(member, trimmed.startsWith("//") ? trimmed.slice(1) : line, to);
  }

  #linesOf(member: Member): WaitingLines {
    let waiting = this.#waiting.get(member);
    if (!waiting) {
      waiting = new WaitingLines(MAX_WAITING_LINES, MAX_WAITING_BYTES);
      this.#waiting.set(member, waiting);
    }
    return waiting;
  }

  /** Puts a line behind those waiting, and has the first sent when the rate allows. */
  #wait(member: Member, waiting: WaitingLines, line: string): Result<unknown> {
    if (!waiting.push(line))
      return fail(
        "too-much-waiting",
        `Slow down: ${waiting.size} lines are still waiting to be sent at ${this.host.msgRate} a second; the rest were dropped.`,
      );
    this.#sendLater(member, waiting);
    return ok(undefined);
  }

  #sendLater(member: Member, waiting: WaitingLines): void {
    if (waiting.scheduled) return;
    waiting.scheduled = true;
    this.host.clock.after(member.bucket.msUntilToken(), () => {
      waiting.scheduled = false;
      try {
        this.#send(member, waiting);
      } catch (error) {
        this.host.log(`waiting lines of ${member.nick}: ${String(error)}`);
      }
    });
  }

  /** Sends the waiting lines in order, as far as the rate allows; answers their refusals on the sink. */
  #send(member: Member, waiting: WaitingLines): void {
    for (let line = waiting.peek(); line !== undefined; line = waiting.peek()) {
      // Gone (left, quit, kicked, shut down): what was still waiting goes with them.
      if (!this.host.isHere(member)) return void this.#waiting.delete(member);
      if (this.#waiting.get(member) !== waiting) return;
      const result = this.#run(member, line);
      if (isRateRefusal(result)) return this.#sendLater(member, waiting);
      waiting.shift();
      void whenSettled(result, (sent) => {
        if (!sent.ok) this.host.tell(member, sent.error.message, true);
      });
    }
    if (this.#waiting.get(member) === waiting) this.#waiting.delete(member);
  }
}

function isRateRefusal(result: Pending<unknown>): boolean {
  return !(result instanceof Promise) && !result.ok && result.error.code === "rate-limited";
}
