/** SSH_DISCONNECT_TOO_MANY_CONNECTIONS (RFC 4253 §11.1). */
const TOO_MANY_CONNECTIONS = 12;
const SSH_MSG_DISCONNECT = 1;

/**
 * What turns an SSH client away before any key exchange, at no cost in crypto: the
 * server's version line, then an unencrypted DISCONNECT saying why. OpenSSH prints it as
 * "Received disconnect from HOST port PORT:12: REASON"; a refusal that only closed the
 * socket would show "Connection closed by remote host", and no reason.
 */
export function refusalBytes(reason: string): Uint8Array {
  const text = Buffer.from(reason, "utf8");
  const payload = Buffer.alloc(1 + 4 + 4 + text.length + 4);
  payload[0] = SSH_MSG_DISCONNECT;
  payload.writeUInt32BE(TOO_MANY_CONNECTIONS, 1);
  payload.writeUInt32BE(text.length, 5);
  text.copy(payload, 9);
  // The language tag, empty: the last 4 bytes stay zero.
  // Before encryption, length + padding length + payload + padding is a multiple of 8, with 4 to 11 bytes of padding.
  let padding = 8 - ((4 + 1 + payload.length) % 8);
  if (padding < 4) padding += 8;
  const packet = Buffer.alloc(4 + 1 + payload.length + padding);
  packet.writeUInt32BE(1 + payload.length + padding, 0);
  packet[4] = padding;
  payload.copy(packet, 5);
  return Buffer.concat([Buffer.from(`${SSH_VERSION}\r\n`), packet]);
}

/** The version line the refusal says; ssh2 says its own for the clients it serves. */
const SSH_VERSION = "SSH-2.0-Switchboard";
