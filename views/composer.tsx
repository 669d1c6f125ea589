/**
 * The input box. With htmx it posts in the background (204; app.js clears it and keeps
 * the focus; error answers are appended to the message list); without JavaScript it is a
 * plain form that reloads the page.
 */
export function Composer() {
  return (
    <form
      id="composer"
      method="post"
      action="/messages"
      hx-post="/messages"
      hx-target="#messages"
      hx-swap="beforeend"
      class="composer"
    >
      <label for="text" class="visually-hidden">
        Message
      </label>
      <input
        id="text"
        name="text"
        required
        autocomplete="off"
        autofocus
        placeholder="Message, or /help"
        enterkeyhint="send"
      />
      <button type="submit">Send</button>
    </form>
  );
}

/** Takes the place of the composer once the member has left or been disconnected. */
export function Rejoin() {
  return (
    <p id="composer" class="composer ended">
      You are no longer in the chat. <a href="/">Join again</a>
    </p>
  );
}
