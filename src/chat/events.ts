/**
 * Everything that happens in a chat is one of these events. The union is closed:
 * each transport renders them with an exhaustive `switch`, so adding a kind is a
 * compile error everywhere it is not handled yet.
 */

/** Which kind of client a member is using. */
export type Transport = "telnet" | "ssh" | "web" | "irc";

/** Fields every recorded event has. `id` increases monotonically across the server. */
interface Recorded {
  /** Monotonic, unique across rooms; SSE uses it as the event id for resuming. */
  readonly id: number;
  /** Milliseconds since the epoch, from the chat's clock. */
  readonly at: number;
}

/** A line someone said in a room. */
export interface MessageEvent extends Recorded {
  readonly kind: "message";
  readonly room: string;
  readonly from: string;
  readonly text: string;
  /** Sent as an IRC NOTICE (a bot's way to say something nobody should answer automatically). */
  readonly notice?: true;
  readonly tags?: ClientTags;
}

/**
 * The client-only tags (IRCv3 message-tags: `+draft/reply`, `+draft/react`…) a sender's
 * IRC client attached to a message, passed on to the IRC clients that take them; the web
 * and terminals show nothing of them. At most 4,096 bytes as sent.
 */
export type ClientTags = Readonly<Record<string, string>>;

/** `/me waves`: an action in a room. */
export interface ActionEvent extends Recorded {
  readonly kind: "action";
  readonly room: string;
  readonly from: string;
  readonly text: string;
  readonly tags?: ClientTags;
}

/**
 * `/msg NICK TEXT`: seen only by the two members who exchanged it, in their conversation,
 * never in a room. It belongs to the people (their parties, see `Party`), not to the
 * nickname strings: whoever takes one of the names later never sees it.
 */
export interface PrivateEvent extends Recorded {
  readonly kind: "private";
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly sender: Party;
  readonly recipient: Party;
  /** Sent as an IRC NOTICE (see `MessageEvent.notice`). */
  readonly notice?: true;
  /** An action (`/me` in a conversation, IRC's CTCP ACTION): "* from text". */
  readonly action?: true;
  readonly tags?: ClientTags;
}

/** One side of a private message: who. */
export interface Party {
  /**
   * The party of its account (`accountParty`) when the member had proven an owned
   * nickname: the account's owner proved who they are, so it follows them to their next
   * connection. Else its `Member.id`, which a terminal's next connection does not have.
   */
  readonly id: string;
  /** Only in privates stored before conversations: the room it was shown in. No room shows it now. */
  readonly room?: string;
}

export interface JoinEvent extends Recorded {
  readonly kind: "join";
  readonly room: string;
  readonly nick: string;
  readonly transport: Transport;
  /** In a big room: not announced on its own, but in the room's next `CrowdEvent`. */
  readonly quiet?: true;
}

export interface LeaveEvent extends Recorded {
  readonly kind: "leave";
  readonly room: string;
  readonly nick: string;
  /** Why they left: "quit", a /quit reason, "kicked: ...", "moved to #x", ... */
  readonly reason: string;
  /** In a big room: not announced on its own, but in the room's next `CrowdEvent`. */
  readonly quiet?: true;
}

/**
 * Comings and goings of a big room over the last second, in one line: how many joined
 * and left, and the first few of each by name.
 */
export interface CrowdEvent extends Recorded {
  readonly kind: "crowd";
  readonly room: string;
  readonly joined: readonly string[];
  readonly joinedCount: number;
  readonly left: readonly string[];
  readonly leftCount: number;
}

export interface RenameEvent extends Recorded {
  readonly kind: "rename";
  readonly room: string;
  readonly from: string;
  readonly to: string;
}

/** An announcement from the server itself (console `say`, shutdown). Goes to everyone. */
export interface NoticeEvent extends Recorded {
  readonly kind: "notice";
  readonly text: string;
  /**
   * The rooms there were when it was said, whose history it belongs to: a room made later
   * never heard it. Undefined in notices stored before it was kept: those are every room's.
   */
  readonly rooms?: readonly string[];
}

/** What an operator (or the console) did to someone: one line in the room it concerns. */
export interface ModerationEvent extends Recorded {
  readonly kind: "moderation";
  readonly room: string;
  readonly action: ModerationAction;
  /** A nickname, or an address (a ban of an address). */
  readonly target: string;
  /** The operator's nickname, or `the console`. */
  readonly by: string;
  readonly reason?: string;
  /** When a ban or a mute ends (ms since the epoch); never when absent. */
  readonly until?: number;
  /** A ban of a member present: the address banned with the nickname (none for loopback). */
  readonly address?: string;
  /**
   * Not a line of its own: what an earlier one did, completed. A nickname banned from
   * one instance is connected to another, which alone knows its address and adds it.
   */
  readonly quiet?: true;
}

export type ModerationAction = "kick" | "ban" | "unban" | "mute" | "unmute" | "op" | "deop";

/** What the member list shows beside a member's name, beyond their transport (muted aside: see `ModerationEvent`). */
export interface MemberMarks {
  /** Their nickname is owned, and they proved it. */
  readonly registered?: true;
  readonly op?: true;
  /** Set by `/away REASON`. */
  readonly away?: string;
}

/**
 * A member's marks changed (registered, operator, away): pages redraw their entry, and
 * every instance lists them anew. Nothing is shown in a terminal, and it is not the
 * conversation. In `NO_ROOM` (""), it carries where a member in no room is (an IRC
 * client's arrival, rename or departure) to the other instances, and reaches no one.
 */
