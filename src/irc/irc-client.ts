import type { Member, Pending } from "../chat/index.ts";
import type { IrcContext, IrcUser } from "./irc-context.ts";
import type { IrcMessage } from "./irc-message.ts";

/**
 * What a handler of one line answers: done, done once the promise settles (the next line
 * waits: lines are answered in order), or "again in `retryInMs`": the member's rate is
 * spent, and the line waits its turn (fakelag, as IRC servers do) rather than being refused.
 */
export type Handled = void | Promise<unknown> | { readonly retryInMs: number };

/** One IRC connection as what answers its lines sees it (an `IrcConnection` is one). */
export interface IrcClient {
  /** The client's nickname, `*` until it has one. */
  nick: string;
  /** The IRCv3 capabilities it enabled. */
  readonly caps: Set<string>;
  readonly address: string;
  readonly context: IrcContext;
  /** Saying goodbye, or gone: nothing more is sent. */
  readonly closing: boolean;
  send(message: IrcMessage): void;
  /** Bytes already made (lines ending in CR LF), often one rendering shared by every client. */
  sendBytes(bytes: Uint8Array): void;
  /** `:server CODE nick params…`. */
  numeric(code: string, ...params: string[]): void;
  /** Says `ERROR :reason` and disconnects once it is out. */
  close(reason: string): void;
  /** The registration is done: `member` answers from now on. */
  joined(member: RegisteredClient): void;
}

/** A registered client, a member of the chat: what its commands are given (an `IrcMember` is one). */
export interface RegisteredClient {
  readonly client: IrcClient;
  readonly member: Member;
  readonly user: IrcUser;
  readonly nick: string;
  /** `nick!user@irc`. */
  readonly prefix: string;
  /** A refusal over the rate is waited out (fakelag); any other is `refused`'s to tell. */
  paced<T>(result: Pending<T>, refused: (message: string, code: string) => void): Handled;
  /** Runs one command line of the client's. */
  handle(message: IrcMessage): Handled;
  /** The client is going (QUIT, a closed socket, a flood): the member leaves the chat. */
  leave(reason: string): void;
  /** The socket is closed: the listener forgets its user. */
  release(): void;
}
