import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startServerProcess, type ServerProcess } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";
import { TestBrowser } from "../web/helpers.ts";

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess(["--db", ":memory:"]);
});
afterAll(async () => {
  server.proc.kill("SIGKILL");
  await server.exited;
});

function telnetUser(nick: string): Promise<TestClient> {
  return TestClient.joinAs(server.telnetPort, nick);
}

function browser(): TestBrowser {
  return new TestBrowser(new URL(server.httpUrl).origin);
}

describe("what users send follows one set of text rules on both transports", () => {
  test("invisible characters never reach a terminal or a page; emoji keep their joiners", async () => {
    const sender = await telnetUser("sender");
    const listener = await telnetUser("listener");
    const page = browser();
    expect((await page.join("reader")).status).toBe(303);
    const stream = await page.stream();
    const family = "👨\u200d👩\u200d👧";
    sender.line(`a\u200bb\u200dc\ufeffd\u2028e\u2060f\u00adg\u061ch ${family}`);
    const heard = await stream.waitFor("abcdefgh");
    expect(heard.data).toContain(`abcdefgh ${family}`);
    await listener.waitFor(/abcdefgh/);
    expect(listener.text).toContain(`abcdefgh ${family}`);
    for (const invisible of ["\u200b", "\ufeff", "\u2028", "\u2060", "\u00ad", "\u061c"]) {
      expect(listener.text).not.toContain(invisible);
      expect(stream.raw).not.toContain(invisible);
    }
    sender.close();
    listener.close();
    await page.post("/leave", {});
  });

  test("a nickname that looks like someone's here is refused, on the web and on telnet", async () => {
    const alice = await telnetUser("alice");
    const bob = await telnetUser("bob0");
    const lookalike = browser();
    const refused = await lookalike.join("aIice");
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("looks too much like alice");

    const impostor = await TestClient.connect(server.telnetPort);
    await impostor.waitFor(/nickname/i);
    impostor.line("bobO");
    await impostor.waitFor(/bobO looks too much like bob0/);
    impostor.line("robert");
    await impostor.waitFor(/You are robert\./);
    impostor.line("/nick a1ice");
    await impostor.waitFor(/a1ice looks too much like alice/);
    // The same person may change only the case of their own name.
    alice.line("/nick ALICE");
    await alice.waitFor(/alice is now known as ALICE/);
    for (const client of [alice, bob, impostor]) client.close();
  });

  test("a /quit reason is cleaned like a message, and refused when longer than one", async () => {
    const quitter = await telnetUser("quitter");
    const page = browser();
    expect((await page.join("watcher")).status).toBe(303);
    const stream = await page.stream();
    const long = await page.say(`/quit ${"\u202e\x1b[31m".repeat(2)}${"x".repeat(5141)}`);
    expect(long.status).toBeGreaterThanOrEqual(400);
    expect(await long.text()).toContain("Quit reason too long (5141 bytes; the limit is 2048)");
    quitter.line("/quit \u202ebye\x1b[2J now\x07");
    await quitter.closed;
    await stream.waitFor("quit: bye now");
    expect(stream.raw).not.toMatch(/[\u202e\x1b\x07]/);
    expect(stream.raw).not.toContain("xxxx");
    await page.post("/leave", {});
  });
});
