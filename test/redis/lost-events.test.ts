import { RedisClient } from "bun";
import { expect, test } from "bun:test";
import type { EventPayload } from "../../src/redis/event-payload.ts";
import { RecentlyRecorded, SeenEvents } from "../../src/redis/lost-events.ts";
import { KEYS } from "../../src/redis/scripts.ts";
import { FakeClock } from "../helpers/fake-clock.ts";
import { useRedis } from "../helpers/redis-server.ts";
import { describeWithRedis } from "../scale-out/cluster.ts";

const redis = useRedis();

function payload(u: string): EventPayload {
  return { e: { kind: "message", room: "lobby", from: "ann", text: u, at: 0 }, u };
}

test("a copy of an event read lately is skipped, and only the newest 10,000 are remembered", () => {
  const seen = new SeenEvents();
  expect(seen.firstTime("a:1")).toBe(true);
  expect(seen.firstTime("a:1")).toBe(false);
  for (let n = 2; n <= 10_001; n++) seen.firstTime(`a:${n}`);
  expect(seen.firstTime("a:1")).toBe(true);
  expect(seen.firstTime("a:10001")).toBe(false);
});

describeWithRedis("events Redis lost", () => {
  test("what was recorded lately and is no longer in the stream is recorded again, in order; older ones are let go", async () => {
    const { url } = await redis.start();
    const client = new RedisClient(url);
    await client.connect();
    const clock = new FakeClock();
    const lines: string[] = [];
    const recent = new RecentlyRecorded(client, clock, (line) => lines.push(line));
    recent.keep(payload("a:1"), 1);
    clock.advance(11_000);
    for (const n of [2, 3, 4, 5]) recent.keep(payload(`a:${n}`), n);
    // What Redis still has after the loss: 3 alone (1 is too old to be recorded again anyway).
    await client.send("XADD", [KEYS.events, "3-0", "p", JSON.stringify(payload("a:3"))]);

    const published: string[] = [];
    await recent.recordLostAgain(async (again) => {
      published.push(again.u);
      return 100 + published.length;
    });
    expect(published).toEqual(["a:2", "a:4", "a:5"]);
    expect(lines).toEqual(["redis: 3 events were lost with Redis's data; recorded again"]);
    client.close();
  });
});
