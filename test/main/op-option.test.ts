import { expect, test } from "bun:test";
import { join } from "node:path";
import { useServerProcesses } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";

const servers = useServerProcesses();

test("an --op name not registered at start is warned of, and registering it makes an operator only once the console says op", async () => {
  const db = join(servers.tempDir(), "chat.sqlite");
  const server = await servers.start(["--db", db, "--op", "carol"]);
  await server.waitForOutput(/warning: --op carol is not registered: whoever registers it is no operator until the console confirms it with: op carol/);
  const carol = await TestClient.joinAs(server.telnetPort, "carol");
  carol.line("/register carols-password");
  await carol.waitFor(/The server's --op names carol: it becomes an operator once the console confirms it\./);
  await server.waitForOutput(/register carol \(telnet 127\.0\.0\.1\): an --op name, no operator until the console confirms: op carol/);
  carol.line("/kick nobody");
  await carol.waitFor(/\/kick is for operators/);
  server.type("op carol");
  await carol.waitFor(/You are now an operator/);
  expect(server.output()).not.toContain("You are an operator (the server's --op names you)");
}, 20_000);
