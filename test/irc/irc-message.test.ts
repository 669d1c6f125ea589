import { describe, expect, test } from "bun:test";
import { escapeTagValue, formatMessage, parseMessage, unescapeTagValue } from "../../src/irc/irc-message.ts";

describe("reading an IRC line (the cases of ircdocs' parser tests)", () => {
  const cases: [string, ReturnType<typeof parseMessage>][] = [
    ["foo bar baz asdf", { command: "FOO", params: ["bar", "baz", "asdf"] }],
    [":coolguy foo bar baz asdf", { source: "coolguy", command: "FOO", params: ["bar", "baz", "asdf"] }],
    ["foo bar baz :asdf quux", { command: "FOO", params: ["bar", "baz", "asdf quux"] }],
    ["foo bar baz :", { command: "FOO", params: ["bar", "baz", ""] }],
    ["foo bar baz ::asdf", { command: "FOO", params: ["bar", "baz", ":asdf"] }],
    [":coolguy PRIVMSG bar :lol :) ", { source: "coolguy", command: "PRIVMSG", params: ["bar", "lol :) "] }],
    ["@a=b;c=32;k;rt=ql7 foo", { tags: { a: "b", c: "32", k: "", rt: "ql7" }, command: "FOO", params: [] }],
    ["@a=b\\\\and\\nk;c=72\\s45;d=gh\\:764 foo", { tags: { a: "b\\and\nk", c: "72 45", d: "gh;764" }, command: "FOO", params: [] }],
    ["@c;h=;a=b :quux ab cd", { tags: { c: "", h: "", a: "b" }, source: "quux", command: "AB", params: ["cd"] }],
    [":src JOIN #chan", { source: "src", command: "JOIN", params: ["#chan"] }],
    [":src JOIN :#chan", { source: "src", command: "JOIN", params: ["#chan"] }],
    [":src AWAY", { source: "src", command: "AWAY", params: [] }],
    [":src AWAY ", { source: "src", command: "AWAY", params: [] }],
    ["@tag1=value\\1 foo", { tags: { tag1: "value1" }, command: "FOO", params: [] }],
    ["@tag1=value1\\ foo", { tags: { tag1: "value1" }, command: "FOO", params: [] }],
    ["@tag1=1;tag1=2 foo", { tags: { tag1: "2" }, command: "FOO", params: [] }],
    ["privmsg  #dev   hi", { command: "PRIVMSG", params: ["#dev", "hi"] }],
    ["001 alice :Welcome", { command: "001", params: ["alice", "Welcome"] }],
  ];
  for (const [line, expected] of cases) test(JSON.stringify(line), () => expect(parseMessage(line)).toEqual(expected));

  test("a line with no command is no message", () => {
    for (const line of ["", "   ", "@a=b", "@a=b ", ":src", ":src  "]) expect(parseMessage(line)).toBeUndefined();
  });
});

describe("writing an IRC line", () => {
  test("the last parameter is trailing only when it must be", () => {
    expect(formatMessage({ command: "PRIVMSG", params: ["#dev", "hello world"] })).toBe("PRIVMSG #dev :hello world");
    expect(formatMessage({ command: "PRIVMSG", params: ["#dev", "hi"] })).toBe("PRIVMSG #dev :hi");
    expect(formatMessage({ command: "JOIN", params: ["#dev"] })).toBe("JOIN #dev");
    expect(formatMessage({ command: "PRIVMSG", params: ["#dev", ""] })).toBe("PRIVMSG #dev :");
    expect(formatMessage({ command: "PRIVMSG", params: ["#dev", ":)"] })).toBe("PRIVMSG #dev ::)");
    expect(formatMessage({ command: "PING", params: [] })).toBe("PING");
  });

  test("with tags and a source, and tag values escaped so that they read back the same", () => {
    const message = { tags: { time: "2026-12-07T10:00:00.000Z", "+typing": "", note: "a; b\\c\r\n d" }, source: "alice!a@h", command: "PRIVMSG", params: ["#dev", "hi there"] };
    const line = formatMessage(message);
    expect(line).toBe("@time=2026-12-07T10:00:00.000Z;+typing;note=a\\:\\sb\\\\c\\r\\n\\sd :alice!a@h PRIVMSG #dev :hi there");
    expect(parseMessage(line)).toEqual(message);
    expect(unescapeTagValue(escapeTagValue("\\s;"))).toBe("\\s;");
  });

  test("a parameter that would change the line's meaning is refused, not sent", () => {
    expect(() => formatMessage({ command: "PRIVMSG", params: ["#dev x", "hi"] })).toThrow(/must be the last/);
    expect(() => formatMessage({ command: "PRIVMSG", params: ["#dev", "hi\r\nQUIT"] })).toThrow(/line break/);
    expect(() => formatMessage({ command: "KICK", params: ["#dev", ":bob", "bye"] })).toThrow(/must be the last/);
  });
});
