import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { Chat } from "../chat/index.ts";
import type { RequestConnections } from "./hostless-request.ts";
import { browserSide, NO_PROXIES, type BrowserSide, type TrustedProxies } from "./trusted-proxies.ts";
import type { WebSession } from "./web-session.ts";
import type { WebSessions } from "./web-sessions.ts";

/** The cookie that holds a joined browser's session token. */
export const SESSION_COOKIE = "switchboard_session";

/** What every group of routes shares: the chat, its web sessions, and who each request comes from. */
export interface RouteContext {
  readonly chat: Chat;
  readonly sessions: WebSessions;
  /** Who sent the request and on what origin, as the browser sees it (behind a trusted proxy, not the proxy). */
  browserOf(c: Context): BrowserSide;
  /** The live session of the browser making the request; `connect` brings its member to this instance (see `WebSessions.get`). */
  sessionOf(c: Context, connect?: boolean): Promise<WebSession | undefined>;
}

/** The context the routes of one app share, believing the X-Forwarded-* headers of `trustProxy`. */
export function routeContext(chat: Chat, sessions: WebSessions, trustProxy: TrustedProxies = NO_PROXIES): RouteContext {
  /**
   * Worked out once, by the first middleware (the body limit replaces a chunked request
   * with a copy Bun has no connection for, and its address would be lost: a banned
   * address could then join).
   */
  const seen = new WeakMap<Context, BrowserSide>();
  const browserOf = (c: Context): BrowserSide => {
    let browser = seen.get(c);
    if (!browser) {
      browser = browserSide(c.req.raw, connections(c)?.requestIP(c.req.raw)?.address, trustProxy);
      seen.set(c, browser);
    }
    return browser;
  };
  return {
    chat,
    sessions,
    browserOf,
    sessionOf: (c, connect = false) => sessions.get(getCookie(c, SESSION_COOKIE), browserOf(c).address, connect),
  };
}

/** Bun's answers about the request's connection under Bun.serve; undefined under `app.request()`. */
export function connections(c: Context): RequestConnections | undefined {
  return c.env as RequestConnections | undefined;
}
