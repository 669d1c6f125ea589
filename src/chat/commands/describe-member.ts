import type { Account } from "../../stores/account-store.ts";
import type { Member } from "../people/member.ts";

/**
 * `/whois`'s answer: transport, room, idle time, away, whether the nickname is registered
 * (and proven), operator, muted; for a member of another instance, where it is.
 */
export function describeMember(member: Member, account: Account | undefined, now: number, isYou: boolean): string {
  const parts = [`${member.nick}${isYou ? " (you)" : ""}: on ${member.transport}, ${member.room ? `in ${member.room}` : "in no room"}`];
  if (member.instance !== undefined) parts.push(`connected to ${member.instance}`);
  else parts.push(`idle ${idleFor(now - member.activeAt)}`);
  if (member.away !== undefined) parts.push(`away: ${member.away}`);
  parts.push(account ? `registered (${[account.passwordHash && "password", account.keys.length && "SSH key"].filter(Boolean).join(", ")})` : "nickname not registered");
  if (member.op) parts.push("operator");
  if (member.mutedUntil !== undefined && member.mutedUntil > now) parts.push("muted");
  return parts.join(", ");
}

/** `45s`, `12m 5s`, `3h 20m`. */
function idleFor(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
}
