import { afterEach, describe } from "bun:test";
import { TestClient } from "../telnet/test-client.ts";
import { REDIS_SKIP_REASON, explainSkip, useRedis, type RedisProcess } from "../helpers/redis-server.ts";
import { useServerProcesses, type ServerProcess } from "../helpers/server-process.ts";
import { TestBrowser, type SseMessage, type SseReader } from "../web/helpers.ts";

/** The time a terminal shows before each line. */
export const TIME = String.raw`\[\d\d:\d\d\]`;

/** How a message's text appears in a stream's frames (the bare word could match markup, as "before" does "beforeend"). */
export const shownText = (words: string) => `<span class="text">${words}</span>`;

/** The frames of `stream` that show a message saying `words`. */
export function framesSaying(stream: SseReader, words: string): SseMessage[] {
  return stream.messages.filter((m) => m.data.includes(shownText(words)));
}

/** `describe` for tests that need a real redis-server: skipped, with the reason printed once, without one. */
export const describeWithRedis = (name: string, body: () => void) => {
  explainSkip();
  describe.skipIf(REDIS_SKIP_REASON !== undefined)(name, body);
};

/** Instances of Switchboard sharing one Redis, each its own process, as an operator runs them. */
export interface Cluster {
  redis: RedisProcess;
  instances: ServerProcess[];
  /** A telnet client of instance `i`, joined as `nick`. */
  telnet(i: number, nick: string): Promise<TestClient>;
  /** A browser talking to instance `i`; with `as`, the same browser (its cookie) reaching instance `i`. */
  browser(i: number, as?: TestBrowser): TestBrowser;
  /** Starts one more instance on the same Redis. */
  add(args?: string[]): Promise<ServerProcess>;
}

/** What a scale-out test file needs; everything started is stopped after each test. */
export function useCluster() {
  const redis = useRedis();
  const servers = useServerProcesses();
  const clients: TestClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  return {
    async start(count: number, options: { args?: string[]; persist?: boolean } = {}): Promise<Cluster> {
      const started = await redis.start({ persist: options.persist });
      const args = ["--redis", started.url, "--db", ":memory:", "--msg-rate", "1000", "--msg-burst", "1000", ...(options.args ?? [])];
      const cluster: Cluster = {
        redis: started,
        instances: [],
        async telnet(i, nick) {
          const client = await TestClient.joinAs(cluster.instances[i]!.telnetPort, nick);
          clients.push(client);
          return client;
        },
        browser(i, as) {
          const browser = new TestBrowser(cluster.instances[i]!.httpUrl.replace(/\/$/, ""));
          if (as) browser.cookie = as.cookie;
          return browser;
        },
        async add(extra = []) {
          const server = await servers.start([...args, ...extra]);
          cluster.instances.push(server);
          return server;
        },
      };
      for (let i = 0; i < count; i++) await cluster.add();
      return cluster;
    },
  };
}
