import { afterEach, expect, test } from "bun:test";
import { startTestServer, type TestServer } from "./test-server.ts";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

test("/search finds words, phrases and from: in the searcher's rooms and privates; a third party never finds a private", async () => {
  server = startTestServer();
  const ann = await server.join("ann");
  const bob = await server.join("bob");
  const carl = await server.join("carl");
  ann.line("the release is friday");
  await bob.waitFor(/<ann> the release is friday/);
  ann.line("/msg bob the release password is hunter2");
  await bob.waitFor(/private from ann: the release password is hunter2/);
  bob.line("/search release");
  await bob.waitFor(/— 2 found for release, newest first —\r\n.*\[private \d{4}-\d\d-\d\d \d\d:\d\d\] ann -> bob: the release password is hunter2\r\n.*\[#lobby [\d: -]+\] <ann> the release is friday\r\n/);
  bob.line('/search "is friday" from:ann');
  await bob.waitFor(/— 1 found for "is friday" from:ann, newest first —/);
  carl.line("/search hunter2");
  await carl.waitFor(/Nothing found for hunter2\./);
  carl.line("/search release");
  await carl.waitFor(/— 1 found for release, newest first —\r\n.*<ann> the release is friday\r\n/);
  expect(carl.text).not.toContain("hunter2\r\n");
  carl.line("/search from:ann");
  await carl.waitFor(/Search for words or "a phrase"/);
});

test("/search says how to see older results past a page of 20", async () => {
  server = startTestServer();
  const ann = await server.join("ann");
  const bob = await server.join("bob");
  for (let i = 0; i < 25; i++) ann.line(`needle ${i}`);
  await bob.waitFor(/<ann> needle 24/);
  bob.line("/search needle");
  const [, id] = await bob.waitFor(/— older ones: \/search before:(\d+) needle —/);
  bob.line(`/search before:${id} needle`);
  await bob.waitFor(/— 5 found for needle, newest first —/);
});
