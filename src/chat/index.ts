/**
 * The chat as the transports and the entry point see it: the only module of `chat/` they
 * import. What is not here is the chat's own business, free to change without them.
 * (Stores and engines, `stores/`, `sqlite/` and `redis/`, implement the contracts they
 * name directly: `cluster/backend.ts`, `events.ts`, `result.ts`, `clock.ts`.)
 */
export { Chat } from "./chat.ts";
export type { Clock, Timer } from "./clock.ts";
export {
  emphasised,
  isConversation,
  roomOf,
  type ChatEvent,
  type Emphasis,
  type ClientTags,
  type ModerationEvent,
  type PrivateEvent,
  type RecordedEvent,
  type SystemEvent,
  type Transport,
} from "./events.ts";
export { mentions } from "./mentions.ts";
export { fail, ok, whenSettled, type ChatErrorCode, type Pending, type Result } from "./result.ts";
export { withoutControls, NOT_TEXT } from "./text.ts";

export { SHUTTING_DOWN, TOO_MANY_FROM_ADDRESS, type Seat } from "./admission/admission.ts";
export type { Command } from "./commands/command.ts";
export { COMMANDS } from "./commands/table.ts";
export type { ChatBackend } from "./cluster/backend.ts";
export type { FrameInlet, FrameOutlet } from "./cluster/frame-outlet.ts";
export { LocalBackend } from "./cluster/local-backend.ts";
export { accountStamp } from "./identity/account-stamp.ts";
export { holdsPassword, readIdentify, type Proof } from "./identity/proof.ts";
export { keyFingerprint } from "./identity/ssh-keys.ts";
export { describeModeration, describeTopic } from "./moderation/moderation-text.ts";
export type { Member, MemberSink } from "./people/member.ts";
export { nickHash, nickKey, sameNick, validateNick } from "./people/nickname.ts";
export { describeCrowd } from "./rooms/crowds.ts";
export { LOBBY, validateRoomName } from "./rooms/room-name.ts";
export { matchedRanges, type SearchResults } from "./search/search-query.ts";
export type { ConversationSummary } from "../stores/history-store.ts";
