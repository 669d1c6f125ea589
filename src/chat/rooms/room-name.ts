import { fail, ok, type Result } from "../result.ts";

export const LOBBY = "#lobby";
const ROOM_PATTERN = /^#[a-z0-9_.-]{1,24}$/;

/** Room names are `#` plus 1–24 of lowercase letters, digits, `_`, `-`, `.`; input is lowercased. */
export function validateRoomName(raw: string): Result<string> {
  const name = raw.trim().toLowerCase();
  const withHash = name.startsWith("#") ? name : `#${name}`;
  if (!ROOM_PATTERN.test(withHash)) {
    const shown = raw.trim().length > 32 ? `${raw.trim().slice(0, 32)}…` : raw.trim();
    return fail("room-invalid", `${shown} is not a room name: room names are # followed by 1–24 letters, digits, _ - or . (no spaces).`);
  }
  return ok(withHash);
}
