/** @jsxImportSource @kitajs/html */
import { escapeHtml } from "@kitajs/html";
import type { Transport } from "../src/chat/index.ts";
import { Nick } from "./nick.tsx";

export interface MemberEntry {
  nick: string;
  transport: Transport;
  /** The nickname is registered (or owned by an SSH key) and the member proved it. */
  registered?: boolean;
  /** An operator: may kick, ban and mute. */
  op?: boolean;
  /** May read but not send. */
  muted?: boolean;
  /** Away, with the reason they gave (`/away`). */
  away?: string;
}

const TRANSPORT_TITLE: Record<Transport, string> = { telnet: "on telnet", ssh: "over SSH", web: "on the web", irc: "on IRC" };

/**
 * The element id of a member's entry, so a join or leave can add or remove just that
 * entry. Hex of the lowercased nickname: nicknames may hold `.`, which a selector would
 * misread, and ids must not collide where nicknames differ only in case.
 */
export function memberElementId(nick: string): string {
  return "m-" + Buffer.from(nick.toLowerCase()).toString("hex");
}

/** One member of the room, their marks, and how they are connected. */
export function MemberItem({ member }: { member: MemberEntry }) {
  return (
    <li class={`member member-${member.transport}`} id={memberElementId(member.nick)}>
      <span class="who">
        <Nick nick={member.nick} />
        <Badges member={member} />
      </span>{" "}
      <span class={`transport transport-${member.transport}`} title={TRANSPORT_TITLE[member.transport]}>
        {member.transport}
      </span>
    </li>
  );
}

/**
 * Small marks after the nickname. Each says what it means in words, so a screen reader
 * reads it as well as it is seen; the title says more to a pointer.
 */
function Badges({ member }: { member: MemberEntry }) {
  return (
    <>
      {member.registered ? (
        <>
          {" "}
          <span class="badge badge-registered" title="registered nickname">
            <span aria-hidden="true">✓</span>
            <span class="visually-hidden">registered</span>
          </span>
        </>
      ) : (
        ""
      )}
      {member.op ? (
        <>
          {" "}
          <span class="badge badge-op" title="operator">
            op
          </span>
        </>
      ) : (
        ""
      )}
      {member.muted ? (
        <>
          {" "}
          <span class="badge badge-muted" title="muted: can read but not send">
            muted
          </span>
        </>
      ) : (
        ""
      )}
      {member.away !== undefined ? (
        <>
          {" "}
          <span class="badge badge-away" title={escapeHtml(member.away ? `away: ${member.away}` : "away")}>
            away
          </span>
        </>
      ) : (
        ""
      )}
    </>
  );
}

/**
 * Members a page lists at most. Every page of a room gets the list when it opens and
 * (in a big room) with each crowd line: a list of 10,000 names to each of 10,000 pages
 * would be gigabytes.
 */
export const MEMBERS_LISTED = 100;

/**
 * The items of `#members`: who is in the room and how each is connected (the first
 * `MEMBERS_LISTED`, and how many more of `total`; callers may pass only those first ones).
 */
export function MemberList({ members, total = members.length }: { members: readonly MemberEntry[]; total?: number }) {
  const more = total - Math.min(members.length, MEMBERS_LISTED);
  return (
    <>
      {members.slice(0, MEMBERS_LISTED).map((member) => (
        <MemberItem member={member} />
      ))}
      {more > 0 ? <li class="member more">and {more} more (/who lists everyone)</li> : ""}
    </>
  );
}
