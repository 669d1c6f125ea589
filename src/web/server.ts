import type { Chat } from "../chat/chat.ts";
import { createApp } from "./app.ts";
import { lacksOrigin, withOrigin } from "./hostless-request.ts";

export interface WebOptions {
  hostname: string;
  /** 0 picks a free port. */
  port: number;
  /** Larger request bodies are answered 413. */
  maxBodyBytes: number;
  /** A web member with no open stream for this long leaves the chat. */
  graceSeconds: number;
  /** One line per join, leave, stream open and stream close. */
  log: (line: string) => void;
}

export interface WebServer {
  readonly port: number;
  /** `http://<host>:<port>/` with the port actually bound. */
  readonly url: string;
  /** Ends every stream (after flushing what is queued) and stops listening; gives up waiting after ~2 s. */
  close(): Promise<void>;
}

const CLOSE_TIMEOUT_MS = 2000;

/** Serves the web transport with Bun.serve. */
export function startWebServer(chat: Chat, options: WebOptions): WebServer {
  const { app, sessions } = createApp(chat, options);
  const server = Bun.serve({
    hostname: options.hostname,
    port: options.port,
    // Bun refuses larger bodies itself; bodyLimit in the app covers chunked uploads and app.request().
    maxRequestBodySize: options.maxBodyBytes,
    fetch: (request, server) =>
      lacksOrigin(request) ? app.fetch(...withOrigin(request, server)) : app.fetch(request, server),
  });
  const port = server.port ?? options.port;
  const host = options.hostname.includes(":") ? `[${options.hostname}]` : options.hostname;
  let closing: Promise<void> | undefined;

  return {
    port,
    url: `http://${host}:${port}/`,
    close() {
      closing ??= (async () => {
        sessions.close();
        const timeout = Bun.sleep(CLOSE_TIMEOUT_MS).then(() => "timeout" as const);
        const stopped = await Promise.race([server.stop(false).then(() => "stopped" as const), timeout]);
        if (stopped === "timeout") await server.stop(true);
      })();
      return closing;
    },
  };
}
