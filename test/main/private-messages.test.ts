import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { useServerProcesses, type ServerProcess } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";
import { TestBrowser } from "../web/helpers.ts";

const servers = useServerProcesses();
const start = (db: string) => servers.start(["--db", db]);

async function webUser(server: ServerProcess, nick: string): Promise<TestBrowser> {
  const browser = new TestBrowser(new URL(server.httpUrl).origin);
  expect((await browser.join(nick)).status).toBe(303);
  return browser;
}

/** Everything a web member can be shown of the past: the page, "load older", and a resume from the start. */
async function everythingShownTo(browser: TestBrowser): Promise<string> {
  const page = await (await browser.get("/")).text();
  const older = await (await browser.get("/history?before=999999999")).text();
  const stream = await browser.stream("", { "Last-Event-ID": "0" });
  await stream.waitFor("members");
  await stream.close();
  return [page, older, stream.raw].join("\n");
}

describe("private messages belong to people, not to nicknames", () => {
  test("whoever takes a name later, by joining, by /nick or after a restart, sees none of its privates", async () => {
    const db = join(servers.tempDir(), "history.sqlite");
    const server = await start(db);

    const dave = await TestClient.joinAs(server.telnetPort, "dave");
    const erin = await webUser(server, "erin");
    const erinStream = await erin.stream();
    dave.line("/msg erin secret one for erin");
    await erinStream.waitFor("secret one for erin");
    expect((await erin.say("/msg dave secret two for dave")).status).toBe(204);
    await dave.waitFor(/secret two for dave/);
    // The two of them still have their conversation.
    expect(await everythingShownTo(erin)).toContain("secret one for erin");

    expect((await erin.post("/leave", {})).status).toBe(303);
    const newErin = await webUser(server, "erin");
    const shown = await everythingShownTo(newErin);
    expect(shown).toContain("erin");
    expect(shown).not.toContain("secret");
    await newErin.post("/leave", {});

    const mallory = await TestClient.joinAs(server.telnetPort, "mallory");
    mallory.line("/nick erin");
    await mallory.waitFor(/mallory is now known as erin/);
    mallory.line("/join #elsewhere");
    await mallory.waitFor(/erin joined #elsewhere/);
    mallory.line("/part");
    // Back in #lobby (it never left it): what was missed there, and still no secret.
    await mallory.waitFor(/— #lobby: /);
    expect(mallory.text).not.toContain("secret");

    server.proc.kill("SIGKILL");
    await server.exited;
    const restarted = await start(db);
    // The join history comes before "You are dave.", which joinAs waited for.
    const newDave = await TestClient.joinAs(restarted.telnetPort, "dave");
    expect(newDave.text).not.toContain("secret");
  });

  test("a private message is in no room: no room's page shows it, its conversation at /dm/NICK does", async () => {
    const server = await start(":memory:");
    const yves = await TestClient.joinAs(server.telnetPort, "yves");
    const page = await webUser(server, "wendy");
    const stream = await page.stream();
    yves.line("/msg wendy whispered in the lobby");
    await stream.waitFor("whispered in the lobby");

    expect((await page.say("/join #dev")).status).toBeLessThan(400);
    for (const address of ["/", "/r/dev", "/r/lobby", "/history?before=999999999&view=%23lobby"])
      expect(await (await page.get(address)).text()).not.toContain("whispered");
    expect(await (await page.get("/dm/yves")).text()).toContain("whispered in the lobby");
  });
});
