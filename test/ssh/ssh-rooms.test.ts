import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { useServerProcesses } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";
import { TmuxTerminal } from "../telnet/tmux-terminal.ts";
import { clientKey, ssh, sshKeygen, sshPortOf } from "./ssh-client.ts";

const servers = useServerProcesses();

describe.skipIf(!ssh || !sshKeygen || !Bun.which("tmux"))("rooms over SSH (the real OpenSSH client in tmux)", () => {
  test("a member in three rooms sees only the one in view, the hotlist and a marked mention, and switches with Alt-2 and Ctrl-P", async () => {
    const dir = servers.tempDir();
    const server = await servers.start(["--ssh-port", "0", "--ssh-host-key", join(dir, "host_key"), "--db", ":memory:"]);
    const port = await sshPortOf(server);
    const options = "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o IdentitiesOnly=yes";
    // 14 rows: a screenful of missed lines is 10.
    const terminal = TmuxTerminal.start(`${ssh} -p ${port} -i ${clientKey(dir)} ${options} alice@127.0.0.1`, 100, 14);
    try {
      await terminal.waitFor("alice's prompt", (t) => t.promptRow() === "[alice #lobby]");
      for (const room of ["#dev", "#ops"]) {
        terminal.type(`/join ${room}`);
        terminal.press("Enter");
        await terminal.waitFor(`${room} in view`, (t) => t.promptRow() === `[alice ${room}]`);
      }
      const tom = await TestClient.joinAs(server.telnetPort, "tom");
      tom.line("/join #dev");
      await tom.waitFor(/\*\*\* tom joined #dev/);
      for (let i = 1; i <= 12; i++) tom.line(`dev line ${i}`);
      tom.line("alice, look at this");
      await terminal.waitFor("the mention, marked", (t) => /\[#dev\] \[\d\d:\d\d\] <tom> alice, look at this/.test(t.screen()));
      await terminal.waitFor("the hotlist", (t) => t.promptRow() === "[alice #ops] [2:#dev 13!]");
      expect(terminal.screen()).not.toContain("dev line");
      terminal.press("M-2");
      await terminal.waitFor("what was missed", (t) => t.screen().includes("— 3 more in #dev: /history 20 shows older lines —"));
      expect(terminal.screen()).toContain("<tom> dev line 12");
      expect(terminal.promptRow()).toBe("[alice #dev]");
      // Ctrl-P from window 2 is window 1.
      terminal.press("C-p");
      await terminal.waitFor("#lobby in view", (t) => t.promptRow() === "[alice #lobby]");
      tom.close();
    } finally {
      terminal.kill();
    }
  }, 30_000);
});
