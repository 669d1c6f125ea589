/**
 * W8's two layouts (bench/lib/room-plan.ts) in one process, without sockets: 1,000 web
 * members each in 20 rooms of 50, or each in one, streams whose sink only counts what it
 * is handed, and 10,000 messages a round spread over the rooms as W8's senders spread them. It
 * measures the JavaScript a delivery costs (the domain, the web transport's rendering and
 * the end-of-turn flush), which W8's figures mix with the kernel's writes and wake-ups
 * and with whatever else the machine runs. The two layouts take turns, so drift in the
 * machine's speed falls on both.
 *
 *   bun bench/rooms-in-process.ts [rounds]
 */
import { heapStats } from "bun:jsc";
import { Chat } from "../src/chat/chat.ts";
import type { Member } from "../src/chat/index.ts";
import { WebSessions } from "../src/web/web-sessions.ts";
import { roomCount, roomName, roomsOf, senderRoom, type RoomPlan } from "./lib/room-plan.ts";

const MEMBERS = 1000;
const ROOM_SIZE = 50;
const MESSAGES = 10_000;
/** As many senders in both layouts as W8 has (one per room of the 20-room one). */
const SENDERS = 20 * (MEMBERS / ROOM_SIZE);

/** A stand-in for Bun's sink of one response: counts writes and bytes. */
class CountingSink {
  static writes = 0;
  static bytes = 0;
  write(chunk: Uint8Array): number {
    CountingSink.writes++;
    CountingSink.bytes += chunk.length;
    return chunk.length;
  }
  flush(): number {
    return 0;
  }
  end(): void {}
  close(): void {}
}

interface Layout {
  chat: Chat;
  sessions: WebSessions;
  senders: Member[];
  plan: RoomPlan;
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function build(layers: number): Promise<Layout> {
  const plan: RoomPlan = { members: MEMBERS, layers, roomSize: ROOM_SIZE };
  const chat = new Chat({ maxClients: 10_000, maxPerAddress: 10_000, msgRate: 100_000, msgBurst: 100_000, maxRoomsPerMember: 50 });
  const sessions = new WebSessions(chat, { graceSeconds: 600, log: () => {} });
  const join = async (nick: string, rooms: string[]) => {
    const joined = await sessions.join(nick, "127.0.0.1");
    if (!joined.ok) throw new Error(`join ${nick}: ${JSON.stringify(joined)}`);
    const member = joined.value.member!;
    for (const room of rooms) await chat.input(member, `/join ${room}`);
    await chat.input(member, "/part #lobby");
    return joined.value;
  };
  for (let m = 0; m < MEMBERS; m++) {
    const session = await join(`r${m}z`, roomsOf(plan, m));
    const opened = session.openStream(undefined, undefined);
    if (!opened.ok) throw new Error(`stream: ${opened.refusal}`);
    opened.stream.pull(new CountingSink() as unknown as ReadableStreamDirectController);
  }
  const senders: Member[] = [];
  for (let s = 0; s < SENDERS; s++) senders.push((await join(`s${s}z`, [senderRoom(plan, s)])).member!);
  // Past the room list's push to every page (at most every 500 ms after a join).
  await Bun.sleep(700);
  return { chat, sessions, senders, plan };
}

/** Sends W8's messages in its order (message k from sender k mod senders), one per turn. */
async function send(layout: Layout, round: number): Promise<{ cpuMs: number; writes: number; bytes: number }> {
  CountingSink.writes = 0;
  CountingSink.bytes = 0;
  Bun.gc(true);
  const before = process.cpuUsage();
  for (let k = 0; k < MESSAGES; k++) {
    const sender = layout.senders[k % SENDERS]!;
    await layout.chat.say(sender, `~${k % SENDERS}:${round * MESSAGES + k}~ hello there`);
    await settle();
  }
  await settle();
  const used = process.cpuUsage(before);
  return { cpuMs: (used.user + used.system) / 1000, writes: CountingSink.writes, bytes: CountingSink.bytes };
}

const rounds = Number(Bun.argv[2] ?? 5);
/** The live heap after a full collection, in MB. */
const heapMB = () => (Bun.gc(true), heapStats().heapSize / 2 ** 20);
const empty = heapMB();
const twenty = await build(20);
const withTwenty = heapMB();
const one = await build(1);
const withOne = heapMB() - withTwenty;
console.log(
  `rooms: ${roomCount(twenty.plan)} vs ${roomCount(one.plan)} (${roomName(0)}…); live heap of each layout ` +
    `${(withTwenty - empty).toFixed(1)} vs ${withOne.toFixed(1)} MB (the first also holds the code both run)`,
);
const deliveries = MESSAGES * ROOM_SIZE;
const ratios: number[] = [];
const per = (x: { cpuMs: number }) => ((1000 * x.cpuMs) / deliveries).toFixed(2);
// A first round each, not counted: the JIT compiles the path meanwhile.
await send(twenty, 0);
await send(one, 0);
for (let r = 1; r <= rounds; r++) {
  // Taking turns, in both orders.
  let a, b;
  if (r % 2 === 0) (a = await send(twenty, r)), (b = await send(one, r));
  else (b = await send(one, r)), (a = await send(twenty, r));
  ratios.push(a.cpuMs / b.cpuMs);
  console.log(
    `round ${r}: 20 rooms ${per(a)} ms, 1 room ${per(b)} ms per 1,000 deliveries (x${(a.cpuMs / b.cpuMs).toFixed(2)}); ` +
      `writes per delivery ${(a.writes / deliveries).toFixed(2)} vs ${(b.writes / deliveries).toFixed(2)}, bytes ${Math.round(a.bytes / deliveries)} vs ${Math.round(b.bytes / deliveries)}`,
  );
}
ratios.sort((x, y) => x - y);
console.log(`median ratio x${ratios[Math.floor(ratios.length / 2)]!.toFixed(2)}`);
twenty.chat.shutdown();
one.chat.shutdown();
process.exit(0);
