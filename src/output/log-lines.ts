/**
 * The server's log on stdout: one line per thing that happened, each stamped with its
 * time, written once per turn of the event loop. A storm of arrivals logs thousands of
 * lines a second, and one write (a system call) each would cost more than the lines.
 * Whatever is held is written before the process exits.
 */
export function createLog(write: (text: string) => void = (text) => console.log(text)): (line: string) => void {
  let held: string[] = [];
  const flush = () => {
    if (held.length === 0) return;
    const text = held.join("\n");
    held = [];
    write(text);
  };
  process.on("exit", flush);
  return (line) => {
    if (held.length === 0) setImmediate(flush);
    held.push(`${new Date().toISOString()} ${line}`);
  };
}
