import { describe, expect, test } from "bun:test";
import { holdsPassword, identifyArguments, provenWithoutPassword, readIdentify } from "../../../src/chat/identity/proof.ts";
import { nickKey } from "../../../src/chat/people/nickname.ts";

describe("proof of a nickname", () => {
  test("/identify takes a nickname and a password, or the password alone", () => {
    expect(identifyArguments("alice correct-horse")).toEqual({ nick: "alice", password: "correct-horse" });
    expect(identifyArguments("  correct-horse ")).toEqual({ password: "correct-horse" });
    expect(identifyArguments("")).toEqual({ password: "" });
  });

  test("a line typed at a nickname prompt is read as /identify only when it is one", () => {
    expect(readIdentify("/IDENTIFY alice correct-horse")).toEqual({ nick: "alice", password: "correct-horse" });
    expect(readIdentify("/identify")).toEqual({ password: "" });
    expect(readIdentify("/identity alice")).toBeUndefined();
    expect(readIdentify("alice")).toBeUndefined();
  });

  test("every line that carries a password is known as one, so no transport keeps it", () => {
    for (const line of ["/register correct-horse", "  /Identify alice pw", "/password tr0ub4dor", "/identify"]) expect(holdsPassword(line)).toBe(true);
    for (const line of ["/registered", "say /register x", "/msg bob /password", "hello"]) expect(holdsPassword(line)).toBe(false);
  });

  test("a key the account lists, or a nickname proven earlier this session (or a look-alike of it), proves it without a password", () => {
    const account = { nick: "alice", keys: ["SHA256:mine"], passwordHash: "x" };
    expect(provenWithoutPassword(account, { key: "SHA256:mine" })).toBe(true);
    expect(provenWithoutPassword(account, { key: "SHA256:other" })).toBe(false);
    expect(provenWithoutPassword(account, { proven: new Set([nickKey("alice")]) })).toBe(true);
    expect(provenWithoutPassword(account, { proven: new Set([nickKey("aIice")]) })).toBe(true);
    expect(provenWithoutPassword(account, { proven: new Set([nickKey("bob")]) })).toBe(false);
    expect(provenWithoutPassword(account, { password: "correct-horse" })).toBe(false);
    expect(provenWithoutPassword(account, undefined)).toBe(false);
  });
});
