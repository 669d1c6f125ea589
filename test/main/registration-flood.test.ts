import { expect, test } from "bun:test";
import { join } from "node:path";
import { useServerProcesses } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";
import { TestBrowser } from "../web/helpers.ts";

const servers = useServerProcesses();

test("a guest's flood of /register lines does not hold up anyone's password login", async () => {
  // A burst big enough to let every line of the flood through at once, as the attack had it.
  const server = await servers.start(["--db", join(servers.tempDir(), "chat.sqlite"), "--msg-burst", "1000"]);
  const origin = new URL(server.httpUrl).origin;
  const alice = new TestBrowser(origin);
  expect((await alice.join("alice")).status).toBe(303);
  expect((await alice.say("/register correct-horse")).status).toBeLessThan(300);
  expect((await alice.post("/leave", {})).status).toBeLessThan(400);

  const guest = await TestClient.joinAs(server.telnetPort, "guest");
  guest.line([...Array.from({ length: 800 }, (_, i) => `/register flood-password-${i}`), "/whois guest"].join("\r\n"));
  // Every line of the flood has been read once the last one is answered.
  await guest.waitFor(/guest \(you\): on telnet/);
  const timings: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const browser = new TestBrowser(origin);
    const login = await browser.join("alice", "correct-horse");
    timings.push(performance.now() - started);
    expect(login.status).toBe(303);
    expect((await browser.post("/leave", {})).status).toBeLessThan(400);
  }
  console.log(`password logins during the flood: ${timings.map((ms) => `${Math.round(ms)} ms`).join(", ")}`);
  expect(Math.max(...timings)).toBeLessThan(2000);
}, 30_000);
