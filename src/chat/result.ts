/** Why the chat refused something. Codes are stable; messages are for people. */
export type ChatErrorCode =
  | "nick-invalid"
  | "nick-taken"
  | "server-full"
  | "shutting-down"
  | "too-many-from-address"
  | "message-empty"
  | "message-too-long"
  | "rate-limited"
  | "unknown-command"
  | "bad-arguments"
  | "no-such-nick"
  | "room-invalid"
  | "not-a-member"
  | "not-in-chat"
  | "history-unavailable"
  | "chat-paused"
  | "too-much-waiting"
  | "not-here"
  | "nick-owned"
  | "key-owned"
  | "wrong-password"
  | "banned"
  | "muted"
  | "not-allowed"
  | "store-unavailable";

/** A refusal as a value: the transport decides how to show it and whether it costs the connection. */
export interface ChatError {
  readonly code: ChatErrorCode;
  readonly message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ChatError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ChatErrorCode, message: string): Result<T> => ({
  ok: false,
  error: { code, message },
});
