import { afterEach, describe, expect, test } from "bun:test";
import { TestClient } from "./test-client.ts";
import { startTestServer, type TestServer } from "./test-server.ts";

let server: TestServer;
afterEach(() => server?.stop());

describe("a registered nickname's conversations over telnet", () => {
  test("alice registers, talks with bob, reconnects and identifies: /query bob shows what they said", async () => {
    server = startTestServer();
    const alice = await server.join("alice");
    alice.line("/register alices-secret");
    await alice.waitFor(/alice is registered to you/);
    const bob = await server.join("bob");
    alice.line("/msg bob before you go");
    await bob.waitFor(/-> private from alice: before you go\r\n/);
    bob.line("/msg alice I will still be here");
    await alice.waitFor(/-> private from bob: I will still be here\r\n/);
    alice.close();
    await bob.waitFor(/alice left/);

    const back = await TestClient.identifyAs(server.telnet.port, "alice", "alices-secret");
    back.line("/query bob");
    await back.waitFor(/talking with bob alone.*\r\n.*-> private to bob: before you go\r\n.*-> private from bob: I will still be here\r\n/);
    // And it goes on: bob's answer reaches the alice of this connection.
    back.line("glad you stayed");
    await bob.waitFor(/-> private from alice: glad you stayed\r\n/);
    bob.line("/query alice");
    await bob.waitFor(/talking with alice alone.*\r\n.*before you go\r\n.*I will still be here\r\n.*glad you stayed\r\n/);
  });

  test("whoever takes the name after /unregister, and registers it, sees none of it", async () => {
    server = startTestServer();
    const alice = await server.join("alice");
    alice.line("/register alices-secret");
    await alice.waitFor(/alice is registered to you/);
    const bob = await server.join("bob");
    alice.line("/msg bob only for bob");
    await bob.waitFor(/-> private from alice: only for bob\r\n/);
    alice.line("/unregister");
    await alice.waitFor(/alice is no longer registered\./);
    alice.close();
    await bob.waitFor(/alice left/);

    const taker = await server.join("alice");
    taker.line("/register takers-secret");
    await taker.waitFor(/alice is registered to you/);
    taker.line("/query bob");
    await taker.waitFor(/talking with bob alone/);
    taker.line("/history 50");
    await taker.waitFor(/Nothing older in @bob\./);
    expect(taker.text).not.toContain("only for bob");
  });
});
