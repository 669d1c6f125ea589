import type { Transport } from "../src/chat/events.ts";

export interface MemberEntry {
  nick: string;
  transport: Transport;
}

/** The items of `#members`: who is in the room and how each is connected. */
export function MemberList({ members }: { members: readonly MemberEntry[] }) {
  return (
    <>
      {members.map((member) => (
        <li class={`member member-${member.transport}`}>
          <span class="nick" safe>
            {member.nick}
          </span>{" "}
          <span class="transport" title={member.transport === "web" ? "on the web" : "on telnet"}>
            {member.transport}
          </span>
        </li>
      ))}
    </>
  );
}
