/** @jsxImportSource @kitajs/html */
import { escapeHtml } from "@kitajs/html";

/** A line the chat refused, put back for the member to fix or send again. */
export interface RefusedLine {
  /** What was typed. */
  text: string;
  /** Why it was refused. */
  reason: string;
}

/**
 * The input box. With htmx it posts in the background (204; page.js clears it and keeps
 * the focus; a refusal is appended to the message list and the box keeps the line);
 * without JavaScript it is a plain form that reloads the page, or comes back `refused`
 * with the reason by the box and the line in it.
 */
export function Composer({ refused, to }: { refused?: RefusedLine; to: string }) {
  return (
    <>
      {refused ? (
        // By the box, not at the end of the list: without JavaScript the list is not scrolled to its end.
        <p id="refusal" class="refusal error" role="alert" safe>
          {refused.reason}
        </p>
      ) : (
        ""
      )}
      <form
        id="composer"
        method="post"
        action="/messages"
        hx-post="/messages"
        hx-target="#messages"
        hx-swap="beforeend"
        class="composer"
      >
        {/* Where the line goes: the view of this tab, so two tabs each write to their own room (SPEC §4). */}
        <input type="hidden" name="to" value={escapeHtml(to)} />
        <label for="text" class="visually-hidden">
          Message
        </label>
        <input
          id="text"
          name="text"
          value={refused ? escapeHtml(refused.text) : undefined}
          required
          autocomplete="off"
          autofocus
          placeholder="Message, or /help"
          enterkeyhint="send"
          aria-invalid={refused ? "true" : undefined}
          aria-describedby={refused ? "refusal" : undefined}
        />
        <button type="submit">Send</button>
      </form>
    </>
  );
}

/** Where "Join again" goes: the join form, with the nickname `nick` already in it. */
export function rejoinHref(nick?: string): string {
  return nick ? `/?nick=${encodeURIComponent(nick)}` : "/";
}

/**
 * Takes the place of the composer once the member has left or been disconnected; "Join
 * again" brings `nick` back into the join form (a kicked member comes back as themselves).
 */
export function Rejoin({ nick }: { nick?: string }) {
  return (
    <p id="composer" class="composer ended">
      You are no longer in the chat. <a href={rejoinHref(nick)}>Join again</a>
    </p>
  );
}
