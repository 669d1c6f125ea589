import { RedisClient } from "bun";
import { expect, test } from "bun:test";
import { RedisSessions } from "../../src/redis/redis-sessions.ts";
import { useRedis } from "../helpers/redis-server.ts";
import { describeWithRedis } from "../scale-out/cluster.ts";

const redis = useRedis();

describeWithRedis("web sessions in Redis", () => {
  test("a session keeps every room and how far it read each, for whichever instance serves it next", async () => {
    const { url } = await redis.start();
    const [one, other] = [new RedisClient(url), new RedisClient(url)];
    await Promise.all([one.connect(), other.connect()]);
    const session = { nick: "wendy", memberId: "id-wendy", room: "#dev", rooms: ["#lobby", "#ops", "#dev"], readUpTo: { "#ops": 12 } };
    await new RedisSessions(one).save("h1", session);
    expect(await new RedisSessions(other).find("h1")).toEqual(session);
    one.close();
    other.close();
  });
});
