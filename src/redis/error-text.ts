/** What went wrong, for a log line: the message of an error, or whatever else was thrown. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
