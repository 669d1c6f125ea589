import { Hono } from "hono";
import { LATEST } from "../../views/chat-page.tsx";
import { MessageList } from "../../views/message-list.tsx";
import { holdsPassword } from "../chat/index.ts";
import { chatPageHtml } from "./chat-page-html.ts";
import { html } from "./html.ts";
import { MESSAGE_REFUSED, NO_TEXT, NOT_IN_CHAT, refusal, UNREADABLE_FORM } from "./refusals.ts";
import { cursor, field, formOf } from "./request-input.ts";
import type { RouteContext } from "./route-context.ts";
import { parseView, viewAddress, viewName } from "./view.ts";
import { conversationLines, roomLines } from "./view-streams.ts";

/** A `to` that is neither a room nor a nickname. */
const BAD_TO = "Where to send it? The form's to field is neither a #room nor an @nickname.";

/** A line that may move the member to another room (`/join`, `/part`, `/leave`). */
function isMove(text: string): boolean {
  return /^\/(join|part|leave)\b/i.test(text.trim());
}

/** Older messages (`GET /history`) and a line sent from the page (`POST /messages`, SPEC §4). */
export function messageRoutes(web: RouteContext): Hono {
  const { chat } = web;
  const routes = new Hono();

  routes.get("/history", async (c) => {
    const member = (await web.sessionOf(c))?.member;
    if (!member) return refusal(c, 401, NOT_IN_CHAT);
    const view = parseView(c.req.query("view")) ?? { room: member.room };
    const { historyOnJoin } = chat.options;
    const before = cursor(c.req.query("before"));
    const events =
      view.room === undefined
        ? conversationLines(chat, member, view.nick, historyOnJoin, before)
        : member.isIn(view.room)
          ? roomLines(chat.recent(member, historyOnJoin, before, view.room))
          : [];
    return c.html(html(MessageList({ events, hasOlder: events.length >= historyOnJoin, view: viewName(view) })));
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
    const rawTo = field(form, "to")?.trim() || undefined;
    const to = parseView(rawTo);
    if (rawTo && !to) return refusal(c, 400, BAD_TO);
    const was = member.room;
    const result = await chat.input(member, text, to ? viewName(to) : undefined);
    // A /join or /part moved the member: the tab that typed it goes to the room it is in now.
    const moved = member.room !== was || (isMove(text) && member.room !== to?.room);
    const next = moved || !to ? viewAddress({ room: member.room }) : viewAddress(to);
    if (result.ok) {
      // Answers reach the page over the stream; the plain form reloads the view, at its newest line.
      if (!c.req.header("HX-Request")) return c.redirect(`${next}#${LATEST}`, 303);
      if (moved) c.header("HX-Redirect", next);
      return c.body(null, 204);
    }
    // The answer tells the truth: a line that will not be delivered gets no 2xx.
    const status = MESSAGE_REFUSED[result.error.code] ?? 400;
    const reason = result.error.message;
    if (c.req.header("HX-Request") || status === 401) return refusal(c, status, reason);
    // Without JavaScript the page comes back with the reason, and the line still in the box to
    // fix; but a password goes back into no page (a cache, a screenshot, someone behind you).
    const again = holdsPassword(text) ? "" : text;
    return c.html(chatPageHtml(chat, session, member, to ?? { room: member.room }, {}, { text: again, reason }), status);
  });

  return routes;
}
