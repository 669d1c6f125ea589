import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { refusalBytes } from "../../src/ssh/refusal.ts";
import { useServerProcesses } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";
import { sshPortOf } from "./ssh-client.ts";

const servers = useServerProcesses();

describe("what an SSH client says before authenticating, in the server's log", () => {
  test("a DISCONNECT description with escapes and a forged line shows as one visible line", async () => {
    const dir = servers.tempDir();
    const server = await servers.start(["--ssh-port", "0", "--ssh-host-key", join(dir, "host_key"), "--db", ":memory:"]);
    const client = await TestClient.connect(await sshPortOf(server));
    // A version line, then an unencrypted DISCONNECT: the same bytes the server turns a client away with.
    const forged = "\x1b]0;owned\x07\x1b]52;c;aGk=\x07\x1b[2J\n2026-12-07T12:00:00.000Z ban alice by the console";
    client.send(refusalBytes(forged));
    await client.waitForClose();
    await server.waitForOutput(/ban alice by the console/);
    const out = server.output();
    expect(out).not.toContain("\x1b");
    expect(out).not.toContain("\x07");
    expect(out).not.toMatch(/^\S+ ban alice by the console/m);
    expect(out).toContain("\\x1b]0;owned\\x07");
  });
});
