import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import { secureHeaders } from "hono/secure-headers";
import { ChatPage } from "../../views/chat-page.tsx";
import type { RefusedLine } from "../../views/composer.tsx";
import { JoinPage } from "../../views/join-page.tsx";
import { MEMBERS_LISTED } from "../../views/member-list.tsx";
import { ErrorLine } from "../../views/message-item.tsx";
import { MessageList } from "../../views/message-list.tsx";
import { holdsPassword } from "../chat/identity/proof.ts";
import { type Chat, type Member } from "../chat/index.ts";
import { ArrivalTurns } from "../connections/arrival-turns.ts";
import type { RequestConnections } from "./hostless-request.ts";
import { html, page } from "./html.ts";
import { listedRooms } from "./listed-rooms.ts";
import { memberEntry } from "./member-entry.ts";
import { renderMetrics } from "./metrics.ts";
import {
  JOIN_REFUSED,
  MESSAGE_REFUSED,
  NO_TEXT,
  NOT_IN_CHAT,
  STREAM_REFUSED,
  UNREADABLE_FORM,
  type RefusalStatus,
} from "./refusals.ts";
import { loadStaticFiles, serveStatic } from "./static-files.ts";
import { browserSide, NO_PROXIES, type BrowserSide } from "./trusted-proxies.ts";
import type { WebOptions } from "./web-options.ts";
import type { WebSession } from "./web-session.ts";
import { WebSessions } from "./web-sessions.ts";

export const SESSION_COOKIE = "switchboard_session";

/**
 * Builds the web transport's routes (SPEC §4) without listening anywhere, so tests can
 * drive it with `app.request()`. `sessions` must be closed when the server stops.
 */
