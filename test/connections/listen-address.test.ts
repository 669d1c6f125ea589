import { describe, expect, test } from "bun:test";
import type { NetworkInterfaceInfo } from "node:os";
import { httpUrl, httpUrlFor, localHost, networkHosts, urlHost } from "../../src/connections/listen-address.ts";

const v4 = (address: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask: "255.255.255.0",
  family: "IPv4",
  mac: "02:00:00:00:00:01",
  internal,
  cidr: `${address}/24`,
});
const v6 = (address: string, internal = false, scopeid = 0): NetworkInterfaceInfo => ({
  address,
  netmask: "ffff:ffff:ffff:ffff::",
  family: "IPv6",
  mac: "02:00:00:00:00:01",
  internal,
  cidr: `${address}/64`,
  scopeid,
});

const machine = {
  lo: [v4("127.0.0.1", true), v6("::1", true)],
  eth0: [v4("192.168.1.20"), v6("2001:db8::20"), v6("fe80::1", false, 2)],
  wlan0: [v4("10.0.0.7"), v6("fd00::7")],
  docker0: [v4("192.168.1.20")],
};

describe("listen addresses", () => {
  test("a wildcard listener is reached from this machine through loopback", () => {
    expect(localHost("0.0.0.0")).toBe("127.0.0.1");
    expect(localHost("::")).toBe("::1");
    expect(localHost("192.168.1.20")).toBe("192.168.1.20");
    expect(localHost("fd00::7")).toBe("fd00::7");
  });

  test("IPv6 addresses are bracketed in URLs and only there", () => {
    expect(urlHost("::1")).toBe("[::1]");
    expect(urlHost("127.0.0.1")).toBe("127.0.0.1");
    expect(urlHost("chat.example")).toBe("chat.example");
    expect(httpUrl("::1", 3000)).toBe("http://[::1]:3000/");
    expect(httpUrl("0.0.0.0", 3000)).toBe("http://127.0.0.1:3000/");
  });

  test("with a certificate the web address says https", () => {
    expect(httpUrl("0.0.0.0", 3000, "https")).toBe("https://127.0.0.1:3000/");
    expect(httpUrl("::", 3000, "https")).toBe("https://[::1]:3000/");
  });

  test("on 0.0.0.0 the network addresses are the machine's IPv4 ones, loopback left out, each once", () => {
    expect(networkHosts("0.0.0.0", machine)).toEqual(["192.168.1.20", "10.0.0.7"]);
  });

  test("on :: the IPv6 addresses others can reach are added, link-local left out", () => {
    expect(networkHosts("::", machine)).toEqual(["192.168.1.20", "10.0.0.7", "2001:db8::20", "fd00::7"]);
  });

  test("on one address there is nothing more to print", () => {
    expect(networkHosts("127.0.0.1", machine)).toEqual([]);
    expect(networkHosts("192.168.1.20", machine)).toEqual([]);
  });
});

test("the web address for a client is the address it came in on, when the listener is on every address", () => {
  expect(httpUrlFor("192.168.1.20", "0.0.0.0", 3000)).toBe("http://192.168.1.20:3000/");
  expect(httpUrlFor("::ffff:192.168.1.20", "::", 3000, "https")).toBe("https://192.168.1.20:3000/");
  expect(httpUrlFor("fd00::7", "::", 3000)).toBe("http://[fd00::7]:3000/");
  // On one address, or not knowing, it is the listener's own.
  expect(httpUrlFor("10.0.0.1", "127.0.0.1", 3000)).toBe("http://127.0.0.1:3000/");
  expect(httpUrlFor(undefined, "0.0.0.0", 3000)).toBe("http://127.0.0.1:3000/");
});
