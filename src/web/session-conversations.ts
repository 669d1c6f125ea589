import { sameNick, type RecordedEvent } from "../chat/index.ts";

type Private = RecordedEvent & { kind: "private" };

/** How many conversations a session counts unread lines for. */
const CONVERSATIONS_KEPT = 20;

/** One conversation as the page lists it: with whom, and what it has not read. */
export interface ConversationState {
  /** The other person's nickname as last seen in a line. */
  nick: string;
  unread: number;
}

/**
 * The private conversations a web session has had, newest first, with what it has not
 * read in them: the side panel lists them (and those the history has from before, see
 * `Chat.conversations`); `/dm/NICK` shows their lines from the history. They are kept
 * with the session (`StoredSession.conversations`): `changed` is told of every change.
 */
export class SessionConversations {
  #list: ConversationState[] = [];

  constructor(private readonly changed: () => void) {}

  /** Comes back with the conversations a kept session had (a restart, another instance). */
  restore(kept: readonly ConversationState[]): void {
    this.#list = kept.slice(0, CONVERSATIONS_KEPT).map(({ nick, unread }) => ({ nick, unread }));
  }

  /** Who the conversations are with, newest first. */
  get all(): readonly ConversationState[] {
    return this.#list;
  }

  /** The conversation with `nick`, if there is one. */
  with(nick: string): ConversationState | undefined {
    return this.#list.find((conversation) => sameNick(conversation.nick, nick));
  }

  /**
   * `event` was delivered to member `me`: it goes into its conversation, which comes
   * first. `seen` says a tab was showing that conversation (else it is unread).
   */
  add(event: Private, me: string, seen: boolean): void {
    const other = sameNick(event.from, me) ? event.to : event.from;
    const existing = this.with(other);
    const conversation = existing ?? { nick: other, unread: 0 };
    conversation.nick = other;
    // One's own lines are read.
    if (!seen && other === event.from) conversation.unread++;
    this.#list = [conversation, ...this.#list.filter((kept) => kept !== conversation)].slice(0, CONVERSATIONS_KEPT);
    this.changed();
  }

  /** The page shows the conversation with `nick`: nothing in it is unread. */
  read(nick: string): void {
    const conversation = this.with(nick);
    if (!conversation || conversation.unread === 0) return;
    conversation.unread = 0;
    this.changed();
  }
}
