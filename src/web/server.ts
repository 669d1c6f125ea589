import type { Chat } from "../chat/index.ts";
import { withinCloseGrace } from "../connections/close-grace.ts";
import { httpUrl } from "../connections/listen-address.ts";
import { createApp } from "./app.ts";
import { lacksOrigin, withOrigin } from "./hostless-request.ts";
import { TLS12_CIPHERS } from "./tls-files.ts";
import type { WebOptions } from "./web-options.ts";

export type { WebOptions } from "./web-options.ts";

export interface WebServer {
  readonly port: number;
  /** Whether it serves HTTPS (with `tls`) or plain HTTP. */
  readonly scheme: "http" | "https";
  /** `http://<host>:<port>/` (or `https://`) with the port actually bound, as a browser on this machine opens it. */
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
    // With a certificate every request's URL is https://, so cookies are Secure and the origin check expects https.
    tls: options.tls && { ...options.tls, ciphers: TLS12_CIPHERS },
    fetch: (request, server) =>
      lacksOrigin(request) ? app.fetch(...withOrigin(request, server)) : app.fetch(request, server),
  });
  const port = server.port ?? options.port;
  const scheme = options.tls ? "https" : "http";
  let closing: Promise<void> | undefined;

  return {
    port,
    scheme,
    url: httpUrl(options.hostname, port, scheme),
    close() {
      closing ??= (async () => {
        sessions.close();
        if ((await withinCloseGrace(server.stop(false), chat.clock)) === "late") await server.stop(true);
      })();
      return closing;
    },
  };
}
