import { afterEach, expect } from "bun:test";
import { Chat, type ChatOptions } from "../../src/chat/chat.ts";
import { startWebServer, type WebOptions, type WebServer } from "../../src/web/server.ts";

/** A chat and a real web server on a free port, with the log lines it wrote. */
export interface TestWeb {
  chat: Chat;
  web: WebServer;
  base: string;
  logs: string[];
  stop(): Promise<void>;
}

export function startTestWeb(options: Partial<WebOptions> = {}, chatOptions: Partial<ChatOptions> = {}): TestWeb {
  const chat = new Chat({ maxPerAddress: 4, ...chatOptions });
  const logs: string[] = [];
  const web = startWebServer(chat, {
    hostname: "127.0.0.1",
    port: 0,
    maxBodyBytes: 4096,
    graceSeconds: 30,
    log: (line) => logs.push(line),
    ...options,
  });
  const base = web.url.replace(/\/$/, "");
  return {
    chat,
    web,
    base,
    logs,
    async stop() {
      chat.shutdown();
      await web.close();
    },
  };
}

/** Polls `check` until it returns something truthy; fails after `timeoutMs`. */
export async function until<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}

/** One parsed server-sent event. */
export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

/** Reads an SSE response in the background and keeps every message it parsed. */
export class SseReader {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  raw = "";
  ended = false;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(readonly response: Response) {
    this.#reader = response.body!.getReader();
    void this.#pump();
  }

  async #pump(): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    let current: SseMessage | undefined;
    try {
      for (;;) {
        const { value, done } = await this.#reader.read();
        if (done) break;
        const text = decoder.decode(value, { stream: true });
        this.raw += text;
        buffer += text;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines) {
          if (line === "") {
            if (current) this.messages.push(current);
            current = undefined;
          } else if (line.startsWith(":")) {
            this.comments.push(line.slice(1).trim());
          } else {
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "retry") continue;
            current ??= { data: "" };
            if (field === "data") current.data += (current.data ? "\n" : "") + value;
            else if (field === "id") current.id = value;
            else if (field === "event") current.event = value;
          }
        }
      }
    } catch {
      // aborted by the test
    } finally {
      this.ended = true;
    }
  }

  /** Waits for a message whose data contains `text`. */
  waitFor(text: string, timeoutMs = 5000): Promise<SseMessage> {
    return until(() => this.messages.find((m) => m.data.includes(text)), `an SSE message with ${text}`, timeoutMs);
  }

  waitForEnd(timeoutMs = 5000): Promise<true> {
    return until(() => this.ended, "the stream to end", timeoutMs);
  }

  /** Messages that carry an event id, as numbers. */
  ids(): number[] {
    return this.messages.filter((m) => m.id !== undefined).map((m) => Number(m.id));
  }

  async close(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
  }
}

/** A browser: a cookie jar, same-origin form posts, SSE streams. */
export class TestBrowser {
  cookie = "";
  readonly #streams: SseReader[] = [];

  /** `init` goes with every request, e.g. `{ tls: { rejectUnauthorized: false } }` for a self-signed certificate. */
  constructor(
    readonly base: string,
    readonly init: BunFetchRequestInit = {},
  ) {}

  /** Posts the join form; `password` fills its password field. */
  async join(nick: string, password?: string): Promise<Response> {
    const response = await this.post("/join", password === undefined ? { nick } : { nick, password });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) this.cookie = setCookie.split(";")[0]!;
    return response;
  }

  post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(this.base + path, {
      ...this.init,
      method: "POST",
      redirect: "manual",
      headers: {
        Origin: this.base,
        "Content-Type": "application/x-www-form-urlencoded",
        ...(this.cookie ? { Cookie: this.cookie } : {}),
        ...headers,
      },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Sends a line the way the page's htmx form does. */
  async say(text: string): Promise<Response> {
    return this.post("/messages", { text }, { "HX-Request": "true" });
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(this.base + path, { ...this.init, redirect: "manual", headers: { ...(this.cookie ? { Cookie: this.cookie } : {}), ...headers } });
  }

  async stream(query = "", headers: Record<string, string> = {}): Promise<SseReader> {
    const response = await this.get("/events" + query, { "HX-Request": "true", ...headers });
    if (response.status !== 200) throw new Error(`/events answered ${response.status}`);
    const reader = new SseReader(response);
    this.#streams.push(reader);
    return reader;
  }

  async closeStreams(): Promise<void> {
    await Promise.all(this.#streams.map((s) => s.close()));
  }
}

/** The query the chat page put in its SSE connect URL: its `after=` cursor and the `view=` it shows. */
export function connectCursor(pageHtml: string): string {
  const match = /hx-sse:connect="(\/events\?after=\d+[^"]*)"/.exec(pageHtml);
  if (!match) throw new Error("no hx-sse:connect in the page");
  return match[1]!.slice("/events".length);
}

/** What a web test file with several browsers needs: this test's server and people joined to it. */
export interface TestWebScene {
  /** This test's server (the one `start` made); throws if the test has not started one. */
  readonly running: TestWeb;
  /** Starts this test's server (see `startTestWeb`), which is stopped after the test. */
  start(options?: Partial<WebOptions>, chatOptions?: Partial<ChatOptions>): TestWeb;
  /** A browser that joined as `nick` (the join must redirect); its streams are closed after the test. */
  joined(nick: string): Promise<TestBrowser>;
  /** Joins and opens the stream the way the page does: with the cursor from its connect URL. */
  connected(nick: string): Promise<{ browser: TestBrowser; page: string; stream: SseReader }>;
}

/**
 * Registers an afterEach that closes every stream the test's browsers opened and then stops its
 * server, so a failing test leaves nothing running for the next. Call it once, at the top level.
 */
export function useTestWeb(): TestWebScene {
  let running: TestWeb | undefined;
  const browsers: TestBrowser[] = [];
  afterEach(async () => {
    await Promise.all(browsers.splice(0).map((b) => b.closeStreams()));
    await running?.stop();
    running = undefined;
  });

  const scene: TestWebScene = {
    get running() {
      if (!running) throw new Error("this test has not started a server");
      return running;
    },
    start(options = {}, chatOptions = {}) {
      running = startTestWeb(options, chatOptions);
      return running;
    },
    async joined(nick) {
      const browser = new TestBrowser(scene.running.base);
      browsers.push(browser);
      expect((await browser.join(nick)).status).toBe(303);
      return browser;
    },
    async connected(nick) {
      const browser = await scene.joined(nick);
      const page = await (await browser.get("/")).text();
      const stream = await browser.stream(connectCursor(page));
      return { browser, page, stream };
    },
  };
  return scene;
}
