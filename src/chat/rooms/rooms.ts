import type { Clock } from "../clock.ts";
import type { PresenceChange } from "../cluster/backend.ts";
import { presenceOf, whereabouts } from "../cluster/whereabouts.ts";
import type { NewEvent, RecordedEvent, TopicEvent } from "../events.ts";
import type { Member } from "../people/member.ts";
import type { Pending } from "../result.ts";
import { RoomTopics } from "../../stores/room-topics.ts";
import { Crowds, type CrowdGathering, type Gathered } from "./crowds.ts";
import { LOBBY } from "./room-name.ts";
import { Room } from "./room.ts";

/** A room as `/rooms` and the console list it. */
export interface RoomListing {
  readonly name: string;
  readonly members: number;
  readonly topic?: string;
}

/** What the rooms need of the chat. `ChatCore` is one. */
export interface RoomsHost {
  publish(fields: NewEvent, change?: PresenceChange): Pending<RecordedEvent>;
  tell(member: Member, text: string): void;
  /** The id of the newest event. */
  readonly lastId: number;
  /** The chat is stopping: no crowd line is told any more. */
  readonly closed: boolean;
  log(line: string): void;
}

/** How often a big room's comings and goings are told (see `Crowds`). */
const CROWD_EVERY_MS = 1000;

/**
 * Every room with someone in it (and #lobby, always), their topics, and how members come
 * and go: one join when a member enters, one leave when it leaves, a crowd line a second
 * instead in a big room.
 */
export class Rooms {
  readonly #rooms = new Map<string, Room>();
  /** Each room's topic; kept while the room is empty, for whoever comes next (so many rooms' at most). */
  readonly #topics = new RoomTopics();
  constructor(
    private readonly host: RoomsHost,
    private readonly bigRoom: number,
    private readonly clock: Clock,
    topics: readonly TopicEvent[],
    /** Where crowd lines are gathered: here, or with the other instances (see `CrowdGathering`). */
    private readonly crowds: CrowdGathering = new Crowds(),
  ) {
    this.#rooms.set(LOBBY, new Room(LOBBY, bigRoom));
    for (const topic of topics) this.#topics.recorded(topic);
  }

  get(name: string): Room | undefined {
    return this.#rooms.get(name);
  }

  /** The room called `name`, made if it is not there yet. */
  named(name: string): Room {
    let room = this.#rooms.get(name);
    if (!room) {
      room = new Room(name, this.bigRoom);
      this.#rooms.set(name, room);
    }
    return room;
  }

  /** Everyone in `room`, sorted by nickname. */
  membersOf(name: string): readonly Member[] {
    return this.#rooms.get(name)?.sortedMembers() ?? [];
  }