export function createApp(chat: Chat, options: WebOptions): { app: Hono; sessions: WebSessions } {
  const sessions = new WebSessions(chat, { ...options, store: options.sessionStore });
  const files = loadStaticFiles();
  const arrivals = options.arrivals ?? new ArrivalTurns();
  const app = new Hono();
  /**
   * Who sent the request and on what origin, as the browser sees it (behind a trusted
   * proxy, not the proxy). Worked out once, by the first middleware (the body limit
   * replaces a chunked request with a copy Bun has no connection for, and its address
   * would be lost: a banned address could then join).
   */
  const seen = new WeakMap<Context, BrowserSide>();
  const browserOf = (c: Context): BrowserSide => {
    let browser = seen.get(c);
    if (!browser) {
      browser = browserSide(c.req.raw, connections(c)?.requestIP(c.req.raw)?.address, options.trustProxy ?? NO_PROXIES);
      seen.set(c, browser);
    }
    return browser;
  };
  // A page, a join or a stream opening waits its turn (arrival-turns.ts) before any work
  // is done for it, so that a storm of them does not stop the chat of everyone already in.
  // Each address in its turn: a flood from one does not hold the others back.
  app.use(async (c, next) => {
    const browser = browserOf(c);
    if (isArrival(c.req.method, c.req.path)) await arrivals.turn(browser.address);
    await next();
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        // No inline scripts and no eval: behaviour lives in the page's own script file (public/), never in hx-on.
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      // Set below, only where it means something.
      strictTransportSecurity: false,
    }),
  );
  // HSTS over https only, and never for this machine's own names: there it would make the
  // browser use https for every http://localhost:* site, whatever serves it, for months.
  app.use(async (c, next) => {
    await next();
    const browser = browserOf(c);
    if (browser.secure && !isThisMachine(new URL(browser.origin).hostname)) c.res.headers.set("Strict-Transport-Security", HSTS);
  });
  // Behind a TLS-terminating proxy the request URL says http://: compare with what the browser sees.
  app.use(csrf({ origin: (origin, c) => origin === browserOf(c).origin }));
  app.use(
    bodyLimit({
      maxSize: options.maxBodyBytes,
      onError: (c) => failure(c, 413, "That was too long to send."),
    }),
  );

  /** The live session of the browser making the request. */
  const sessionOf = (c: Context) => sessions.get(getCookie(c, SESSION_COOKIE), browserOf(c).address);

  app.get("/", async (c) => {
    const session = await sessionOf(c);
    const member = session?.member;
    if (!member) {
      if (getCookie(c, SESSION_COOKIE)) deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.html(page(JoinPage({})));
    }
    // Without JavaScript, "Load older messages" is a plain link to this page.
    return c.html(chatPage(session, member, cursor(c.req.query("before"))));
  });

  app.post("/join", async (c) => {
    if (await sessionOf(c)) return c.redirect("/", 303);
    const form = await formOf(c);
    if (!form) return failure(c, 400, UNREADABLE_FORM);
    const nick = field(form, "nick") ?? "";
    const browser = browserOf(c);
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

  app.get("/events", async (c) => {
    // A stream brings its member to this instance, if another had it.
    const session = await sessions.get(getCookie(c, SESSION_COOKIE), browserOf(c).address, true);
    if (!session) return failure(c, 401, NOT_IN_CHAT);
    const after = cursor(c.req.header("Last-Event-ID")) ?? cursor(c.req.query("after"));
    const server = connections(c);
    // A reader cut off for lagging gets no more writes: a short idle timeout then closes
    // its connection once nothing moves (at once if it is stuck, after the backlog if slow).
    // (It holds the Request, not the whole Context with its methods, for the stream's life.)
    const request = c.req.raw;
    const dropConnection = server ? () => server.timeout(request, 1) : undefined;
    await caughtUpTo(after);
    const opened = session.openStream(after, dropConnection);
    if (!opened.ok) return failure(c, ...STREAM_REFUSED[opened.refusal]);
    // Bun's idle timeout would cut a quiet stream after ~10 s; the pings keep proxies happy.
    server?.timeout(request, 0);
    return opened.stream.response;
  });

  app.get("/history", async (c) => {
    const member = (await sessionOf(c))?.member;
    if (!member) return failure(c, 401, NOT_IN_CHAT);
    const events = chat.recent(member, chat.options.historyOnJoin, cursor(c.req.query("before")));
    return c.html(html(MessageList({ events, hasOlder: events.length >= chat.options.historyOnJoin })));
  });

  app.post("/messages", async (c) => {
    const session = await sessionOf(c);
    const member = session?.member;
    if (!session || !member) return failure(c, 401, NOT_IN_CHAT);
    const form = await formOf(c);
    if (!form) return failure(c, 400, UNREADABLE_FORM);
    const text = field(form, "text");
    // Not the page's form (JSON, a file, no field at all): a 2xx would claim it was sent.
    if (text === undefined) return failure(c, 400, NO_TEXT);
    const result = await chat.input(member, text);
    if (result.ok) {
      // Answers reach the page over the stream; the plain form reloads the page.
      return c.req.header("HX-Request") ? c.body(null, 204) : c.redirect("/", 303);
    }
    // The answer tells the truth: a line that will not be delivered gets no 2xx.
    const status = MESSAGE_REFUSED[result.error.code] ?? 400;
    const reason = result.error.message;
    if (c.req.header("HX-Request") || status === 401) return failure(c, status, reason);
    // Without JavaScript the page comes back with the reason, and the line still in the box to
    // fix; but a password goes back into no page (a cache, a screenshot, someone behind you).
    const again = holdsPassword(text) ? "" : text;
    return c.html(chatPage(session, member, undefined, { text: again, reason }), status);
  });

  app.post("/leave", async (c) => {
    const session = await sessionOf(c);
    const member = session?.member;
    if (session && member) await sessions.leave(session, member);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/", 303);
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

  /**
   * Ids are shared by every instance, and a page's cursor may come from one that has read
   * further than this one: wait until this one has too (briefly), or it would send again,
   * as live events, what the page already has.
   */
  async function caughtUpTo(after: number | undefined): Promise<void> {
    for (let waited = 0; after !== undefined && after > chat.lastEventId && waited < CATCH_UP_MS; waited += 5) await chat.clock.sleep(5);
  }

  /** The chat page as `member` sees it now, from `before` back; `refused` puts a refused line back in the box. */
  function chatPage(session: WebSession, member: Member, before?: number, refused?: RefusedLine): string {
    const events = chat.recent(member, chat.options.historyOnJoin, before);
    const inRoom = chat.membersOf(member.room);
    const now = chat.now();
    const members = inRoom.slice(0, MEMBERS_LISTED).map((someone) => memberEntry(someone, now));
    return page(
      ChatPage({
        nick: member.nick,
        room: member.room,
        topic: chat.topicOf(member.room)?.topic ?? "",
        events,
        answers: session.takeUnseen(),
        hasOlder: events.length >= chat.options.historyOnJoin,
        members,
        memberCount: inRoom.length,
        rooms: listedRooms(chat),
        after: chat.lastEventId,
        refused,
      }),
    );
  }

  /**
   * A refusal. htmx requests get a message-list line (the composer and the stream append
   * what they receive to `#messages`), other clients a short page.
   */
  function failure(c: Context, status: RefusalStatus, text: string): Response {
    if (c.req.header("HX-Request")) return c.html(html(ErrorLine({ text, rejoin: status === 401 })), status);
    return status === 401 ? c.html(page(JoinPage({ error: text })), status) : c.text(text, status);
  }
}

/** Bun's answers about the request's connection under Bun.serve; undefined under `app.request()`. */
function connections(c: Context): RequestConnections | undefined {
  return c.env as RequestConnections | undefined;
}

/**
 * The request's form fields, or undefined when its body cannot be read as the form it
 * says it is (Bun's parser throws on a malformed multipart body).
 */
async function formOf(c: Context): Promise<Record<string, unknown> | undefined> {
  try {
    return await c.req.parseBody();
  } catch {
    return undefined;
  }
}

/** A form field's text; undefined when it is missing or a file upload. */
function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === "string" ? value : undefined;
}

/** How long a stream waits for this instance to read up to its cursor (see `caughtUpTo`). */
const CATCH_UP_MS = 2000;

/** A newcomer, or a page coming back: the page itself, joining, or a stream opening (not its lines, nor its files). */
function isArrival(method: string, path: string): boolean {
  return method === "GET" ? path === "/" || path === "/events" : method === "POST" && path === "/join";
}

/** What Hono's secureHeaders would send: 180 days, subdomains too. */
const HSTS = "max-age=15552000; includeSubDomains";

/** `localhost` (and its subdomains) and loopback addresses, as a URL's hostname gives them. */
function isThisMachine(hostname: string): boolean {
  return hostname === "localhost" || hostname.endsWith(".localhost") || hostname.startsWith("127.") || hostname === "[::1]";
}

/** A non-negative event id from a header or query, or undefined. */
function cursor(raw: string | undefined): number | undefined {
  // Ids from a shared backend are large (they start at the epoch's time in µs), but safe integers.
  if (!raw || !/^\d{1,16}$/.test(raw.trim())) return undefined;
  const id = Number(raw.trim());
  return Number.isSafeInteger(id) ? id : undefined;
}
