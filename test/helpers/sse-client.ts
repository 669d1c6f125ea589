/** A browser without a browser: joins over HTTP and reads the SSE stream as text. */
export interface WebClient {
  cookie: string;
  /** Opens the event stream (optionally resuming after an event id). */
  openStream(lastEventId?: string): Promise<void>;
  closeStream(): void;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  received(): string;
  post(path: string, form: Record<string, string>): Promise<Response>;
}

export async function joinWeb(baseUrl: string, nick: string): Promise<WebClient> {
  const origin = new URL(baseUrl).origin;
  const joined = await fetch(new URL("/join", baseUrl), {
    method: "POST",
    body: new URLSearchParams({ nick }),
    headers: { origin },
    redirect: "manual",
  });
  if (joined.status !== 303) throw new Error(`join as ${nick} failed: ${joined.status} ${await joined.text()}`);
  const cookie = (joined.headers.get("set-cookie") ?? "").split(";")[0]!;
  let text = "";
  let abort: AbortController | undefined;
  let wake = () => {};
  const client: WebClient = {
    cookie,
    async openStream(lastEventId) {
      abort = new AbortController();
      const headers: Record<string, string> = { cookie, accept: "text/event-stream" };
      if (lastEventId) headers["last-event-id"] = lastEventId;
      const response = await fetch(new URL("/events", baseUrl), { headers, signal: abort.signal });
      if (response.status !== 200) throw new Error(`stream refused: ${response.status}`);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      void (async () => {
        try {
          while (true) {
            const { done, value } = await reader.read();
            if (done) break;
            text += decoder.decode(value, { stream: true });
            wake();
          }
        } catch {
          // aborted by closeStream()
        }
      })();
    },
    closeStream: () => abort?.abort(),
    async waitFor(pattern, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (true) {
        const match = pattern.exec(text);
        if (match) return match;
        if (Date.now() > deadline) throw new Error(`stream never showed ${pattern}; got:\n${text}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
    },
    received: () => text,
    post: (path, form) =>
      fetch(new URL(path, baseUrl), {
        method: "POST",
        body: new URLSearchParams(form),
        headers: { cookie, origin },
        redirect: "manual",
      }),
  };
  return client;
}
