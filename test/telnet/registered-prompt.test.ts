import { afterEach, describe, expect, test } from "bun:test";
import { agreeToCharacterMode } from "./character-client.ts";
import { TestClient } from "./test-client.ts";
import { startTestServer, type TestServer } from "./test-server.ts";

let server: TestServer;
afterEach(() => server?.stop());

/** alice's nickname registered (she has left), ann in #lobby watching, and a new connection told that alice is registered. */
async function aliceRegisteredAndAsked() {
  server = startTestServer();
  const alice = await server.join("alice");
  alice.line("/register alices-secret");
  await alice.waitFor(/alice is registered to you/);
  alice.close();
  const ann = await server.join("ann");
  const back = await TestClient.connect(server.telnet.port);
  await back.waitFor(/Pick a nickname: $/);
  back.line("alice");
  await back.waitFor(/The nickname alice is registered\. If it is yours, type its password/);
  return { ann, back };
}

describe("a registered nickname at the telnet prompt", () => {
  test("its password typed alone, as the answer says, proves it: it never becomes anyone's nickname", async () => {
    const { ann, back } = await aliceRegisteredAndAsked();
    back.line("alices-secret");
    await back.waitFor(/You are alice\./);
    await ann.waitFor(/\*\*\* alice joined #lobby/);
    ann.line("/who");
    await ann.waitFor(/-!- 2 in #lobby/);
    expect(ann.text).not.toContain("alices-secret");
    expect(back.text).not.toContain("You are alices-secret");
  });

  test("another nickname typed instead is that nickname, with no word of a wrong password", async () => {
    const { ann, back } = await aliceRegisteredAndAsked();
    back.line("alice2");
    await back.waitFor(/You are alice2\./);
    await ann.waitFor(/\*\*\* alice2 joined #lobby/);
    expect(back.text).not.toMatch(/wrong password/i);
  });

  test("in character mode the line that may be the password shows as stars while it is typed", async () => {
    server = startTestServer();
    const alice = await server.join("alice");
    alice.line("/register alices-secret");
    await alice.waitFor(/alice is registered to you/);
    alice.close();
    const back = await TestClient.connect(server.telnet.port);
    await back.waitFor(/Pick a nickname: $/);
    back.telnetLine("alice");
    await agreeToCharacterMode(back);
    await back.waitFor(/The nickname alice is registered/);
    back.send("alices-secret");
    await back.waitFor(/Pick a nickname: \*{13}\x1b\[K$/);
    expect(back.text).not.toContain("alices-secret");
    back.send("\r\0");
    await back.waitFor(/You are alice\./);
    expect(back.text).not.toContain("alices-secret");
  });
});
