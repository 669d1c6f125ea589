import { until, type TestClient } from "./test-client.ts";
import type { TestServer } from "./test-server.ts";
import { ascii, DO, ECHO, IAC, NAWS, SB, SE, SGA, TTYPE, WILL } from "./telnet-bytes.ts";

/** What the server offers a client that has shown it speaks telnet. */
export const CHARACTER_MODE_OFFER = Buffer.from([IAC, WILL, ECHO, IAC, WILL, SGA, IAC, DO, NAWS, IAC, DO, TTYPE]);

/** The input row redrawn with `prompt` and nothing typed, as the last thing received. */
export const emptyPromptRow = (prompt: string) => new RegExp(`\\r${RegExp.escape(prompt)}\\x1b\\[K$`);

/**
 * Agrees to character mode the way Debian telnet does once offered it: DO ECHO, DO SGA,
 * its window size and terminal type.
 */
export async function agreeToCharacterMode(client: TestClient, { columns = 80, terminal = "XTERM-256COLOR" } = {}): Promise<void> {
  await until(() => client.bytes.includes(CHARACTER_MODE_OFFER), "the offer of character mode");
  client.send(Uint8Array.from([IAC, DO, ECHO, IAC, DO, SGA, IAC, WILL, NAWS, IAC, SB, NAWS, 0, columns, 0, 24, IAC, SE, IAC, WILL, TTYPE]));
  await until(() => client.bytes.includes(Buffer.from([IAC, SB, TTYPE, 1, IAC, SE])), "the request for the terminal type");
  client.send(Uint8Array.from([IAC, SB, TTYPE, 0, ...ascii(terminal), IAC, SE]));
}

/** Joins as `nick` the way Debian telnet does: a CR LF line, then agreeing to the offer. */
export async function joinInCharacterMode(
  server: TestServer,
  nick: string,
  options: { columns?: number; terminal?: string } = {},
): Promise<TestClient> {
  const client = await server.connect();
  await client.waitFor(/Pick a nickname: $/);
  client.telnetLine(nick);
  await agreeToCharacterMode(client, options);
  await client.waitFor(emptyPromptRow(`[${nick} #lobby] `));
  return client;
}
