import type { Server } from "bun";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import { secureHeaders } from "hono/secure-headers";
import type { Chat } from "../chat/chat.ts";
import type { ChatErrorCode } from "../chat/errors.ts";
import { ChatPage } from "../../views/chat-page.tsx";
import { JoinPage } from "../../views/join-page.tsx";
import { ErrorLine } from "../../views/message-item.tsx";
import { MessageList } from "../../views/message-list.tsx";
import { html, page } from "./html.ts";
import { listedRooms } from "./listed-rooms.ts";
import { renderMetrics } from "./metrics.ts";
import type { WebOptions } from "./server.ts";
import { loadStaticFiles, serveStatic } from "./static-files.ts";
import { WebSessions } from "./web-sessions.ts";

export const SESSION_COOKIE = "switchboard_session";

/** Status of a refused join, by the chat's reason. */
const JOIN_REFUSED: Partial<Record<ChatErrorCode, 400 | 409 | 429 | 503>> = {
  "nick-invalid": 400,
  "nick-taken": 409,
  "server-full": 503,
  "shutting-down": 503,
  "too-many-from-address": 429,
};

/**
 * Builds the web transport's routes (SPEC §4) without listening anywhere, so tests can
 * drive it with `app.request()`. `sessions` must be closed when the server stops.
 */
export function createApp(chat: Chat, options: WebOptions): { app: Hono; sessions: WebSessions } {
  const sessions = new WebSessions(chat, options);
  const files = loadStaticFiles();
  const app = new Hono();

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        // No inline scripts and no eval: behaviour lives in /app.js, never in hx-on.
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    }),
  );
  app.use(csrf());
  app.use(
    bodyLimit({
      maxSize: options.maxBodyBytes,
      onError: (c) => failure(c, 413, "That was too long to send."),
    }),
  );

  /** The live session of the browser making the request. */
  const sessionOf = (c: Context) => sessions.get(getCookie(c, SESSION_COOKIE));

  app.get("/", (c) => {
    const session = sessionOf(c);
    const member = session?.member;
    if (!member) {
      if (getCookie(c, SESSION_COOKIE)) deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.html(page(JoinPage({})));
    }
    // Without JavaScript, "Load older messages" is a plain link to this page.
    const before = cursor(c.req.query("before"));
    const events = chat.recent(member, chat.options.historyOnJoin, before);
    const members = chat.membersOf(member.room).map(({ nick, transport }) => ({ nick, transport }));
    return c.html(
      page(
        ChatPage({
          nick: member.nick,
          room: member.room,
          events,
          answers: session.takeUnseen(),
          hasOlder: events.length >= chat.options.historyOnJoin,
          members,
          rooms: listedRooms(chat),
          after: chat.lastEventId,
        }),
      ),
    );
  });

  app.post("/join", async (c) => {
    if (sessionOf(c)) return c.redirect("/", 303);
    const nick = field(await c.req.parseBody(), "nick");
    const joined = sessions.join(nick, clientAddress(c));
    if (!joined.ok) {
      const status = JOIN_REFUSED[joined.error.code] ?? 400;
      return c.html(page(JoinPage({ error: joined.error.message, nick: nick.slice(0, 64) })), status);
    }
    setCookie(c, SESSION_COOKIE, joined.value.token, {
      httpOnly: true,
      sameSite: "Lax",
      path: "/",
      secure: new URL(c.req.url).protocol === "https:",
    });
    return c.redirect("/", 303);
  });

  app.get("/events", (c) => {
    const session = sessionOf(c);
    if (!session) return failure(c, 401, "You are not in the chat.");
    // Bun's idle timeout would cut a quiet stream after ~10 s; the pings keep proxies happy.
    const server = bunServer(c);
    server?.timeout(c.req.raw, 0);
    const after = cursor(c.req.header("Last-Event-ID")) ?? cursor(c.req.query("after"));
    // A reader cut off for lagging gets no more writes: a short idle timeout then closes
    // its connection once nothing moves (at once if it is stuck, after the backlog if slow).
    // (It holds the Request, not the whole Context with its methods, for the stream's life.)
    const request = c.req.raw;
    const dropConnection = server ? () => server.timeout(request, 1) : undefined;
    const stream = session.openStream(after, dropConnection);
    return stream ? stream.response : failure(c, 401, "You are not in the chat.");
  });

  app.get("/history", (c) => {
    const member = sessionOf(c)?.member;
    if (!member) return failure(c, 401, "You are not in the chat.");
    const events = chat.recent(member, chat.options.historyOnJoin, cursor(c.req.query("before")));
    return c.html(html(MessageList({ events, hasOlder: events.length >= chat.options.historyOnJoin })));
  });

  app.post("/messages", async (c) => {
    const member = sessionOf(c)?.member;
    if (!member) return failure(c, 401, "You are not in the chat.");
    chat.input(member, field(await c.req.parseBody(), "text"));
    // Answers and errors reach the page over the stream; the plain form reloads the page.
    return c.req.header("HX-Request") ? c.body(null, 204) : c.redirect("/", 303);
  });

  app.post("/leave", (c) => {
    const session = sessionOf(c);
    const member = session?.member;
    if (session && member) sessions.leave(session, member);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/", 303);
  });

  app.get("/healthz", (c) => c.text("ok"));

  app.get("/metrics", (c) =>
    c.body(renderMetrics(chat, sessions), 200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" }),
  );

  for (const [path, file] of files) app.get(path, (c) => serveStatic(file, c.req.raw));

  return { app, sessions };

  /**
   * A refusal. htmx requests get a message-list line (the composer and the stream append
   * what they receive to `#messages`), other clients a short page.
   */
  function failure(c: Context, status: 401 | 413, text: string): Response {
    if (c.req.header("HX-Request")) return c.html(html(ErrorLine({ text, rejoin: status === 401 })), status);
    return status === 401 ? c.html(page(JoinPage({ error: text })), status) : c.text(text, status);
  }
}

/** Bun's Server when running under Bun.serve; undefined under `app.request()`. */
function bunServer(c: Context): Server<undefined> | undefined {
  return c.env as Server<undefined> | undefined;
}

function clientAddress(c: Context): string {
  return bunServer(c)?.requestIP(c.req.raw)?.address ?? "unknown";
}

/** A form field as a string (a file upload or a missing field counts as empty). */
function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === "string" ? value : "";
}

/** A non-negative event id from a header or query, or undefined. */
function cursor(raw: string | undefined): number | undefined {
  if (!raw || !/^\d{1,15}$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}
