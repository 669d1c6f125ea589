import { afterEach, describe, expect, test } from "bun:test";
import { startTestServer, type TestServer } from "./test-server.ts";

let server: TestServer;
afterEach(() => server?.stop());

const lines = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`);

describe("a paste in a terminal", () => {
  test("twenty lines over a burst of ten all go out, in order, at the allowed rate", async () => {
    server = startTestServer({ msgRate: 20, msgBurst: 10 });
    const paster = await server.join("paster");
    const reader = await server.join("reader");
    const pasted = lines(20, "pasted line");
    const started = performance.now();
    paster.send(pasted.join("\n") + "\n");
    await reader.waitFor(/pasted line 20\r\n/);
    const took = performance.now() - started;
    const heard = [...reader.text.matchAll(/<paster> (pasted line \d+)/g)].map((m) => m[1]);
    expect(heard).toEqual(pasted);
    // Ten at once, then ten more at 20 a second: about half a second, not at once.
    expect(took).toBeGreaterThan(400);
    expect(paster.text).not.toContain("Slow down");
  });

  test("past the backlog the rest is refused with one notice, and what waited still goes out", async () => {
    server = startTestServer({ msgRate: 50, msgBurst: 10 });
    const paster = await server.join("paster");
    const reader = await server.join("reader");
    paster.send(lines(80, "flood").join("\n") + "\n");
    await reader.waitFor(/<paster> flood 50\r\n/);
    await Bun.sleep(200);
    const heard = [...reader.text.matchAll(/<paster> (flood \d+)/g)].map((m) => m[1]);
    // Ten of the burst and forty waiting their turn.
    expect(heard).toEqual(lines(50, "flood"));
    expect(paster.text.match(/Slow down: 40 lines are still waiting/g)).toHaveLength(1);
    // Once the backlog has gone out, the next line is sent as usual.
    paster.line("after the flood");
    await reader.waitFor(/<paster> after the flood/);
  });
});
