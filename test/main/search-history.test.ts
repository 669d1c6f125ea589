import { expect, test } from "bun:test";
import { join } from "node:path";
import { useServerProcesses } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";

const servers = useServerProcesses();

test("/search reads the history file's index, after a restart too, and never shows a third party a private", async () => {
  const db = join(servers.tempDir(), "history.sqlite");
  const first = await servers.start(["--db", db]);
  const ann = await TestClient.joinAs(first.telnetPort, "ann");
  const bob = await TestClient.joinAs(first.telnetPort, "bob");
  ann.line("the crème brûlée recipe is in the wiki");
  await bob.waitFor(/<ann> the crème brûlée recipe/);
  ann.line("/msg bob the vault code is 4417");
  await bob.waitFor(/private from ann: the vault code is 4417/);
  first.type("stop");
  expect(await first.exited).toBe(0);

  const second = await servers.start(["--db", db]);
  const carl = await TestClient.joinAs(second.telnetPort, "carl");
  carl.line("/search creme brulee");
  await carl.waitFor(/— 1 found for creme brulee, newest first —\r\n.*<ann> the crème brûlée recipe is in the wiki\r\n/);
  carl.line("/search vault");
  await carl.waitFor(/Nothing found for vault\./);
  // bob's next connection is someone else (a guest's privates are that connection's): nothing either.
  const bobAgain = await TestClient.joinAs(second.telnetPort, "bob");
  bobAgain.line("/search vault");
  await bobAgain.waitFor(/Nothing found for vault\./);
});
