// The state of the tab's stream, in words: "Reconnecting…" while htmx's hx-sse.js tries
// again, nothing once it is back, and a way to join again when the session ended while
// the tab was away (the server refuses the reconnect with 401). Only the stream of the
// list shown counts: views.js closes the stream of a view it puts away, which is no news.
import { myNick } from "./lines.js";

const RECONNECTING = "Connection lost. Reconnecting…";

function setUp() {
  if (!document.getElementById("messages")) return;
  const connection = document.getElementById("connection");
  /** Set once a reconnect is refused (the session ended while we were away). */
  let sessionGone = false;
  const say = (text) => {
    if (connection && connection.textContent !== text) connection.textContent = text;
  };
  const ofShown = (event) => event.target === document.getElementById("messages");
  document.addEventListener("htmx:sse:before:connection", (event) => {
    const attempt = event.detail?.connection?.attempt ?? 0;
    if (attempt === 0 || !ofShown(event)) return;
    if (sessionGone) event.detail.connection.cancelled = true;
    else say(RECONNECTING);
  });
  document.addEventListener("htmx:sse:after:connection", (event) => ofShown(event) && say(""));
  document.addEventListener("htmx:sse:error", (event) => {
    if (!ofShown(event)) return;
    if (event.detail?.status === 401) sessionGone = true;
    say(RECONNECTING);
  });
  document.addEventListener("htmx:sse:close", (event) => {
    if (!ofShown(event)) return;
    say("");
    if (sessionGone) showRejoin();
  });
  // Another view's stream starts afresh.
  document.addEventListener("switchboard:view", () => say(""));
}

/** The same as the server's closing frame (views/composer.tsx Rejoin, views/chat-page.tsx OutOfChat), for when the server could not send it. */
function showRejoin() {
  const composer = document.getElementById("composer");
  if (!(composer instanceof HTMLFormElement)) return;
  const nick = myNick();
  const ended = document.createElement("p");
  ended.id = "composer";
  ended.className = "composer ended";
  const link = document.createElement("a");
  link.href = nick ? `/?nick=${encodeURIComponent(nick)}` : "/";
  link.textContent = "Join again";
  ended.append("You are no longer in the chat. ", link);
  composer.replaceWith(ended);
  const whoami = document.getElementById("whoami");
  if (whoami) whoami.textContent = "Not in the chat";
  const side = document.getElementById("side");
  if (side) {
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent = "You are no longer in the chat: join again to see the rooms and who is here.";
    side.replaceChildren(side.querySelector("summary") ?? "", hint);
  }
}

// Module scripts run once the document is parsed, before DOMContentLoaded.
setUp();
