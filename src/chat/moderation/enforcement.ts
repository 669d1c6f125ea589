import type { Ban } from "../../stores/ban-store.ts";
import { isLoopback } from "../admission/address-limit.ts";
import type { ModerationEvent } from "../events.ts";
import { sameNick } from "../people/nickname.ts";
import { andThen, whenSettled, type Pending } from "../result.ts";
import { addressBanned, looksLikeAddress } from "./addresses.ts";
import type { BanList } from "./ban-list.ts";
import type { ModerationHost } from "./moderation-host.ts";
import type { Mutes } from "./mutes.ts";

/**
 * What moderation events do where they arrive. Every action is one event in the one order,
 * and every instance that receives it applies it to its own members, so a member connected
 * anywhere is reached, and every instance's lists of bans and mutes stay the same.
 */
export class Enforcement {
  constructor(
    private readonly host: ModerationHost,
    private readonly bans: BanList,
    private readonly mutes: Mutes,
    private readonly saveBan: (ban: Ban) => Pending<void>,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * What a moderation event does, on every instance that receives it, to the members
   * connected here: kicked and banned members leave, muted ones stop sending, operators
   * get or lose their rights. The room has had its line first.
   */
  enforce(event: ModerationEvent): void {
    const member = this.host.find(event.target);
    const here = member?.isLocal ? member : undefined;
    const because = `${event.by}${event.reason ? `: ${event.reason}` : ""}`;
    switch (event.action) {
      case "kick":
        if (here) this.host.remove(here, `kicked by ${because}`, here.isIn(event.room) ? event.room : undefined);
        return;
      case "ban": {
        const ban: Ban = {
          target: event.target,
          nick: looksLikeAddress(event.target) ? undefined : event.target,
          address: event.address ?? (looksLikeAddress(event.target) ? event.target : undefined),
          by: event.by,
          reason: event.reason,
          until: event.until,
        };
        this.bans.add(ban);
        for (const banned of this.host.localMembers())
          if ((ban.nick && sameNick(banned.nick, ban.nick)) || (ban.address !== undefined && addressBanned(ban.address, banned.address)))
            // Others from a banned address, and the banned in their other rooms, saw no line: they see the leave.
            this.host.remove(banned, `banned by ${because}`, banned.isIn(event.room) && !event.quiet ? event.room : undefined);
        if (here && ban.address === undefined && !isLoopback(here.address) && !this.#operatorAt(here.address))
          this.#banAddressToo(ban, here.address, event.room);
        return;
      }
      case "unban":
        this.bans.remove(event.target);
        return;
      case "mute":
        this.mutes.set(event.target, event.until ?? Infinity);
        member?.mute(event.until ?? Infinity);
        // An away text is shown to others (`/whois`, the answer to a private message): a muted member's goes.
        if (here?.away !== undefined) {
          here.setAway(undefined);
          this.host.marksChanged(here);
        }
        return;
      case "unmute":
        this.mutes.delete(event.target);
        member?.mute(undefined);
        return;
      case "op":
      case "deop":
        if (here?.account) {
          const op = event.action === "op";
          here.identified({ ...here.account, op }, op);
          this.host.tell(here, op ? "You are now an operator: /kick, /ban, /unban, /bans, /mute and /unmute are yours." : "You are no longer an operator.");
          this.host.marksChanged(here);
        }
        return;
    }
  }

  /** Whether an operator here connects from `address` (a ban of it would reach them: see `Moderation.ban`). */
  #operatorAt(address: string): boolean {
    for (const member of this.host.localMembers()) if (member.op && member.address === address) return true;
    return false;
  }

  /**
   * A nickname banned from another instance was connected here, and only this instance
   * knows its address: it is banned too, in the store and, by a quiet event, everywhere.
   */
  #banAddressToo(ban: Ban, address: string, room: string): void {
    const wider: Ban = { ...ban, address };
    void whenSettled(
      andThen(this.saveBan(wider), () =>
        this.host.publish({
          kind: "moderation",
          room,
          action: "ban",
          target: ban.target,
          by: ban.by,
          address,
          quiet: true,
          ...(ban.reason ? { reason: ban.reason } : {}),
          ...(ban.until !== undefined ? { until: ban.until } : {}),
        }),
      ),
      (published) =>
        this.log(
          published.ok
            ? `ban ${ban.target}: their address ${address} is banned too`
            : `ban ${ban.target}: their address ${address} could not be added (${published.error.message})`,
        ),
    );
  }
}
