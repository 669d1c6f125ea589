import { Chat } from "../../src/chat/chat.ts";
import { LocalBackend } from "../../src/chat/cluster/local-backend.ts";
import type { Command } from "../../src/chat/commands/command.ts";
import { COMMANDS } from "../../src/chat/commands/table.ts";
import type { ChatEvent, RecordedEvent, Transport } from "../../src/chat/events.ts";
import type { Proof } from "../../src/chat/identity/proof.ts";
import type { Member, MemberSink } from "../../src/chat/people/member.ts";
import type { Pending, Result } from "../../src/chat/result.ts";
import { MemoryAccounts } from "../../src/stores/memory-accounts.ts";
import { MemoryBans } from "../../src/stores/memory-bans.ts";
import { MemoryHistory } from "../../src/stores/memory-history.ts";
import { FakeClock } from "../helpers/fake-clock.ts";

/** An SSH public key line, and its fingerprint as `ssh-keygen -lf` prints it. */
export const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKawNUFu98cDlnpnRiRyLNM5DQAwxWEWIFv/58PrxUx3 test@example";
export const FINGERPRINT = "SHA256:uqIJt/AlO1UyjyWtpeEqk+iFfatWPrhAQLmTpG6czys";

/** A member sink that records what it was given, for driving the domain without sockets. */
export class FakeSink implements MemberSink {
  readonly events: ChatEvent[] = [];
  /** Each room entered, with the history it came with, and `seenUpTo` when it was there before. */
  readonly entered: { room: string; history: readonly RecordedEvent[]; seenUpTo?: number }[] = [];
  /** Each change of what the member looks at without joining (`MemberSink.viewing`). */
  readonly viewed: string[] = [];
  closedWith: string | undefined;
  /** Why the chat closed the sink, when not the member's doing ("shutdown", "moved"). */
  closedFor: "shutdown" | "moved" | undefined;

  enter(room: string, history: readonly RecordedEvent[], seenUpTo?: number): void {
    this.entered.push(seenUpTo === undefined ? { room, history } : { room, history, seenUpTo });
  }

  viewing(view: string): void {
    this.viewed.push(view);
  }

  deliver(event: ChatEvent): void {
    this.events.push(event);
  }

  close(reason: string, ending?: "shutdown" | "moved"): void {
    this.closedWith = reason;
    this.closedFor = ending;
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

/** The refusal's code, or "ok". */
export async function codeOf(pending: Pending<unknown>): Promise<string> {
  const result = await pending;
  return result.ok ? "ok" : result.error.code;
}

/** A chat alone, on memory stores and a fake clock, with the command table given; `join` joins a member at once (or throws why not). */
export function setup(options: ConstructorParameters<typeof Chat>[0] = {}, commands: readonly Command[] = COMMANDS) {
  const clock = new FakeClock();
  const chat = new Chat(options, new LocalBackend(new MemoryHistory()), clock, undefined, commands);
  const join = (nick: string, transport: Transport = "telnet", paceInput = false) => {
    const sink = new FakeSink();
    const result = tryJoin(chat, nick, transport, sink, paceInput);
    if (!result.ok) throw new Error(result.error.message);
    return { member: result.value, sink };
  };
  return { chat, clock, join };
}

/**
 * A chat whose accounts and bans outlive it (`restart` makes a new chat on the same
 * stores), for owned nicknames and moderation: joins may wait (a password is checked),
 * and come from the address given. The chat's log lines go to `log`.
 */
export function setupWithStores(options: ConstructorParameters<typeof Chat>[0] = {}, log: (line: string) => void = () => {}) {
  const clock = new FakeClock();
  const accounts = new MemoryAccounts();
  const bans = new MemoryBans();
  const make = (chosen = options) => new Chat(chosen, new LocalBackend(new MemoryHistory(), () => {}, accounts, bans), clock, log);
  let chat = make();
  const tryJoin = async (nick: string, proof?: Proof, transport: Transport = "telnet", address = "10.0.0.1") => {
    const seat = chat.admit(address);
    if (!seat.ok) return { result: seat as Result<Member>, sink: new FakeSink(), leave() {} };
    const sink = new FakeSink();
    const result = await chat.join({ nick, transport, seat: seat.value, proof }, sink);
    if (!result.ok) seat.value.release();
    /** Leaves and gives the seat back, as a transport does when the connection ends. */
    const leave = () => {
      if (result.ok) chat.leave(result.value, "quit");
      seat.value.release();
    };
    return { result, sink, leave };
  };
  const join = async (nick: string, proof?: Proof, transport?: Transport, address?: string) => {
    const { result, sink, leave } = await tryJoin(nick, proof, transport, address);
    if (!result.ok) throw new Error(result.error.message);
    return { member: result.value, sink, leave };
  };
  return {
    get chat() {
      return chat;
    },
    clock,
    tryJoin,
    join,
    /** A new chat on the same stores, with the options given (the same ones by default). */
    restart: (chosen = options) => (chat = make(chosen)),
  };
}
