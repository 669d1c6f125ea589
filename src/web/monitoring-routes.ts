import { Hono } from "hono";
import type { ArrivalTurns } from "../connections/arrival-turns.ts";
import { renderMetrics } from "./metrics.ts";
import type { RouteContext } from "./route-context.ts";

/** `GET /healthz` for balancers and `GET /metrics` for Prometheus (SPEC §4). */
export function monitoringRoutes(web: RouteContext, arrivals: ArrivalTurns): Hono {
  const { chat, sessions } = web;
  const routes = new Hono();

  routes.get("/healthz", (c) => {
    const { instance, link } = chat.backend;
    if (!link) return c.text("ok");
    // A balancer takes an instance that cannot reach Redis out of rotation, and says why.
    const state = `instance ${instance}\nredis ${link.up ? "up" : "down"} since ${new Date(link.since).toISOString()}\n`;
    return chat.paused ? c.text(`paused: ${chat.paused}\n${state}`, 503) : c.text(`ok\n${state}`);
  });

  routes.get("/metrics", (c) =>
    c.body(renderMetrics(chat, sessions, arrivals), 200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" }),
  );

  return routes;
}
