import type { Transport } from "../src/chat/events.ts";
import { Nick } from "./nick.tsx";

export interface MemberEntry {
  nick: string;
  transport: Transport;
}

const TRANSPORT_TITLE: Record<Transport, string> = { telnet: "on telnet", web: "on the web" };

/** The items of `#members`: who is in the room and how each is connected. */
export function MemberList({ members }: { members: readonly MemberEntry[] }) {
  return (
    <>
      {members.map((member) => (
        <li class={`member member-${member.transport}`}>
          <Nick nick={member.nick} />{" "}
          <span class={`transport transport-${member.transport}`} title={TRANSPORT_TITLE[member.transport]}>
            {member.transport}
          </span>
        </li>
      ))}
    </>
  );
}
