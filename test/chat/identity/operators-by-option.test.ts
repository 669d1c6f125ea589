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
  // Nor after a restart: the name was registered from a client while the option named it.
  first.leave();
  t.restart();
  expect(log.at(-1)).toBe("warning: --op Carol was registered from a client; it is no operator until the console confirms it with: op Carol");
  const back = await t.join("carol", { password: "stolen-name" });
  expect(back.member.op).toBe(false);
  // The console confirms: now it is one, as any operator the console makes, and stays one.
  expect(await codeOf(t.chat.moderation.setOperator("carol", true))).toBe("ok");
  expect(back.member.op).toBe(true);
  back.leave();
  t.restart();
  expect((await t.join("carol", { password: "stolen-name" })).member.op).toBe(true);
});
