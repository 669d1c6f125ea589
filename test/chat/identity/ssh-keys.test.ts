import { describe, expect, test } from "bun:test";
import { parsePublicKey } from "../../../src/chat/identity/ssh-keys.ts";
import { FINGERPRINT, KEY } from "../chat-harness.ts";

describe("SSH public keys", () => {
  test("a pasted .pub line gives the fingerprint OpenSSH shows, with or without its comment", () => {
    expect(parsePublicKey(KEY)).toEqual({ ok: true, value: FINGERPRINT });
    expect(parsePublicKey(`  ${KEY.split(" ").slice(0, 2).join(" ")}\n`)).toEqual({ ok: true, value: FINGERPRINT });
  });

  test("what is not a key line is refused with what to paste", () => {
    for (const line of ["", "hello there", `ssh-foo ${KEY.split(" ")[1]}`, "ssh-ed25519 not*base64"])
      expect(parsePublicKey(line)).toEqual({
        ok: false,
        error: { code: "bad-arguments", message: "That is not an SSH public key: paste a line like ssh-ed25519 AAAA… (your ~/.ssh/id_ed25519.pub)." },
      });
  });

  test("a key cut short, or whose type is not the one its data names, is damaged", () => {
    const data = KEY.split(" ")[1]!;
    for (const line of [`ssh-rsa ${data}`, `ssh-ed25519 ${data.slice(0, 8)}`])
      expect(parsePublicKey(line)).toEqual({ ok: false, error: { code: "bad-arguments", message: "That SSH public key is damaged: paste the whole line again." } });
  });
});
