import { TestClient } from "../telnet/test-client.ts";

/** The name-lists of an SSH_MSG_KEXINIT (RFC 4253 §7.1), as a server offers them. */
export interface KexOffer {
  kex: string[];
  hostKey: string[];
  cipher: string[];
  mac: string[];
  compression: string[];
}

/**
 * Connects with a raw socket, says an SSH version, and reads the server's version line and
 * its (unencrypted) KEXINIT: what the server offers every client, before any crypto.
 */
export async function kexOfferOf(port: number): Promise<KexOffer> {
  const client = await TestClient.connect(port);
  try {
    client.send("SSH-2.0-switchboard-test\r\n");
    await client.waitFor(/^SSH-2\.0-[^\r\n]*\r\n/);
    let packet: Buffer | undefined;
    const deadline = Date.now() + 5000;
    while (!(packet = kexInitIn(client.bytes))) {
      if (client.isClosed || Date.now() > deadline) throw new Error("no KEXINIT from the server");
      await Bun.sleep(10);
    }
    // Payload: byte 20, 16 bytes of cookie, then the name-lists.
    let at = 17;
    const lists: string[][] = [];
    for (let i = 0; i < 10; i++) {
      const length = packet.readUInt32BE(at);
      lists.push(packet.subarray(at + 4, at + 4 + length).toString("latin1").split(",").filter(Boolean));
      at += 4 + length;
    }
    return { kex: lists[0]!, hostKey: lists[1]!, cipher: lists[2]!, mac: lists[4]!, compression: lists[6]! };
  } finally {
    client.close();
  }
}

/** The payload of the first binary packet after the version line, once it has all arrived. */
function kexInitIn(bytes: Buffer): Buffer | undefined {
  const lineEnd = bytes.indexOf("\r\n");
  if (lineEnd < 0) return undefined;
  const start = lineEnd + 2;
  if (bytes.length < start + 5) return undefined;
  const length = bytes.readUInt32BE(start);
  if (bytes.length < start + 4 + length) return undefined;
  const padding = bytes[start + 4]!;
  const payload = bytes.subarray(start + 5, start + 4 + length - padding);
  if (payload[0] !== 20) throw new Error(`expected KEXINIT (20), got message ${payload[0]}`);
  return payload;
}
