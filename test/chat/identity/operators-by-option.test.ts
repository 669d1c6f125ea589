import { expect, test } from "bun:test";
import { codeOf, setupWithStores } from "../chat-harness.ts";

test("an --op name not registered at start is warned of, and whoever registers it from a client is no operator until the console's op", async () => {
  const log: string[] = [];
  const t = setupWithStores({ operators: ["Carol"] }, (line) => log.push(line));
  expect(log).toContain("warning: --op Carol is not registered: whoever registers it is no operator until the console confirms it with: op Carol");
  const first = await t.join("CAROL", undefined, "web", "203.0.113.66");
  expect(await codeOf(t.chat.input(first.member, "/register stolen-name"))).toBe("ok");
  expect(first.member.op).toBe(false);
  expect(first.sink.told.at(-1)).toContain("The server's --op names CAROL: it becomes an operator once the console confirms it.");
  expect(log.at(-1)).toBe("register CAROL (web 203.0.113.66): an --op name, no operator until the console confirms: op CAROL");
  expect(await codeOf(t.chat.input(first.member, "/kick nobody"))).toBe("not-allowed");
  expect(await t.chat.owners.operators()).toEqual({ ok: true, value: [] });
  // The console confirms: now it is one, as any operator the console makes.
  expect(await codeOf(t.chat.moderation.setOperator("carol", true))).toBe("ok");
  expect(first.member.op).toBe(true);
});
