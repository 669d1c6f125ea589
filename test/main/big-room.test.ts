import { afterEach, expect, test } from "bun:test";
import { startServer, type TestServer } from "../browser/harness.ts";
import { TestClient } from "../telnet/test-client.ts";
import { TestBrowser } from "../web/helpers.ts";

let server: TestServer | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.stop();
});

test("a big room tells a burst of arrivals in one line on telnet and in the page, which gets its member list with it", async () => {
  server = startServer({ bigRoom: 2 });
  const port = server.switchboard.telnetPort;
  const watcher = await TestClient.joinAs(port, "watcher");
  clients.push(watcher);
  const page = new TestBrowser(server.base);
  expect((await page.join("reader")).status).toBe(303);
  const stream = await page.stream();
  // Two members: told one by one.
  await watcher.waitFor(/\*\*\* reader joined #lobby \(web\)\r\n/);
  const burst = await Promise.all(["ann", "bob", "cat", "dan", "eve", "fay", "gus"].map((nick) => TestClient.joinAs(port, nick)));
  clients.push(...burst);
  await watcher.waitFor(/\*\*\* 7 joined #lobby: [a-z]{3}, [a-z]{3}, [a-z]{3}, [a-z]{3}, [a-z]{3} and 2 more\r\n/, 3000);
  // The room was big from its third member on: none of the burst was told on its own.
  expect(watcher.text).not.toMatch(/\*\*\* (ann|bob|cat|dan|eve|fay|gus) joined/);
  const line = await stream.waitFor("7 joined #lobby:");
  expect(line.data).toContain('class="event crowd"');
  // The crowd line brings the member list as it is now, in one frame: no frame per arrival.
  expect(line.data).toContain('<hx-partial hx-target="#members" hx-swap="innerHTML">');
  for (const nick of ["ann", "gus", "reader", "watcher"]) expect(line.data).toContain(`>${nick}</span>`);
  expect(stream.messages.filter((m) => m.data.includes(">ann</span>"))).toHaveLength(1);
  burst[0]!.line("/quit");
  burst[1]!.line("/quit");
  await watcher.waitFor(/\*\*\* 2 left #lobby: [a-z]{3}, [a-z]{3}\r\n/, 3000);
  await page.closeStreams();
});
