import { afterEach, expect, test } from "bun:test";
import { RedisBackend } from "../../src/redis/redis-backend.ts";
import { useRedis } from "../helpers/redis-server.ts";
import { describeWithRedis } from "./cluster.ts";

const redis = useRedis();
const backends: RedisBackend[] = [];
afterEach(async () => {
  for (const backend of backends.splice(0)) await backend.close();
});

/** A backend as an instance has one, asked directly: no chat in front to refuse what it already knows. */
async function instance(url: string, name: string): Promise<RedisBackend> {
  const backend = await RedisBackend.connect({ url, log: () => {}, instance: name });
  backends.push(backend);
  return backend;
}

describeWithRedis("nickname claims in Redis", () => {
  test("a name is one whatever its case, and a look-alike clashes, even when the other instance has not heard of it yet", async () => {
    const { url } = await redis.start();
    const a = await instance(url, "a");
    const b = await instance(url, "b");
    expect(await a.claimNick("alice", "id-alice")).toEqual({ ok: true, value: undefined });
    for (const [nick, id] of [["ALICE", "id-2"], ["Alice", "id-3"], ["aIice", "id-4"], ["a1ice", "id-5"]] as const) {
      const claimed = await b.claimNick(nick, id);
      expect({ nick, ok: claimed.ok }).toEqual({ nick, ok: false });
    }
    // The holder may claim it again (a restart), and once it lets go, another may.
    expect((await a.claimNick("alice", "id-alice")).ok).toBe(true);
    a.releaseNick("alice", "id-alice");
    await Bun.sleep(50);
    expect((await b.claimNick("ALICE", "id-2")).ok).toBe(true);
    expect((await a.claimNick("alice", "id-alice")).ok).toBe(false);
  });
});
