import { afterEach, describe, expect, test } from "bun:test";
import { startTestServer, type TestServer } from "./test-server.ts";

let server: TestServer;
afterEach(() => server?.stop());

/** How often `text` occurs in `output`. */
const count = (output: string, text: string) => output.split(text).length - 1;

/** bob and ann, both in #lobby and #dev, with bob back in #lobby and nothing new there. */
async function bobAwayFromAnnInDev() {
  server = startTestServer();
  const bob = await server.join("bob");
  const ann = await server.join("ann");
  bob.line("/join #dev");
  ann.line("/join #dev");
  await bob.waitFor(/\*\*\* ann joined #dev/);
  bob.line("/join #lobby");
  await bob.waitFor(/-!- — #lobby: nothing new —\r\n/);
  return { bob, ann };
}

describe("a terminal member in several rooms (line mode, nc)", () => {
  test("only the room in view prints: another room's lines do not, a mention there does, marked with its room", async () => {
    server = startTestServer();
    const bob = await server.join("bob");
    const ann = await server.join("ann");
    bob.line("/join #dev");
    bob.line("/join #ops");
    await bob.waitFor(/\*\*\* bob joined #ops/);
    ann.line("/join #dev");
    await ann.waitFor(/\*\*\* ann joined #dev/);
    ann.line("dev only, nobody named");
    ann.line("/join #lobby");
    ann.line("lobby only");
    ann.line("/join #dev");
    ann.line("are you there, bob?");
    // The mention comes from #dev, not in view: printed once, marked where it comes from.
    await bob.waitFor(/\[#dev\] \[\d\d:\d\d\] <ann> are you there, bob\?\r\n/);
    bob.line("/who");
    await bob.waitFor(/-!- 1 in #ops: bob \(telnet\)/);
    expect(bob.text).not.toContain("dev only, nobody named");
    expect(bob.text).not.toContain("lobby only");
    // Nor do others' comings and goings elsewhere.
    expect(bob.text).not.toContain("ann joined #dev");
    expect(count(bob.text, "are you there, bob?")).toBe(1);
  });

  test("switching to a room shows what was missed there, once, with a header; /part leaves that room only", async () => {
    const { bob, ann } = await bobAwayFromAnnInDev();
    ann.line("missed one");
    ann.line("missed two");
    ann.line("/join #lobby");
    await ann.waitFor(/-!- — #lobby: /);
    bob.line("/join #dev");
    await bob.waitFor(/-!- — #dev: 2 new —\r\n\[\d\d:\d\d\] <ann> missed one\r\n\[\d\d:\d\d\] <ann> missed two\r\n/);
    // Back and forth again: nothing is shown twice.
    bob.line("/join #lobby");
    bob.line("/join #dev");
    await bob.waitFor(/-!- — #dev: nothing new —\r\n/);
    expect(count(bob.text, "missed one")).toBe(1);
    // /part of a room not in view: out of that one, still in the room in view.
    bob.line("/part #lobby");
    // Said to bob: the leave itself goes only to those still in #lobby.
    await bob.waitFor(/-!- You left #lobby\.\r\n/);
    bob.line("/rooms");
    const [rooms] = await bob.waitFor(/-!- Rooms: .*\r\n/);
    expect(rooms).toContain("#dev (2, you are here)");
    expect(rooms).toContain("#lobby (1)");
  });

  test("a private message prints from anywhere, and never again on switching rooms", async () => {
    server = startTestServer();
    const bob = await server.join("bob");
    const yves = await server.join("yves");
    bob.line("/join #dev");
    await bob.waitFor(/\*\*\* bob joined #dev/);
    yves.line("/msg bob psst");
    await bob.waitFor(/-> private from yves: psst\r\n/);
    bob.line("/join #lobby");
    await bob.waitFor(/-!- — #lobby: .*\r\n/);
    bob.line("/join #dev");
    await bob.waitFor(/-!- — #dev: .*\r\n/);
    // Nor in the history shown on entering a new room.
    bob.line("/join #new");
    await bob.waitFor(/\*\*\* bob joined #new/);
    bob.line("/who");
    await bob.waitFor(/-!- 1 in #new/);
    expect(count(bob.text, "psst")).toBe(1);
  });

  test("past a screenful, switching says how many more were missed, and /history pages back to them", async () => {
    const { bob, ann } = await bobAwayFromAnnInDev();
    for (let i = 1; i <= 25; i++) ann.line(`line ${i}`);
    ann.line("/who");
    await ann.waitFor(/-!- 2 in #dev/);
    bob.line("/join #dev");
    // A terminal that did not say its height gets 20 lines: the newest.
    const [shown] = await bob.waitFor(/-!- — #dev: 25 new —\r\n[^]*?-!- — 5 more in #dev: \/history 20 shows older lines —\r\n/);
    expect(shown).toContain("<ann> line 6\r\n");
    expect(shown).toContain("<ann> line 25\r\n");
    expect(shown).not.toContain("<ann> line 5\r\n");
    bob.line("/history");
    const [older] = await bob.waitFor(/-!- — 5 older lines of #dev —\r\n(?:.*<ann> line \d+\r\n){5}/);
    expect(older).toContain("<ann> line 1\r\n");
    expect(older).toContain("<ann> line 5\r\n");
    bob.line("/history");
    await bob.waitFor(/-!- Nothing older in #dev\.\r\n/);
    bob.line("/history lots");
    await bob.waitFor(/-!- \/history takes a number of lines from 1 to 200\.\r\n/);
  });

  test("/query shows a header and the conversation's own lines; /query alone goes back", async () => {
    server = startTestServer();
    const bob = await server.join("bob");
    const ann = await server.join("ann");
    bob.line("/query ann");
    await bob.waitFor(/-!- — talking with ann alone: what you type goes to them; \/query alone goes back —\r\n/);
    // The room is not in view now: its lines do not print, a private does.
    const carol = await server.join("carol");
    carol.line("a room line while they talk");
    ann.line("/msg bob hi there");
    await bob.waitFor(/-> private from ann: hi there\r\n/);
    expect(bob.text).not.toContain("a room line while they talk");
    bob.line("/query");
    await bob.waitFor(/-!- — #lobby: 1 new —\r\n.*<carol> a room line while they talk\r\n/);
    // Back in the conversation, what was said in it is shown again, and /history pages it.
    bob.line("/query ann");
    await bob.waitFor(/talking with ann alone.*\r\n.*-> private from ann: hi there\r\n/);
    bob.line("/history 5");
    await bob.waitFor(/-!- Nothing older in @ann\.\r\n/);
  });
});
