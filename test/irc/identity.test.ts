import { afterEach, expect, test } from "bun:test";
import { startIrcFixture, type IrcFixture } from "./irc-fixture.ts";

let fixture: IrcFixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

const PASSWORD = "correct-horse";
const plain = (account: string, password: string) => Buffer.from(`\0${account}\0${password}`).toString("base64");

/** A chat where `ann` is registered (from telnet, as a user does it) and gone again. */
async function withAnnRegistered(): Promise<IrcFixture> {
  fixture = startIrcFixture();
  const ann = await fixture.telnetAs("ann");
  ann.line(`/register ${PASSWORD}`);
  await ann.waitFor(/ann is registered to you/);
  ann.line("/quit");
  await ann.waitForClose();
  return fixture;
}

test("an owned nickname is refused 433 without proof; SASL PLAIN proves it", async () => {
  const { connect, register } = await withAnnRegistered();
  const bare = await connect();
  bare.telnetLine("NICK ann");
  bare.telnetLine("USER ann 0 * :Ann");
  await bare.waitFor(/ 433 \* ann :The nickname ann is registered/);

  const wrong = await connect();
  wrong.telnetLine("CAP REQ :sasl");
  wrong.telnetLine("AUTHENTICATE PLAIN");
  await wrong.waitFor(/AUTHENTICATE \+\r\n/);
  wrong.telnetLine(`AUTHENTICATE ${plain("ann", "wrong password")}`);
  await wrong.waitFor(/ 904 \* :SASL authentication failed/);

  const irc = await register("ann", ["CAP REQ :sasl", "AUTHENTICATE PLAIN", `AUTHENTICATE ${plain("ann", PASSWORD)}`, "CAP END"]);
  expect(irc.text).toMatch(/ 900 \* \S+ ann :You are now logged in as ann\r\n/);
  expect(irc.text).toMatch(/ 903 \* :SASL authentication successful\r\n/);
  expect(irc.text).toMatch(/ 001 ann /);
  irc.telnetLine("WHOIS ann");
  await irc.waitFor(/ 330 ann ann ann :is logged in as\r\n/);
});

test("PASS proves an owned nickname too, and a wrong one is 464", async () => {
  const { connect, register, telnetAs } = await withAnnRegistered();
  const wrong = await connect();
  wrong.telnetLine("PASS not-the-password");
  wrong.telnetLine("NICK ann");
  wrong.telnetLine("USER ann 0 * :Ann");
  await wrong.waitFor(/ 464 \* :/);
  const irc = await register("ann", [`PASS :${PASSWORD}`]);
  irc.telnetLine("JOIN #lobby");
  await irc.waitFor(/ 366 ann #lobby /);
  // The telnet side shows the IRC member as proven, as any registered member.
  const tom = await telnetAs("tom");
  tom.line("/whois ann");
  await tom.waitFor(/ann: on irc, in #lobby.*registered \(password\)/);
});

test("KICK needs an operator: 482 for anyone else, and the chat's kick for one", async () => {
  fixture = startIrcFixture();
  const { register, telnetAs, chat } = fixture;
  const boss = await telnetAs("boss");
  boss.line(`/register ${PASSWORD}`);
  await boss.waitFor(/boss is registered to you/);
  // The console's `op boss`.
  expect((await chat.moderation.setOperator("boss", true)).ok).toBe(true);
  expect(chat.find("boss")?.op).toBe(true);
  const op = await register("ann");
  const irc = await register("ivy");
  for (const client of [op, irc]) client.telnetLine("JOIN #lobby");
  await irc.waitFor(/ 366 ivy #lobby /);
  await op.waitFor(/ 366 ann #lobby /);
  op.telnetLine("KICK #lobby ivy :no reason");
  await op.waitFor(/ 482 ann #lobby :You're not an operator/);
  irc.telnetLine("NAMES #lobby");
  await irc.waitFor(/ 353 ivy = #lobby :(.*)\r\n/);
  expect(irc.text).toMatch(/@boss/);
  boss.line("/kick ivy out you go");
  await irc.waitFor(/:boss!~boss@telnet KICK #lobby ivy :out you go\r\n/);
  await irc.waitFor(/ERROR :/);
  await op.waitFor(/:boss!~boss@telnet KICK #lobby ivy :out you go\r\n/);
});

test("the chat's own commands work from an IRC client (REGISTER), answered as NOTICEs", async () => {
  fixture = startIrcFixture();
  const irc = await fixture.register("zoe");
  irc.telnetLine(`REGISTER ${PASSWORD}`);
  await irc.waitFor(/:switchboard\.local NOTICE zoe :zoe is registered to you/);
  irc.telnetLine("IGNORE");
  await irc.waitFor(/:switchboard\.local NOTICE zoe :You ignore no one\.\r\n/);
  irc.telnetLine("QUIT");
  await irc.waitForClose();
  const again = await fixture.connect();
  again.telnetLine("NICK zoe");
  again.telnetLine("USER zoe 0 * :Zoe");
  await again.waitFor(/ 433 \* zoe :/);
});
