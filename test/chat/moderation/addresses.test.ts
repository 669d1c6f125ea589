import { describe, expect, test } from "bun:test";
import { addressBanned, canonicalAddress, looksLikeAddress } from "../../../src/chat/moderation/addresses.ts";

describe("addresses as bans name them", () => {
  test("one address is written one way: IPv4-mapped as IPv4, IPv6 in lower case with zeros compressed", () => {
    expect(canonicalAddress("::ffff:192.0.2.2")).toBe("192.0.2.2");
    expect(canonicalAddress("FD00::2")).toBe("fd00::2");
    expect(canonicalAddress("fd00:0:0::2")).toBe("fd00::2");
    expect(canonicalAddress("fd00:0000:0000:0000:0000:0000:0000:0002")).toBe("fd00::2");
    expect(canonicalAddress("2001:db8:0:0:1:0:0:1")).toBe("2001:db8::1:0:0:1");
    expect(canonicalAddress("::1")).toBe("::1");
    expect(canonicalAddress("::")).toBe("::");
    expect(canonicalAddress("10.1.2.3/8")).toBe("10.0.0.0/8");
    expect(canonicalAddress("2001:DB8:1::/32")).toBe("2001:db8::/32");
  });

  test("a ban covers the same address however the listener writes it, and every address of a range", () => {
    expect(addressBanned("192.0.2.2", "::ffff:192.0.2.2")).toBe(true);
    expect(addressBanned("fd00:0:0::2", "fd00::2")).toBe(true);
    expect(addressBanned("FD00::2", "fd00::2")).toBe(true);
    expect(addressBanned("10.0.0.0/8", "10.200.3.4")).toBe(true);
    expect(addressBanned("10.0.0.0/8", "::ffff:10.9.9.9")).toBe(true);
    expect(addressBanned("10.0.0.0/8", "11.0.0.1")).toBe(false);
    expect(addressBanned("2001:db8::/32", "2001:db8:ffff::1")).toBe(true);
    expect(addressBanned("2001:db8::/32", "2001:db9::1")).toBe(false);
    expect(addressBanned("192.0.2.2", "192.0.2.20")).toBe(false);
  });

  test("what is no address is no address: nicknames, bad octets, too many groups, bad prefixes", () => {
    for (const text of ["troll", "bob0", "256.1.1.1", "1.2.3", "1:2:3:4:5:6:7:8:9", "1::2::3", "10.0.0.0/33", "::/129", "10.0.0.0/x", "fd00::g"])
      expect([text, looksLikeAddress(text)]).toEqual([text, false]);
  });
});
