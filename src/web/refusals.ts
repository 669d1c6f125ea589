import type { Context } from "hono";
import { JoinPage } from "../../views/join-page.tsx";
import { ErrorLine } from "../../views/message-item.tsx";
import { TOO_MANY_FROM_ADDRESS, type ChatErrorCode } from "../chat/index.ts";
import { html, page } from "./html.ts";
import { MAX_STREAMS_PER_SESSION, type StreamRefusal } from "./web-session.ts";

/** The statuses a refusal is answered with. */
export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503;

export const NOT_IN_CHAT = "You are not in the chat.";

/** A post to /messages without the message box's `text` field. */
export const NO_TEXT = "Nothing to send: the form has no text field.";

/** A body the form parser gave up on (a malformed multipart body); browsers never send one. */
export const UNREADABLE_FORM = "That form could not be read.";

/** Status of a refused join, by the chat's reason (400 for any other). */
export const JOIN_REFUSED: Partial<Record<ChatErrorCode, RefusalStatus>> = {
  "nick-invalid": 400,
  "nick-taken": 409,
  "server-full": 503,
  "shutting-down": 503,
  "too-many-from-address": 429,
  "chat-paused": 503,
  // A registered nickname without its password, or with a wrong one: the form asks for it.
  "nick-owned": 403,
  "key-owned": 403,
  "wrong-password": 403,
  banned: 403,
  "store-unavailable": 503,
};

/**
 * Status of a refused line (POST /messages), by the chat's reason. Anything not listed
 * is a mistake in what was typed (an unknown command, a bad argument, nothing left once
 * cleaned): 400.
 */
export const MESSAGE_REFUSED: Partial<Record<ChatErrorCode, RefusalStatus>> = {
  "rate-limited": 429,
  "message-too-long": 413,
  "no-such-nick": 404,
  "nick-taken": 409,
  "not-in-chat": 401,
  "shutting-down": 503,
  "history-unavailable": 503,
  "chat-paused": 503,
  muted: 403,
  "not-allowed": 403,
  "nick-owned": 403,
  "key-owned": 403,
  "wrong-password": 403,
  banned: 403,
  "store-unavailable": 503,
};

/** Status and reason of a refused event stream. */
export const STREAM_REFUSED: Record<StreamRefusal, readonly [RefusalStatus, string]> = {
  ended: [401, NOT_IN_CHAT],
  "too-many-streams": [
    429,
    `Too many open tabs: a browser may follow the chat in ${MAX_STREAMS_PER_SESSION} at once. Close one and reload this one.`,
  ],
  "too-many-from-address": [429, TOO_MANY_FROM_ADDRESS],
};

/**
 * A refusal. htmx requests get a message-list line (the composer and the stream append
 * what they receive to `#messages`), other clients a short page.
 */
export function refusal(c: Context, status: RefusalStatus, text: string): Response {
  if (c.req.header("HX-Request")) return c.html(html(ErrorLine({ text, rejoin: status === 401 })), status);
  return status === 401 ? c.html(page(JoinPage({ error: text })), status) : c.text(text, status);
}
