import { describe, expect, test } from "bun:test";
import { useServerProcesses, type ServerProcess } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";
import { TestBrowser } from "../web/helpers.ts";

const servers = useServerProcesses();
const start = (args: string[]) => servers.start(["--db", ":memory:", ...args]);

async function pending(server: ServerProcess): Promise<TestClient> {
  const client = await TestClient.connect(server.telnetPort);
  await client.waitFor(/Pick a nickname: $/);
  return client;
}

describe("one door for both transports", () => {
  test("connections still choosing a nickname count against --max-clients, on telnet and the web alike", async () => {
    const server = await start(["--max-clients", "2"]);
    const first = await pending(server);
    const second = await pending(server);

    const third = await TestClient.connect(server.telnetPort);
    await third.waitFor(/The server is full \(2 members\); try again later\./);
    await third.closed;
    const browser = new TestBrowser(new URL(server.httpUrl).origin);
    const refused = await browser.join("wendy");
    expect(refused.status).toBe(503);
    expect(await refused.text()).toContain("The server is full (2 members); try again later.");

    first.close();
    await first.closed;
    await until(async () => (await browser.join("wendy")).status === 303);
    second.line("tom");
    await second.waitFor(/You are tom\./);
    second.line("/who");
    await second.waitFor(/2 in #lobby: tom \(telnet\), wendy \(web\)/);
  });

  test("too many connections from one address get the same words on telnet and the web", async () => {
    const server = await start(["--max-per-address", "1", "--limit-loopback"]);
    const holder = await pending(server);
    const telnet = await TestClient.connect(server.telnetPort);
    await telnet.waitFor(/Too many connections from your address; close one and try again later\./);
    const web = await new TestBrowser(new URL(server.httpUrl).origin).join("wendy");
    expect(web.status).toBe(429);
    expect(await web.text()).toContain("Too many connections from your address; close one and try again later.");
    holder.close();
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await Bun.sleep(20);
  }
}
