/** @jsxImportSource @kitajs/html */
import { RoomCount, roomCountId, RoomList, type RoomEntry } from "../../views/room-list.tsx";
import type { Chat } from "../chat/index.ts";
import { html } from "./html.ts";
import { hxPartial } from "./hx-partial.ts";
import { listedRooms } from "./listed-rooms.ts";
import { dataPart, END_OF_MESSAGE, sseFrame } from "./sse-frame.ts";

/** The side panel's room list and its head counts, as SSE frames every page shares. */
export class RoomListFrames {
  /** The room-list lines, until the next join or leave changes a head count. */
  #lines: Uint8Array | undefined;

  constructor(private readonly chat: Chat) {
    chat.observe((event) => {
      if (event.kind === "join" || event.kind === "leave") this.#lines = undefined;
    });
  }

  /** The lines that fill `#rooms` with the listed rooms, as a part of a bigger message. */
  lines(): Uint8Array {
    if (!this.#lines) {
      const { rooms, more } = listedRooms(this.chat);
      this.#lines = dataPart(hxPartial("#rooms", "innerHTML", html(<RoomList rooms={rooms} more={more} />)));
    }
    return this.#lines;
  }

  /**
   * The room list with head counts, as it is now, as a message of its own: sent to every
   * page when a room opens or closes. Not cached by event: WebSessions throttles it (see there).
   */
  whole(): Uint8Array {
    return Buffer.concat([this.lines(), END_OF_MESSAGE]);
  }

  /** New head counts of rooms every page already lists: a few bytes each, not the whole list. */
  counts(rooms: readonly RoomEntry[]): Uint8Array {
    const counts = rooms.map((room) =>
      hxPartial(`#${roomCountId(room.name)}`, "innerHTML", html(<RoomCount members={room.members} />)),
    );
    return sseFrame(counts.join(""));
  }
}