export interface StatusEvent extends Recorded {
  readonly kind: "status";
  readonly room: string;
  readonly nick: string;
  readonly marks: MemberMarks;
}

/** `/topic TEXT`: what a room is about, shown on entering it and in its header. Empty clears it. */
export interface TopicEvent extends Recorded {
  readonly kind: "topic";
  readonly room: string;
  readonly by: string;
  readonly topic: string;
}

/**
 * An answer to one member only (command output, errors). Not recorded: it has no id,
 * is not kept in history and is not replayed on reconnect.
 */
export interface SystemEvent {
  readonly kind: "system";
  readonly at: number;
  readonly text: string;
  /** Set when the line answers a mistake, so transports can show it as an error. */
  readonly error?: boolean;
  /** Parts of `text` to set apart, as [start, end) ranges (what a `/search` matched): bold on a terminal and IRC, marked on the page. */
  readonly emphasis?: Emphasis;
}

export type Emphasis = readonly (readonly [number, number])[];

/** `text` cut into pieces at `emphasis`'s ranges, each saying whether it is set apart. */
export function emphasised(text: string, emphasis: Emphasis = []): { readonly text: string; readonly marked: boolean }[] {
  const pieces: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const [start, end] of emphasis) {
    if (start < at || end > text.length) continue;
    if (start > at) pieces.push({ text: text.slice(at, start), marked: false });
    pieces.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length || pieces.length === 0) pieces.push({ text: text.slice(at), marked: false });
  return pieces;
}

/** Events that are kept in history and carry an id. */
export type RecordedEvent =
  | MessageEvent
  | ActionEvent
  | PrivateEvent
  | JoinEvent
  | LeaveEvent
  | CrowdEvent
  | RenameEvent
  | NoticeEvent
  | ModerationEvent
  | TopicEvent
  | StatusEvent;

export type ChatEvent = RecordedEvent | SystemEvent;

/** Recorded events without the fields the chat assigns when it records them. */
export type NewEvent = RecordedEvent extends infer E
  ? E extends RecordedEvent
    ? Omit<E, "id" | "at">
    : never
  : never;

/**
 * Whom one member's privates are filed under: its `Member.id`, and `party`, its account's,
 * once it proved an owned nickname. Both: what it exchanged before proving it (`/identify`
 * mid-connection) stays its own for as long as it is here.
 */
export interface Identities {
  readonly id: string;
  readonly party?: string;
}

/** The `Party` of what `who` sends now: its account's once it has one. */
export function partyOf(who: Identities): Party {
  return { id: who.party ?? who.id };
}

/** Whether `party` is one of `who`'s identities. */
export function isOneOf(party: Party, who: Identities): boolean {
  return party.id === who.id || party.id === who.party;
}

/** Someone looking at history: a member (its `Identities`) in a room, and every room it is in (`room` alone when absent). */
export interface Viewer extends Identities {
  readonly room: string;
  readonly rooms?: readonly string[];
}

/**
 * Whether `viewer`'s stream carries `event`: what is public in any of their rooms, and
 * their own privates (a private is in no room, but is delivered live).
 */
export function isVisibleTo(event: RecordedEvent, viewer: Viewer): boolean {
  if (event.kind === "private") return isPartyTo(event, viewer);
  const { rooms } = viewer;
  if (!rooms) return isPublicIn(event, viewer.room);
  for (const room of rooms) if (isPublicIn(event, room)) return true;
  return false;
}

/** Whether the member with identities `who` sent or received `event`. */
export function isPartyTo(event: PrivateEvent, who: Identities): boolean {
  return isOneOf(event.sender, who) || isOneOf(event.recipient, who);
}

/** Whether everyone in `room` sees `event`: the room's own events and notices, no privates. */
export function isPublicIn(event: RecordedEvent, room: string): boolean {
  if (event.kind === "private") return false;
  if (event.kind === "notice") return event.rooms?.includes(room) ?? true;
  const its = roomOf(event);
  return its === undefined || its === room;
}

/**
 * The room an event happened in; undefined for one that is not a room's: a notice (it
 * goes to every room) or a private message (it goes to two people wherever they are).
 */
export function roomOf(event: RecordedEvent): string | undefined {
  switch (event.kind) {
    case "message":
    case "action":
    case "join":
    case "leave":
    case "crowd":
    case "rename":
    case "moderation":
    case "topic":
    case "status":
      return event.room;
    case "notice":
    case "private":
      return undefined;
  }
}

/**
 * Whether an event is part of the conversation (what a newcomer or "load older" is shown),
 * as opposed to comings and goings, which only matter live or when resuming a stream. A
 * topic's change and a moderation line are: a newcomer sees why someone was kicked.
 */
export function isConversation(event: RecordedEvent): boolean {
  switch (event.kind) {
    case "message":
    case "action":
    case "private":
    case "notice":
    case "topic":
      return true;
    case "moderation":
      return event.quiet !== true;
    case "join":
    case "leave":
    case "crowd":
    case "rename":
    case "status":
      return false;
  }
}

/**
 * An event that reaches no one as a line: a join or leave told only in a room's next
 * `CrowdEvent` (a big room), or a moderation event completing an earlier one.
 */
export function isQuiet(event: ChatEvent): boolean {
  return (event.kind === "join" || event.kind === "leave" || event.kind === "moderation") && event.quiet === true;
}

