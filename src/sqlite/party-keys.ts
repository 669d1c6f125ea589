import type { Identities } from "../chat/events.ts";
import { partyKey } from "../stores/history-store.ts";

/**
 * The keys `who`'s privates are filed under (see `partyKey`), as the queries' `$id` and
 * `$party`. Without a party, `$party` is the empty string, which no row's sender or target
 * is: its walks find nothing and duplicate nothing.
 */
export function identityKeys(who: Identities): { id: string; party: string } {
  return { id: partyKey(who), party: who.party === undefined ? "" : partyKey({ id: who.party }) };
}

/** The same keys as a list: the id alone, or the id and the party. */
export function partyKeys(who: Identities): string[] {
  const { id, party } = identityKeys(who);
  return party ? [id, party] : [id];
}