  /** Rooms with their member counts and topics, by name. */
  list(): RoomListing[] {
    return [...this.#rooms.values()]
      .map((room) => ({ name: room.name, members: room.size, topic: this.#topics.get(room.name)?.topic }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  topicOf(name: string): TopicEvent | undefined {
    return this.#topics.get(name);
  }

  /** A topic was set (or cleared) in the one order. */
  keepTopic(event: TopicEvent): void {
    this.#topics.recorded(event);
  }

  /** How many rooms there are (with someone in them, and #lobby). */
  get count(): number {
    return this.#rooms.size;
  }

  /**
   * The member enters `name`, which becomes its current room, staying in the others: it
   * is shown `history` (read before anything changed) and the topic, then the room sees
   * it join. Already there, it is only its current room now.
   */
  enter(member: Member, name: string, history: readonly RecordedEvent[]): void {
    if (member.isIn(name) && this.#rooms.get(name)?.has(member)) return this.view(member, name);
    const room = this.named(name);
    const seenUpTo = member.memberships.seenUpTo(name);
    member.memberships.add(name, this.host.lastId);
    member.sink.enter(name, history, seenUpTo);
    const topic = this.#topics.get(name);
    if (topic) this.host.tell(member, `Topic of ${name}: ${topic.topic} (set by ${topic.by})`);
    room.add(member);
    const quiet = this.#isBig(room.size) && this.#gather(name, member.nick, false);
    const join = { kind: "join", room: name, nick: member.nick, transport: member.transport } as const;
    this.host.publish(quiet ? { ...join, quiet } : join, presenceOf(member));
  }

  /** `name`, one of the member's rooms, is its current one now (and no conversation is in view). */
  view(member: Member, name: string): void {
    const { memberships } = member;
    if (!memberships.has(name) || (memberships.current === name && memberships.talkingTo === undefined)) return;
    memberships.view(name, this.host.lastId);
    member.sink.viewing?.(name);
  }

  /**
   * The member leaves `name`, one of its rooms (the last one only when it leaves the chat,
   * `leavingChat`: then every instance forgets it; or when it is roomless, and stays, in
   * no room). `quietly`: the room was told another way (a moderation line).
   */
  exit(member: Member, name: string, reason: string, quietly = false, leavingChat = false): void {
    const room = this.#rooms.get(name);
    if (!room?.delete(member)) return;
    const wasCurrent = member.room === name;
    member.memberships.remove(name, this.host.lastId);
    const stays = member.memberships.size > 0 || (member.memberships.roomless && !leavingChat);
    const change = { member: member.id, now: stays ? whereabouts(member) : null };
    const quiet = quietly || (this.#isBig(room.size + 1) && this.#gather(room.name, member.nick, true));
    const leave = { kind: "leave", room: room.name, nick: member.nick, reason } as const;
    this.host.publish(quiet ? { ...leave, quiet } : leave, change);
    this.dropIfEmpty(room);
    if (wasCurrent && member.memberships.size > 0) member.sink.viewing?.(member.room);
  }

  /** The member leaves the chat: every room of its sees it go, `toldIn` already knows (a moderation line). */
  exitAll(member: Member, reason: string, toldIn?: string): void {
    // The current room last: until then, the others are left from where the member is.
    const rooms = member.rooms.filter((name) => name !== member.room);
    for (const name of [...rooms, member.room]) this.exit(member, name, reason, name === toldIn, true);
  }

  /** Takes `member` out of its rooms' listings without a word (it is listed elsewhere now, or gone with its instance). */
  unlist(member: Member): void {
    for (const name of member.rooms) {
      const room = this.#rooms.get(name);
      if (room?.delete(member)) this.dropIfEmpty(room);
    }
  }

  /** Lists `member` in each of its rooms, without a word (a member of another instance, or moved here from one). */
  listIn(member: Member): void {
    for (const name of member.rooms) this.named(name).add(member);
  }

  /** A room nobody is in is forgotten (#lobby stays); its topic is kept. */
  dropIfEmpty(room: Room): void {
    if (room.size === 0 && room.name !== LOBBY) this.#rooms.delete(room.name);
  }

  /** Everyone is gone (the server stops). */
  clear(): void {
    this.crowds.clear();
    for (const room of this.#rooms.values()) room.clear();
  }

  /** Whether a room of `size` members (counting the one coming or going) is big. */
  #isBig(size: number): boolean {
    return size > this.bigRoom;
  }

  /** Counts a coming or going in its room's next crowd line (scheduling that line if need be); true. */
  #gather(room: string, nick: string, left: boolean): true {
    const first = this.crowds.note(room, nick, left);
    if (first instanceof Promise) void first.then((yes) => yes && this.#scheduleCrowd(room));
    else if (first) this.#scheduleCrowd(room);
    return true;
  }

  #scheduleCrowd(room: string): void {
    this.clock.after(CROWD_EVERY_MS, () => {
      const gathered = this.crowds.take(room);
      if (gathered instanceof Promise) void gathered.then((taken) => this.#tellCrowd(room, taken));
      else this.#tellCrowd(room, gathered);
    });
  }

  /** A big room's comings and goings since its last line, in one line. */
  #tellCrowd(room: string, gathered: Gathered | undefined): void {
    if (!gathered || this.host.closed) return;
    const { joined, joinedCount, left, leftCount } = gathered;
    try {
      this.host.publish({ kind: "crowd", room, joined, joinedCount, left, leftCount });
    } catch (error) {
      this.host.log(`crowd line of ${room}: ${String(error)}`);
    }
  }
}
