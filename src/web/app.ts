import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { JoinPage } from "../../views/join-page.tsx";
import { MessageList } from "../../views/message-list.tsx";
import { holdsPassword, type Chat } from "../chat/index.ts";
import { ArrivalTurns } from "../connections/arrival-turns.ts";
import { chatPageHtml } from "./chat-page-html.ts";
import { html, page } from "./html.ts";
import { renderMetrics } from "./metrics.ts";
import { JOIN_REFUSED, MESSAGE_REFUSED, NO_TEXT, NOT_IN_CHAT, refusal, STREAM_REFUSED, UNREADABLE_FORM } from "./refusals.ts";
import { cursor, field, formOf } from "./request-input.ts";
import { connections, routeContext, SESSION_COOKIE } from "./route-context.ts";
import { securityMiddleware } from "./security-middleware.ts";
import { loadStaticFiles, serveStatic } from "./static-files.ts";
import type { WebOptions } from "./web-options.ts";
import { WebSessions } from "./web-sessions.ts";

/**
 * Builds the web transport's routes (SPEC §4) without listening anywhere, so tests can
 * drive it with `app.request()`. `sessions` must be closed when the server stops.
 */
export function createApp(chat: Chat, options: WebOptions): { app: Hono; sessions: WebSessions } {
  const sessions = new WebSessions(chat, { ...options, store: options.sessionStore });
  const files = loadStaticFiles();
  const arrivals = options.arrivals ?? new ArrivalTurns();
  const web = routeContext(chat, sessions, options.trustProxy);
  const app = new Hono();
  // A page, a join or a stream opening waits its turn (arrival-turns.ts) before any work
  // is done for it, so that a storm of them does not stop the chat of everyone already in.
  // Each address in its turn: a flood from one does not hold the others back.
  // (First of all, as it works out who the browser is: see `routeContext`.)
  app.use(async (c, next) => {
    const browser = web.browserOf(c);
    if (isArrival(c.req.method, c.req.path)) await arrivals.turn(browser.address);
    await next();
  });
  app.use(...securityMiddleware(web.browserOf, options.maxBodyBytes));

  app.get("/", async (c) => {
    const session = await web.sessionOf(c);
    const member = session?.member;
    if (!member) {
      if (getCookie(c, SESSION_COOKIE)) deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.html(page(JoinPage({})));
    }
    // Without JavaScript, "Load older messages" is a plain link to this page.
    return c.html(chatPageHtml(chat, session, member, cursor(c.req.query("before"))));
  });

  app.post("/join", async (c) => {
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
      return c.html(page(JoinPage({ error: message, nick: nick.slice(0, 64), askPassword })), status);
    }
    setCookie(c, SESSION_COOKIE, joined.value.token, {
      httpOnly: true,
      sameSite: "Lax",
      path: "/",
      secure: browser.secure,
    });
    return c.redirect("/", 303);
  });

  app.post("/leave", async (c) => {
    const session = await web.sessionOf(c);
    const member = session?.member;
    if (session && member) await sessions.leave(session, member);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/", 303);
  });

  app.get("/events", async (c) => {
    // A stream brings its member to this instance, if another had it.
    const session = await web.sessionOf(c, true);
    if (!session) return refusal(c, 401, NOT_IN_CHAT);
    const after = cursor(c.req.header("Last-Event-ID")) ?? cursor(c.req.query("after"));
    const server = connections(c);
    // A reader cut off for lagging gets no more writes: a short idle timeout then closes
    // its connection once nothing moves (at once if it is stuck, after the backlog if slow).
    // (It holds the Request, not the whole Context with its methods, for the stream's life.)
    const request = c.req.raw;
    const dropConnection = server ? () => server.timeout(request, 1) : undefined;
    await caughtUpTo(chat, after);
    const opened = session.openStream(after, dropConnection);
    if (!opened.ok) return refusal(c, ...STREAM_REFUSED[opened.refusal]);
    // Bun's idle timeout would cut a quiet stream after ~10 s; the pings keep proxies happy.
    server?.timeout(request, 0);
    return opened.stream.response;
  });

  app.get("/history", async (c) => {
    const member = (await web.sessionOf(c))?.member;
    if (!member) return refusal(c, 401, NOT_IN_CHAT);
    const events = chat.recent(member, chat.options.historyOnJoin, cursor(c.req.query("before")));
    return c.html(html(MessageList({ events, hasOlder: events.length >= chat.options.historyOnJoin })));
  });

  app.post("/messages", async (c) => {
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
      // Answers reach the page over the stream; the plain form reloads the page.
      return c.req.header("HX-Request") ? c.body(null, 204) : c.redirect("/", 303);
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

  app.get("/healthz", (c) => {
    const { instance, link } = chat.backend;
    if (!link) return c.text("ok");
    // A balancer takes an instance that cannot reach Redis out of rotation, and says why.
    const state = `instance ${instance}\nredis ${link.up ? "up" : "down"} since ${new Date(link.since).toISOString()}\n`;
    return chat.paused ? c.text(`paused: ${chat.paused}\n${state}`, 503) : c.text(`ok\n${state}`);
  });

  app.get("/metrics", (c) =>
    c.body(renderMetrics(chat, sessions, arrivals), 200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" }),
  );

  for (const [path, file] of files) app.get(path, (c) => serveStatic(file, c.req.raw));

  return { app, sessions };
}

/** A newcomer, or a page coming back: the page itself, joining, or a stream opening (not its lines, nor its files). */
function isArrival(method: string, path: string): boolean {
  return method === "GET" ? path === "/" || path === "/events" : method === "POST" && path === "/join";
}

/**
 * Ids are shared by every instance, and a page's cursor may come from one that has read
 * further than this one: wait until this one has too (briefly), or it would send again,
 * as live events, what the page already has.
 */
async function caughtUpTo(chat: Chat, after: number | undefined): Promise<void> {
  for (let waited = 0; after !== undefined && after > chat.lastEventId && waited < CATCH_UP_MS; waited += 5) await chat.clock.sleep(5);
}

/** How long a stream waits for this instance to read up to its cursor (see `caughtUpTo`). */
const CATCH_UP_MS = 2000;
