import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { JoinPage } from "../../views/join-page.tsx";
import { chatPageHtml } from "./chat-page-html.ts";
import { page } from "./html.ts";
import { hostOf, joinPageFacts, type TerminalPorts } from "./join-page-facts.ts";
import { JOIN_REFUSED, refusal, UNREADABLE_FORM } from "./refusals.ts";
import { cursor, field, formOf } from "./request-input.ts";
import { SESSION_COOKIE, type RouteContext } from "./route-context.ts";

/** The page (the join form, or the chat once joined), joining, and leaving (SPEC §4). */
export function sessionRoutes(web: RouteContext, terminalPorts: () => TerminalPorts = () => ({})): Hono {
  const { chat, sessions } = web;
  const routes = new Hono();
  const factsFor = (c: Context) => joinPageFacts(chat, hostOf(web.browserOf(c).origin), terminalPorts());

  routes.get("/", async (c) => {
    const session = await web.sessionOf(c);
    const member = session?.member;
    if (!member) {
      if (getCookie(c, SESSION_COOKIE)) deleteCookie(c, SESSION_COOKIE, { path: "/" });
      // "Join again" after a kick or a leave (`/?nick=jill`): the form holds the nickname.
      return c.html(page(JoinPage({ nick: c.req.query("nick")?.slice(0, 64), facts: factsFor(c) })));
    }
    // The member's current room; without JavaScript, "Load older messages" is a plain link to this page.
    return c.html(chatPageHtml(chat, session, member, { room: member.room }, { before: cursor(c.req.query("before")) }));
  });

  routes.post("/join", async (c) => {
    if (await web.sessionOf(c)) return c.redirect("/", 303);
    const form = await formOf(c);
    if (!form) return refusal(c, 400, UNREADABLE_FORM);
    const nick = field(form, "nick") ?? "";
    const browser = web.browserOf(c);
    const joined = await sessions.join(nick, browser.address, field(form, "password") || undefined);
    if (!joined.ok) {
      const { code, message } = joined.error;
      const status = JOIN_REFUSED[code] ?? 400;
      const askPassword = code === "nick-owned" || code === "wrong-password";
      return c.html(page(JoinPage({ error: message, nick: nick.slice(0, 64), askPassword, facts: factsFor(c) })), status);
    }
    setCookie(c, SESSION_COOKIE, joined.value.token, {
      httpOnly: true,
      sameSite: "Lax",
      path: "/",
      secure: browser.secure,
    });
    return c.redirect("/", 303);
  });

  routes.post("/leave", async (c) => {
    const session = await web.sessionOf(c);
    const member = session?.member;
    if (session && member) await sessions.leave(session, member);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/", 303);
  });

  return routes;
}
