/**
 * Everything that happens in a chat is one of these events. The union is closed:
 * each transport renders them with an exhaustive `switch`, so adding a kind is a
 * compile error everywhere it is not handled yet.
 */

/** Which kind of client a member is using. */
export type Transport = "telnet" | "web";

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
}

/** `/me waves`: an action in a room. */
export interface ActionEvent extends Recorded {
  readonly kind: "action";
  readonly room: string;
  readonly from: string;
  readonly text: string;
}

/** `/msg NICK TEXT`: seen only by the sender and the recipient. */
export interface PrivateEvent extends Recorded {
  readonly kind: "private";
  readonly from: string;
  readonly to: string;
  readonly text: string;
}

export interface JoinEvent extends Recorded {
  readonly kind: "join";
  readonly room: string;
  readonly nick: string;
  readonly transport: Transport;
}

export interface LeaveEvent extends Recorded {
  readonly kind: "leave";
  readonly room: string;
  readonly nick: string;
  /** Why they left: "quit", a /quit reason, "kicked: ...", "moved to #x", ... */
  readonly reason: string;
}

export interface RenameEvent extends Recorded {
  readonly kind: "rename";
  readonly room: string;
  readonly from: string;
  readonly to: string;
}

/** An announcement from the server itself (console `say`, shutdown). Goes to every room. */
export interface NoticeEvent extends Recorded {
  readonly kind: "notice";
  readonly text: string;
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
}

/** Events that are kept in history and carry an id. */
export type RecordedEvent =
  | MessageEvent
  | ActionEvent
  | PrivateEvent
  | JoinEvent
  | LeaveEvent
  | RenameEvent
  | NoticeEvent;

export type ChatEvent = RecordedEvent | SystemEvent;

/** Recorded events without the fields the chat assigns when it records them. */
export type NewEvent = RecordedEvent extends infer E
  ? E extends RecordedEvent
    ? Omit<E, "id" | "at">
    : never
  : never;

/** Whether `nick` may see `event` if they are in `room` (privates only between the two). */
export function isVisibleTo(event: RecordedEvent, nick: string, room: string): boolean {
  switch (event.kind) {
    case "private":
      return sameNick(event.from, nick) || sameNick(event.to, nick);
    case "notice":
      return true;
    case "message":
    case "action":
    case "join":
    case "leave":
    case "rename":
      return event.room === room;
  }
}

/**
 * Whether an event is part of the conversation (what a newcomer or "load older" is shown),
 * as opposed to comings and goings, which only matter live or when resuming a stream.
 */
export function isConversation(event: RecordedEvent): boolean {
  switch (event.kind) {
    case "message":
    case "action":
    case "private":
    case "notice":
      return true;
    case "join":
    case "leave":
    case "rename":
      return false;
  }
}

/** Nicknames are unique case-insensitively. */
export function sameNick(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
