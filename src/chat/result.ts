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
  | "too-many-rooms"
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
  | "store-unavailable"
  | "too-large";

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

/**
 * An answer that is ready now (this process alone decides) or later (instances agree
 * through a shared store first). The type says which calls may wait on the network.
 */
export type Pending<T> = Result<T> | Promise<Result<T>>;

/** Runs `next` on the answer once it is there: at once when it already is. */
export function whenSettled<T, U>(pending: Pending<T>, next: (result: Result<T>) => U): U | Promise<U> {
  return pending instanceof Promise ? pending.then(next) : next(pending);
}

/** Runs `next` on the value once it is there, and passes a refusal through: steps that may each wait, in a chain. */
export function andThen<T, U>(pending: Pending<T>, next: (value: T) => Pending<U>): Pending<U> {
  if (pending instanceof Promise) return pending.then((result) => (result.ok ? next(result.value) : (result as Result<never>)));
  return pending.ok ? next(pending.value) : (pending as Result<never>);
}
