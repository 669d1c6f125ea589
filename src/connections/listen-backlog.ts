import { dlopen, FFIType, ptr } from "bun:ffi";
import { readdirSync, readlinkSync } from "node:fs";

/**
 * How many connections the kernel holds for us while the event loop is busy: the most
 * Linux allows by default (`net.core.somaxconn`), which caps a larger number anyway.
 */
export const LISTEN_BACKLOG = 4096;

const SOL_SOCKET = 1;
const SO_ACCEPTCONN = 30;

/**
 * Raises the accept queue of this process's listening sockets to `backlog`.
 *
 * Bun 1.4 listens with a queue of 512 whatever its `backlog` option says
 * (oven-sh/bun#33786). When thousands reconnect at once (a restart, a network blip),
 * the kernel drops the connections that do not fit and their clients try again only
 * after 1 s, then 3 s, then 7 s: a storm of 10,000 took 4 to 8 s to get in, most of it
 * waiting. Linux lets `listen()` be called again on a listening socket to change its
 * queue, so it is, on every socket of ours that listens (SO_ACCEPTCONN): the two
 * listeners. Anywhere else, or if a step fails, nothing changes; the reason is returned
 * for the log.
 */
export function raiseListenBacklog(backlog = LISTEN_BACKLOG): string | undefined {
  if (process.platform !== "linux") return undefined;
  try {
    const libc = dlopen("libc.so.6", {
      listen: { args: [FFIType.i32, FFIType.i32], returns: FFIType.i32 },
      getsockopt: { args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
    });
    const value = new Int32Array(1);
    const length = new Uint32Array([4]);
    const listens = (fd: number) =>
      libc.symbols.getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, ptr(value), ptr(length)) === 0 && value[0] === 1;
    let raised = 0;
    for (const name of readdirSync("/proc/self/fd")) {
      const fd = Number(name);
      if (isSocket(fd) && listens(fd) && libc.symbols.listen(fd, backlog) === 0) raised++;
    }
    libc.close();
    return raised > 0 ? undefined : "no listening socket found";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function isSocket(fd: number): boolean {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`).startsWith("socket:");
  } catch {
    return false; // closed meanwhile (the fd that listed the folder, for one)
  }
}
