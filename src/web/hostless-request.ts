import type { Server } from "bun";

/** What the routes ask Bun's server about the connection a request came on. */
export type RequestConnections = Pick<Server<undefined>, "requestIP" | "timeout">;

/**
 * HTTP/1.0 allows a request without a Host header, and Bun then gives it a URL that is
 * only the path (`/healthz`). Hono reads the path from after `scheme://host` (so
 * `/healthz` was routed as a 404, and `/` only by luck) and `new URL(c.req.url)` throws
 * (csrf, cookies). Such a request is made again under this server's own origin.
 *
 * Bun knows the connection only by the request it handed over, so the copy comes with
 * answers about the original: without them a client's address would be lost, and with
 * it the per-address limits.
 */
export function withOrigin(
  request: Request,
  server: Server<undefined>,
): [request: Request, connections: RequestConnections] {
  const absolute = new Request(server.url.origin + request.url, request);
  return [
    absolute,
    {
      requestIP: () => server.requestIP(request),
      timeout: (_request, seconds) => server.timeout(request, seconds),
    },
  ];
}

/** True for the path-only URL Bun gives a request that came without a usable Host header. */
export function lacksOrigin(request: Request): boolean {
  return request.url.startsWith("/");
}
