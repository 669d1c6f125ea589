/** @jsxImportSource @kitajs/html */
import type { Transport } from "../src/chat/events.ts";
import { Nick } from "./nick.tsx";

export interface MemberEntry {
  nick: string;
  transport: Transport;
}

const TRANSPORT_TITLE: Record<Transport, string> = { telnet: "on telnet", web: "on the web" };

/**
 * The element id of a member's entry, so a join or leave can add or remove just that
 * entry. Hex of the lowercased nickname: nicknames may hold `.`, which a selector would
 * misread, and ids must not collide where nicknames differ only in case.
 */
export function memberElementId(nick: string): string {
  return "m-" + Buffer.from(nick.toLowerCase()).toString("hex");
}

/** One member of the room and how they are connected. */
export function MemberItem({ member }: { member: MemberEntry }) {
  return (
    <li class={`member member-${member.transport}`} id={memberElementId(member.nick)}>
      <Nick nick={member.nick} />{" "}
      <span class={`transport transport-${member.transport}`} title={TRANSPORT_TITLE[member.transport]}>
        {member.transport}
      </span>
    </li>
  );
}

/** The items of `#members`: who is in the room and how each is connected. */
export function MemberList({ members }: { members: readonly MemberEntry[] }) {
  return (
    <>
      {members.map((member) => (
        <MemberItem member={member} />
      ))}
    </>
  );
}
