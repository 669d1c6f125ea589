import { Hono } from "hono";
import type { Chat } from "../chat/index.ts";
import { openMirroredStream } from "./mirrored-stream.ts";
import { JOIN_REFUSED, NOT_IN_CHAT, refusal, STREAM_REFUSED } from "./refusals.ts";
import { cursor } from "./request-input.ts";
import { connections, type RouteContext } from "./route-context.ts";
import { parseView } from "./view.ts";

/** `GET /events?view=#dev`: the SSE stream of a joined browser's tab showing that view, from its cursor on (SPEC §4). */
export function streamRoute(web: RouteContext): Hono {
  const { chat } = web;
  const routes = new Hono();

  routes.get("/events", async (c) => {
    const after = cursor(c.req.header("Last-Event-ID")) ?? cursor(c.req.query("after"));
    const server = connections(c);
    // A reader cut off for lagging gets no more writes: a short idle timeout then closes
    // its connection once nothing moves (at once if it is stuck, after the backlog if slow).
    // (It holds the Request, not the whole Context with its methods, for the stream's life.)
    const request = c.req.raw;
    const dropConnection = server ? () => server.timeout(request, 1) : undefined;
    let session = await web.sessionOf(c);
    if (session?.isVisit) {
      // Its member lives on another instance: while a stream of its is open there, this one
      // is fed from there (a second tab); else the stream brings the member here.
      const seat = chat.admit(web.browserOf(c).address);
      if (!seat.ok) return refusal(c, JOIN_REFUSED[seat.error.code] ?? 503, seat.error.message);
      const mirrored = await openMirroredStream(web.sessions, session, seat.value, after, dropConnection);
      if (mirrored) {
        server?.timeout(request, 0);
        return mirrored.response;
      }
      session = await web.sessionOf(c, true);
    }
    if (!session) return refusal(c, 401, NOT_IN_CHAT);
    const member = session.member;
    const view = parseView(c.req.query("view"));
    // A tab shows a room the member is in: it is the current one while the tab catches up
    // (the history replays the current room), as a terminal's window switch makes it.
    if (member && view?.room !== undefined) {
      if (!member.isIn(view.room)) return refusal(c, 404, `You are not in ${view.room}.`);
      chat.moves.view(member, view.room);
    }
    await caughtUpTo(chat, after);
    const opened = session.openStream(after, view, dropConnection);
    if (!opened.ok) return refusal(c, ...STREAM_REFUSED[opened.refusal]);
    // Bun's idle timeout would cut a quiet stream after ~10 s; the pings keep proxies happy.
    server?.timeout(request, 0);
    return opened.stream.response;
  });

  return routes;
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
