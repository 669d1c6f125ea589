import { afterEach, describe, expect, test } from "bun:test";
import { TestClient } from "./test-client.ts";
import { startTestServer, type TestServer } from "./test-server.ts";

let server: TestServer;
afterEach(() => server?.stop());

describe("telnet shutdown", () => {
  test("close() after chat.shutdown() tells every client, flushes, and closes them all", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    const bob = await server.join("bob");
    const undecided = await server.connect();
    await undecided.waitFor(/Pick a nickname: $/);
    // Pending output at shutdown must still arrive, in order, before the goodbye.
    ann.line("last words " + "w".repeat(1500));
    await bob.waitFor(/<ann> last words/);
    server.chat.shutdown();
    await server.telnet.close();
    await bob.waitFor(/w+\r\n-!- The server is shutting down\.\r\n$/);
    await ann.waitFor(/-!- The server is shutting down\.\r\n$/);
    for (const client of [ann, bob]) await client.waitForClose();
    await undecided.waitFor(/-!- The server is shutting down\.\r\n$/);
    await undecided.waitForClose();
    expect(server.telnet.connections).toBe(0);
  });

  test("close() alone also says goodbye to members, who leave the chat", async () => {
    server = startTestServer();
    const ann = await server.join("ann");
    await server.telnet.close();
    await ann.waitFor(/-!- The server is shutting down\.\r\n$/);
    await ann.waitForClose();
    expect(server.chat.memberCount).toBe(0);
  });

  test("after close() the port no longer accepts connections", async () => {
    server = startTestServer();
    const port = server.telnet.port;
    await server.telnet.close();
    expect(TestClient.connect(port)).rejects.toThrow();
  });
});
