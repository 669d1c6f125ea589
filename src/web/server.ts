import type { Chat } from "../chat/chat.ts";
import { withinCloseGrace } from "../close-grace.ts";
import { httpUrl } from "../listen-address.ts";
import { createApp } from "./app.ts";
import { lacksOrigin, withOrigin } from "./hostless-request.ts";
import type { WebOptions } from "./web-options.ts";

export type { WebOptions } from "./web-options.ts";

export interface WebServer {
  readonly port: number;
  /** `http://<host>:<port>/` with the port actually bound, as a browser on this machine opens it. */
  readonly url: string;
  /** Ends every stream (after flushing what is queued) and stops listening; cuts what is left after the close grace. */
  close(): Promise<void>;
}

/** Serves the web transport with Bun.serve. */
export function startWebServer(chat: Chat, options: WebOptions): WebServer {
  const { app, sessions } = createApp(chat, options);
  const server = Bun.serve({
    hostname: options.hostname,
    port: options.port,
    reusePort: options.reusePort ?? false,
    // Bun refuses larger bodies itself; bodyLimit in the app covers chunked uploads and app.request().
    maxRequestBodySize: options.maxBodyBytes,
    fetch: (request, server) =>
      lacksOrigin(request) ? app.fetch(...withOrigin(request, server)) : app.fetch(request, server),
  });
  const port = server.port ?? options.port;
  let closing: Promise<void> | undefined;

  return {
    port,
    url: httpUrl(options.hostname, port),
    close() {
      closing ??= (async () => {
        sessions.close();
        if ((await withinCloseGrace(server.stop(false))) === "late") await server.stop(true);
      })();
      return closing;
    },
  };
}
