import { afterEach, expect, test } from "bun:test";
import { startTestWeb, TestBrowser, type TestWeb } from "./helpers.ts";

let server: TestWeb | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

test("GET /search finds what the member may read, marks the words, links each result into its room; a third party never finds a private", async () => {
  server = startTestWeb();
  const ann = new TestBrowser(server.base);
  const bob = new TestBrowser(server.base);
  const carl = new TestBrowser(server.base);
  for (const [browser, nick] of [[ann, "ann"], [bob, "bob"], [carl, "carl"]] as const) expect((await browser.join(nick)).status).toBe(303);
  expect((await ann.say("the crème brûlée <img src=x onerror=alert(1)> recipe")).status).toBeLessThan(300);
  expect((await ann.say("/msg bob the vault code is 4417")).status).toBeLessThan(300);

  const found = await (await bob.get("/search?q=creme+recipe")).text();
  expect(found).toContain("<mark>crème</mark>");
  expect(found).toContain("<mark>recipe</mark>");
  expect(found).toContain("&lt;img src=x onerror=alert(1)&gt;");
  expect(found).not.toContain("<img src=x");
  expect(found).toMatch(/href="\/r\/lobby\?before=\d+#e\d+"/);
  const privately = await (await bob.get("/search?q=%22vault+code%22")).text();
  expect(privately).toContain("<mark>vault code</mark>");
  expect(privately).toMatch(/href="\/dm\/ann\?before=\d+#e\d+"/);

  const third = await (await carl.get("/search?q=vault")).text();
  expect(third).toContain("Nothing found for vault.");
  const refused = await carl.get("/search?q=from%3Aann");
  expect(refused.status).toBe(400);
  expect(await refused.text()).toContain("Search for words or");
  // The chat page carries the search box; a visitor who has not joined is sent to join.
  expect(await (await bob.get("/")).text()).toContain('action="/search" role="search"');
  const visitor = new TestBrowser(server.base);
  expect((await visitor.get("/search?q=vault")).status).toBe(303);
});
