import { expect, test } from "bun:test";
import { until } from "../telnet/test-client.ts";
import { describeWithRedis, useCluster } from "./cluster.ts";

const cluster = useCluster();

describeWithRedis("what is accepted is never lost and never delivered twice", () => {
  test("a flood of posts while Redis is killed and restarted empty: every 204 reaches the other instance once; no refused line does", async () => {
    const { telnet, browser, redis } = await cluster.start(2);
    const reader = await telnet(1, "reader");
    // Several posters at once, so that some posts are on their way when Redis dies.
    const posters = await Promise.all(
      Array.from({ length: 8 }, async (_, n) => {
        const poster = browser(0);
        expect((await poster.join(`p${n}`)).status).toBe(303);
        return poster;
      }),
    );
    const accepted: string[] = [];
    const refused: string[] = [];
    let sending = true;
    const flood = Promise.all(
      posters.map(async (poster, n) => {
        for (let i = 0; sending; i++) {
          const text = `m${n}-${i}`;
          const answer = await poster.say(text);
          (answer.status === 204 ? accepted : refused).push(text);
          if (answer.status !== 204) await Bun.sleep(5);
        }
      }),
    );
    await until(() => accepted.length >= 200, "posts to go through");
    await redis.kill();
    await redis.restart();
    await until(() => /The chat is back/.test(reader.text), "the link to come back", 10_000);
    const after = accepted.length;
    await until(() => accepted.length >= after + 200, "posts after the restart");
    sending = false;
    await flood;
    const seen = () => [...reader.text.matchAll(/<p\d> (m\d-\d+)\r\n/g)].map((m) => m[1]!);
    await until(() => accepted.every((text) => seen().includes(text)), "every accepted post to arrive", 10_000).catch(() => {});
    const lines = seen();
    const missing = accepted.filter((text) => !lines.includes(text));
    const twice = lines.filter((text, i) => lines.indexOf(text) !== i);
    const refusedButShown = refused.filter((text) => lines.includes(text));
    expect({ missing, twice, refusedButShown }).toEqual({ missing: [], twice: [], refusedButShown: [] });
    expect(refused.length).toBeGreaterThan(0);
  }, 30_000);
});
