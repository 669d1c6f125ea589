import { Hono } from "hono";
import { LATEST } from "../../views/chat-page.tsx";
import { MessageList } from "../../views/message-list.tsx";
import { holdsPassword } from "../chat/index.ts";
import { chatPageHtml } from "./chat-page-html.ts";
import { html } from "./html.ts";
import { MESSAGE_REFUSED, NO_TEXT, NOT_IN_CHAT, refusal, UNREADABLE_FORM } from "./refusals.ts";
import { cursor, field, formOf } from "./request-input.ts";
import type { RouteContext } from "./route-context.ts";

/** Older messages (`GET /history`) and a line sent from the page (`POST /messages`, SPEC §4). */
export function messageRoutes(web: RouteContext): Hono {
  const { chat } = web;
  const routes = new Hono();

  routes.get("/history", async (c) => {
    const member = (await web.sessionOf(c))?.member;
    if (!member) return refusal(c, 401, NOT_IN_CHAT);
    const events = chat.recent(member, chat.options.historyOnJoin, cursor(c.req.query("before")));
    return c.html(html(MessageList({ events, hasOlder: events.length >= chat.options.historyOnJoin })));
  });

  routes.post("/messages", async (c) => {
    const session = await web.sessionOf(c);
    const member = session?.member;
    if (!session || !member) return refusal(c, 401, NOT_IN_CHAT);
    const form = await formOf(c);
    if (!form) return refusal(c, 400, UNREADABLE_FORM);
    const text = field(form, "text");
    // Not the page's form (JSON, a file, no field at all): a 2xx would claim it was sent.
    if (text === undefined) return refusal(c, 400, NO_TEXT);
    const result = await chat.input(member, text);
    if (result.ok) {
      // Answers reach the page over the stream; the plain form reloads the page, at its newest line.
      return c.req.header("HX-Request") ? c.body(null, 204) : c.redirect(`/#${LATEST}`, 303);
    }
    // The answer tells the truth: a line that will not be delivered gets no 2xx.
    const status = MESSAGE_REFUSED[result.error.code] ?? 400;
    const reason = result.error.message;
    if (c.req.header("HX-Request") || status === 401) return refusal(c, status, reason);
    // Without JavaScript the page comes back with the reason, and the line still in the box to
    // fix; but a password goes back into no page (a cache, a screenshot, someone behind you).
    const again = holdsPassword(text) ? "" : text;
    return c.html(chatPageHtml(chat, session, member, undefined, { text: again, reason }), status);
  });

  return routes;
}
