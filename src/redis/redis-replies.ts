import type { RemotePresence, Whereabouts } from "../chat/cluster/backend.ts";
import { KEYS } from "./scripts.ts";

/**
 * Redis's replies as the backend reads them. Depending on the protocol version, a hash or
 * a stream read comes as a map or as a flat array: both are read.
 */

/** An entry of the stream as Redis returns it: its id and its fields, flat. */
export type StreamEntry = [string, string[]];

/** The fields of a stream entry, by name. */
export function fieldsOf(flat: string[]): Record<string, string> {
  return Object.fromEntries(pairsOf(flat));
}

/** The entries of an XREAD reply for the one stream read (a map in RESP3, an array in RESP2), or none. */
export function streamEntries(reply: unknown): StreamEntry[] {
  if (!reply) return [];
  if (Array.isArray(reply)) return (reply[0]?.[1] ?? []) as StreamEntry[];
  return ((reply as Record<string, StreamEntry[]>)[KEYS.events] ?? []) as StreamEntry[];
}

/** A presence hash (flat pairs or a map, as the protocol version gives it) as a list. */
export function presenceList(pairs: string[] | Record<string, string>): RemotePresence[] {
  return hashEntries(pairs).map(([id, json]) => ({ id, ...(JSON.parse(json) as Whereabouts) }));
}

/** A hash (flat pairs or a map, or nil for none) as its entries. */
export function hashEntries(reply: string[] | Record<string, string> | null): [string, string][] {
  if (!reply) return [];
  return Array.isArray(reply) ? pairsOf(reply) : Object.entries(reply);
}

function pairsOf(flat: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
  return pairs;
}
