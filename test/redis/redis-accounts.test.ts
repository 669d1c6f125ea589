import { RedisClient } from "bun";
import { expect, test } from "bun:test";
import { RedisAccounts } from "../../src/redis/redis-accounts.ts";
import { KEYS } from "../../src/redis/scripts.ts";
import { useRedis } from "../helpers/redis-server.ts";
import { describeWithRedis } from "../scale-out/cluster.ts";

const redis = useRedis();

describeWithRedis("accounts in Redis", () => {
  test("accounts kept by an older version are found by today's look-alike keys; the old keys go", async () => {
    const { url } = await redis.start();
    const client = new RedisClient(url);
    await client.connect();
    // The old layout, as the old function filled it: `I` folded to `l` before lowercasing, a lowercase `i` kept.
    await client.send("HSET", [KEYS.accounts, "alice", JSON.stringify({ nick: "alice", keys: [], passwordHash: "h" })]);
    await client.send("HSET", [KEYS.accounts, "ivy", JSON.stringify({ nick: "Ivy", keys: [], passwordHash: "h" })]);
    await client.send("HSET", [KEYS.accountLooks, "alice", "alice", "lvy", "ivy"]);
    const accounts = new RedisAccounts(client);
    const found = await Promise.all(["ALlCE", "lvy", "IVY", "1vy", "bob"].map(async (nick) => [nick, (await accounts.find(nick))?.nick]));
    expect(found).toEqual([
      ["ALlCE", "alice"],
      ["lvy", "Ivy"],
      ["IVY", "Ivy"],
      ["1vy", "Ivy"],
      ["bob", undefined],
    ]);
    expect((await client.send("HKEYS", [KEYS.accountLooks])).sort()).toEqual(["allce", "lvy"]);
    client.close();
  });
});
