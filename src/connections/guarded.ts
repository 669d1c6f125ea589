/** A connection a listener's socket handlers work on. */
export interface GuardedConnection {
  readonly address: string;
  /** Closes at once, dropping unsent output. */
  terminate(): void;
}

/**
 * A runner of one socket's handlers such that a fault costs that connection only, never
 * the server: the error is logged (as `what error ADDRESS: …`) and the socket cut.
 */
export function guardedBy<C extends GuardedConnection>(what: string, log: (line: string) => void) {
  return (connection: C | undefined, work: (connection: C) => void): void => {
    if (!connection) return;
    try {
      work(connection);
    } catch (error) {
      log(`${what} error ${connection.address}: ${error instanceof Error ? error.message : String(error)}`);
      try {
        connection.terminate();
      } catch {
        // Already gone; its close handler does the cleanup.
      }
    }
  };
}
