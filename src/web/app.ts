import { Hono } from "hono";
import type { Chat } from "../chat/index.ts";
import { ArrivalTurns } from "../connections/arrival-turns.ts";
import { messageRoutes } from "./message-routes.ts";
import { monitoringRoutes } from "./monitoring-routes.ts";
import { routeContext } from "./route-context.ts";
import { searchRoutes } from "./search-routes.ts";
import { securityMiddleware } from "./security-middleware.ts";
import { sessionRoutes } from "./session-routes.ts";
import { loadStaticFiles, serveStatic } from "./static-files.ts";
import { streamRoute } from "./stream-route.ts";
import { viewRoutes } from "./view-routes.ts";
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

  app.route("/", sessionRoutes(web, options.terminalPorts));
  app.route("/", streamRoute(web));
  app.route("/", messageRoutes(web));
  app.route("/", viewRoutes(web));
  app.route("/", searchRoutes(web));
  app.route("/", monitoringRoutes(web, arrivals));
  for (const [path, file] of files) app.get(path, (c) => serveStatic(file, c.req.raw));

  return { app, sessions };
}

/** A newcomer, or a page coming back: the page itself, joining, or a stream opening (not its lines, nor its files). */
function isArrival(method: string, path: string): boolean {
  return method === "GET" ? path === "/" || path === "/events" || path.startsWith("/r/") || path.startsWith("/dm/") : method === "POST" && path === "/join";
}
