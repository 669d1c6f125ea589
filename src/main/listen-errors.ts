/**
 * Starts a listener for `option` (`--telnet-port`, say) on `port`; when it cannot listen,
 * the error says which port and which option, so the one line printed at start tells the
 * operator what to change ("port 2323 (--telnet-port) is already in use").
 */
export function listenFor<T>(option: string, port: number, start: () => T): T {
  try {
    return start();
  } catch (error) {
    throw new Error(listenFailure(option, port, error));
  }
}

function listenFailure(option: string, port: number, error: unknown): string {
  switch ((error as { code?: string }).code) {
    case "EADDRINUSE":
      return `port ${port} (${option}) is already in use`;
    case "EACCES":
      return `port ${port} (${option}) is not allowed to this user (ports below 1024 need privileges)`;
    default:
      return `${(error as Error).message} (${option} ${port})`;
  }
}
