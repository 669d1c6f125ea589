import { afterEach, expect, test } from "bun:test";
import { startIrcFixture, type IrcFixture } from "./irc-fixture.ts";

let fixture: IrcFixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

const withCaps = (caps: string) => [`CAP REQ :${caps}`, "CAP END"];

test("message-tags: a client's own +tags reach clients that take them, with a msgid; others get neither, the web and telnet just the line", async () => {
  fixture = startIrcFixture();
  const ivy = await fixture.register("ivy", withCaps("message-tags"));
  const zed = await fixture.register("zed", withCaps("message-tags"));
  const old = await fixture.register("old");
  const tom = await fixture.telnetAs("tom");
  for (const client of [ivy, zed, old]) client.telnetLine("JOIN #lobby");
  await old.waitFor(/ 366 old #lobby /);
  await zed.waitFor(/:old!~old@irc JOIN #lobby/);
  ivy.telnetLine("@+draft/reply=12;fizz=buzz PRIVMSG #lobby :re: that");
  const [line] = await zed.waitFor(/^@\S+ :ivy!~ivy@irc PRIVMSG #lobby :re: that\r\n/m);
  expect(line).toContain("+draft/reply=12");
  expect(line).toMatch(/msgid=\d+/);
  expect(line).not.toContain("fizz");
  await old.waitFor(/^:ivy!~ivy@irc PRIVMSG #lobby :re: that\r\n/m);
  await tom.waitFor(/<ivy> re: that\r\n/);
});

test("echo-message sends a client its own lines back; server-time stamps the history replayed on JOIN", async () => {
  fixture = startIrcFixture();
  const tom = await fixture.telnetAs("tom");
  tom.line("said before ivy came");
  const ivy = await fixture.register("ivy", withCaps("echo-message server-time"));
  ivy.telnetLine("JOIN #lobby");
  await ivy.waitFor(/ 366 ivy #lobby [^\n]*\n@time=\d{4}-\d\d-\d\dT[\d:.]+Z :tom!~tom@telnet PRIVMSG #lobby :said before ivy came\r\n/);
  ivy.telnetLine("PRIVMSG #lobby :mine");
  await ivy.waitFor(/^@time=\S+ :ivy!~ivy@irc PRIVMSG #lobby :mine\r\n/m);
});

test("away-notify tells away and back once per change, also of who joins away; multi-prefix and userhost-in-names shape NAMES", async () => {
  fixture = startIrcFixture();
  const { register, telnetAs, chat } = fixture;
  const ivy = await register("ivy", withCaps("away-notify multi-prefix userhost-in-names"));
  const tom = await telnetAs("tom");
  tom.line("/register correct-horse");
  await tom.waitFor(/tom is registered to you/);
  expect((await chat.moderation.setOperator("tom", true)).ok).toBe(true);
  tom.line("/away lunch");
  await tom.waitFor(/lunch/);
  ivy.telnetLine("JOIN #lobby");
  await ivy.waitFor(/ 353 ivy = #lobby :.*@\+tom!~tom@telnet/);
  ivy.telnetLine("JOIN #dev");
  await ivy.waitFor(/ 366 ivy #dev /);
  tom.line("/join #dev");
  await ivy.waitFor(/:tom!~tom@telnet JOIN #dev\r\n:tom!~tom@telnet AWAY :?lunch\r\n/);
  tom.line("/away");
  await ivy.waitFor(/:tom!~tom@telnet AWAY\r\n/);
  ivy.telnetLine("PING :end");
  await ivy.waitFor(/PONG \S+ :end/);
  // Back once, though tom is in two rooms with ivy (a status line in each).
  expect(ivy.text.match(/tom!~tom@telnet AWAY\r\n/g)?.length).toBe(1);
});

test("SEARCH from an IRC client answers in NOTICEs, the matched words bold", async () => {
  fixture = startIrcFixture();
  const tom = await fixture.telnetAs("tom");
  tom.line("the crème brûlée is ready");
  const ivy = await fixture.register("ivy");
  ivy.telnetLine("JOIN #lobby");
  await ivy.waitFor(/ 366 ivy #lobby /);
  ivy.telnetLine("SEARCH creme");
  await ivy.waitFor(/NOTICE ivy :— 1 found for creme, newest first —\r\n/);
  await ivy.waitFor(/NOTICE ivy :\[#lobby [\d: -]+\] <tom> the \x02crème\x02 brûlée is ready\r\n/);
});
