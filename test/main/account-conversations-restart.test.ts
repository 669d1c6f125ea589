import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { useServerProcesses } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";
import { TestBrowser } from "../web/helpers.ts";

const servers = useServerProcesses();

async function registered(port: number, nick: string, password: string): Promise<TestClient> {
  const client = await TestClient.joinAs(port, nick);
  client.line(`/register ${password}`);
  await client.waitFor(new RegExp(`${nick} is registered to you`));
  return client;
}

describe("a registered nickname's conversations outlive a restart (--db)", () => {
  test("after a kill and a start, both owners identify again and find their conversation, in a terminal and on the page", async () => {
    const db = join(servers.tempDir(), "history.sqlite");
    const first = await servers.start(["--db", db]);
    const alice = await registered(first.telnetPort, "alice", "alices-secret");
    const bob = await registered(first.telnetPort, "bob", "bobs-secret");
    alice.line("/msg bob said before the restart");
    await bob.waitFor(/-> private from alice: said before the restart\r\n/);
    bob.line("/msg alice answered before it too");
    await alice.waitFor(/-> private from bob: answered before it too\r\n/);
    first.proc.kill("SIGKILL");
    await first.exited;

    const second = await servers.start(["--db", db]);
    const bobAgain = await TestClient.identifyAs(second.telnetPort, "bob", "bobs-secret");
    const aliceAgain = await TestClient.identifyAs(second.telnetPort, "alice", "alices-secret");
    aliceAgain.line("/query bob");
    await aliceAgain.waitFor(/talking with bob alone.*\r\n.*-> private to bob: said before the restart\r\n.*-> private from bob: answered before it too\r\n/);
    bobAgain.line("/query alice");
    await bobAgain.waitFor(/talking with alice alone.*\r\n.*said before the restart\r\n.*answered before it too\r\n/);
    aliceAgain.close();

    // alice on the page now, with her password: the side panel lists bob, /dm/bob has their lines.
    const page = new TestBrowser(new URL(second.httpUrl).origin);
    expect((await page.join("alice", "alices-secret")).status).toBe(303);
    expect(await (await page.get("/")).text()).toContain("@bob");
    const conversation = await (await page.get("/dm/bob")).text();
    expect(conversation).toContain("said before the restart");
    expect(conversation).toContain("answered before it too");

    // A guest on the page knows nothing of it.
    const guest = new TestBrowser(new URL(second.httpUrl).origin);
    expect((await guest.join("carol")).status).toBe(303);
    expect(await (await guest.get("/dm/bob")).text()).not.toContain("before the restart");
  });
});
