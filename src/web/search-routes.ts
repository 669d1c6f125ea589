import { Hono } from "hono";
import { matchedRanges } from "../chat/index.ts";
import { SearchPage } from "../../views/search-page.tsx";
import { page } from "./html.ts";
import { cursor } from "./request-input.ts";
import type { RouteContext } from "./route-context.ts";

/** Results a page shows at a time. */
const PAGE = 50;

/** `GET /search?q=WORDS` (SPEC §4): what the member may read that the words find, newest first. */
export function searchRoutes(web: RouteContext): Hono {
  const routes = new Hono();
  routes.get("/search", async (c) => {
    const session = await web.sessionOf(c);
    const member = session?.member;
    if (!member) return c.redirect("/", 303);
    const q = (c.req.query("q") ?? "").slice(0, 200);
    const found = web.chat.search(member, q, PAGE + 1, cursor(c.req.query("before")));
    if (!found.ok) return c.html(page(SearchPage({ q, results: [], error: found.error.message, me: member.nick })), 400);
    const { query, events } = found.value;
    const shown = events.slice(0, PAGE);
    const results = shown.map((event) => ({ event, marks: "text" in event ? matchedRanges(event.text, query) : [] }));
    const olderBefore = events.length > PAGE ? shown.at(-1)!.id : undefined;
    return c.html(page(SearchPage({ q, results, olderBefore, me: member.nick })));
  });
  return routes;
}
