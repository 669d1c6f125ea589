import { describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
import { REDIS_SKIP_REASON, explainSkip, useRedis } from "./redis-server.ts";

explainSkip();

/** A client that fails fast instead of retrying, so a dead server shows up as an error. */
function client(url: string): RedisClient {
  return new RedisClient(url, { autoReconnect: false, connectionTimeout: 1_000 });
}

describe.skipIf(!!REDIS_SKIP_REASON)("a real redis-server for tests", () => {
  const redis = useRedis();

  test("starts on a free port of 127.0.0.1 and stores values", async () => {
    const server = await redis.start();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    const c = client(server.url);
    await c.set("greeting", "hello");
    expect(await c.get("greeting")).toBe("hello");
    c.close();
  });

  test("two servers get different ports", async () => {
    const [a, b] = await Promise.all([redis.start(), redis.start()]);
    expect(a.port).not.toBe(b.port);
  });

  test("comes back empty after a restart without persist, even after a SAVE", async () => {
    const server = await redis.start();
    const before = client(server.url);
    await before.set("greeting", "hello");
    await before.send("SAVE", []);
    before.close();

    await server.restart();
    const after = client(server.url);
    expect(await after.get("greeting")).toBeNull();
    after.close();
  });

  test("keeps its data across a restart with persist", async () => {
    const server = await redis.start({ persist: true });
    const before = client(server.url);
    await before.set("greeting", "hello");
    before.close();

    // The graceful stop inside restart() saves the RDB file; no explicit SAVE needed.
    await server.restart();
    const after = client(server.url);
    expect(await after.get("greeting")).toBe("hello");
    after.close();
  });

  test("loses unsaved data when killed, and refuses connections until restarted", async () => {
    const server = await redis.start({ persist: true });
    const before = client(server.url);
    await before.set("saved", "yes");
    await before.send("SAVE", []);
    await before.set("unsaved", "yes");
    before.close();

    await server.kill();
    const dead = client(server.url);
    await expect(dead.connect()).rejects.toThrow();
    dead.close();

    // A crash skips the save on shutdown: only what the SAVE wrote comes back.
    await server.restart();
    const after = client(server.url);
    expect(await after.get("saved")).toBe("yes");
    expect(await after.get("unsaved")).toBeNull();
    after.close();
  });
});
