import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Opens (creating it and its folder if needed) the SQLite file the stores share. WAL lets
 * each store have its own connection to it; with `synchronous = NORMAL` a commit is in
 * the WAL before the call returns, which survives `kill -9` (not a power cut: fine for chat).
 */
export function openDatabase(path: string): Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { create: true, strict: true });
  db.run("PRAGMA journal_mode = WAL");
  db.run("PRAGMA synchronous = NORMAL");
  return db;
}
