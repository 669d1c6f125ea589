import type { Chat } from "../../src/chat/chat.ts";
import type { ChatEvent, RecordedEvent, Transport } from "../../src/chat/events.ts";
import type { Member, MemberSink } from "../../src/chat/people/member.ts";
import type { Pending, Result } from "../../src/chat/result.ts";

/** A member sink that records what it was given, for driving the domain without sockets. */
export class FakeSink implements MemberSink {
  readonly events: ChatEvent[] = [];
  /** Each room entered, with the history it came with. */
  readonly entered: { room: string; history: readonly RecordedEvent[] }[] = [];
  closedWith: string | undefined;

  enter(room: string, history: readonly RecordedEvent[]): void {
    this.entered.push({ room, history });
  }

  deliver(event: ChatEvent): void {
    this.events.push(event);
  }

  close(reason: string): void {
    this.closedWith = reason;
  }

  /** Events of one kind, for assertions. */
  of<K extends ChatEvent["kind"]>(kind: K): Extract<ChatEvent, { kind: K }>[] {
    return this.events.filter((e): e is Extract<ChatEvent, { kind: K }> => e.kind === kind);
  }

  /** The text of the system lines this member was told. */
  get told(): string[] {
    return this.of("system").map((e) => e.text);
  }
}

/** Lets a client in and joins it as `nick`, as a transport would; the refusal of either step. */
export function tryJoin(
  chat: Chat,
  nick: string,
  transport: Transport = "telnet",
  sink: MemberSink = new FakeSink(),
  paceInput = false,
): Result<Member> {
  const seat = chat.admit("10.0.0.1");
  if (!seat.ok) return seat;
  const joined = immediate(chat.join({ nick, transport, seat: seat.value, paceInput }, sink));
  if (!joined.ok) seat.value.release();
  return joined;
}

/**
 * The answer of a chat call that, with a local backend, is immediate; throws if it is not
 * (a test that meant a local chat got a shared one).
 */
export function immediate<T>(pending: Pending<T>): Result<T> {
  if (pending instanceof Promise) throw new Error("expected an immediate answer from a local backend");
  return pending;
}
