import { Hono, type Context } from "hono";
import { chatPageHtml } from "./chat-page-html.ts";
import { NOT_IN_CHAT, refusal, UNREADABLE_FORM } from "./refusals.ts";
import { cursor, field, formOf } from "./request-input.ts";
import type { RouteContext } from "./route-context.ts";
import { conversationView, parseView, roomView, type View } from "./view.ts";

/** No such address: what follows /r/ is no room name, or /dm/ no nickname. */
const NO_SUCH_VIEW = "There is no such room or nickname: room names are 1–24 letters, digits, _ - or .";

/**
 * The addresses of views (SPEC §4): `GET /r/NAME`, a room; `GET /dm/NICK`, a conversation;
 * and `POST /read`, a tab telling that it has shown a view's lines to its reader.
 */
export function viewRoutes(web: RouteContext): Hono {
  const { chat } = web;
  const routes = new Hono();

  const show = async (c: Context, view: View | undefined) => {
    const session = await web.sessionOf(c);
    const member = session?.member;
    // Not joined: the join form, which then brings the browser to `/`.
    if (!session || !member) return c.redirect("/", 303);
    if (!view) return refusal(c, 404, NO_SUCH_VIEW);
    // The room a tab shows is the member's current one, as a terminal's window switch
    // makes it (a GET never joins: a room it is not in shows a Join form instead).
    if (view.room !== undefined && member.isIn(view.room) && member.isLocal) chat.moves.view(member, view.room);
    if (view.nick !== undefined) session.conversations.read(view.nick);
    return c.html(chatPageHtml(chat, session, member, view, { before: cursor(c.req.query("before")), after: cursor(c.req.query("after")) }));
  };
  routes.get("/r/:name", (c) => show(c, roomView(c.req.param("name"))));
  routes.get("/dm/:nick", (c) => show(c, conversationView(c.req.param("nick"))));

  routes.post("/read", async (c) => {
    const session = await web.sessionOf(c);
    const member = session?.member;
    if (!session || !member) return refusal(c, 401, NOT_IN_CHAT);
    const form = await formOf(c);
    if (!form) return refusal(c, 400, UNREADABLE_FORM);
    const view = parseView(field(form, "view"));
    if (!view) return refusal(c, 400, NO_SUCH_VIEW);
    if (view.nick !== undefined) session.conversations.read(view.nick);
    else if (member.isIn(view.room)) chat.moves.read(member, view.room, cursor(field(form, "upTo")));
    return c.body(null, 204);
  });

  return routes;
}
