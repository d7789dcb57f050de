import * as path from 'node:path';

/** Per SQLite file of this process: the end of the line of write turns. */
const lines = new Map<string, Promise<void>>();

/**
 * Waits for this process's other connections to the same SQLite file to end their write turn,
 * and resolves with the function that ends this one.
 *
 * better-sqlite3 waits for a lock synchronously, blocking the event loop. A transaction is held
 * open across awaits, so a second connection of the same process that wrote meanwhile would
 * block the very thread that has to finish the first transaction, until its busy timeout fails
 * it. Two data sources on one file in one process (replicas simulated in a test, a CLI command
 * run in-process) therefore take turns here; other processes are waited for by SQLite itself.
 * `:memory:` databases are private to their connection and need no turn.
 */
export async function takeFileTurn(file: string): Promise<() => void> {
  if (file === ':memory:' || file === '') return () => undefined;
  const key = path.resolve(file);
  const previous = lines.get(key) ?? Promise.resolve();
  let end!: () => void;
  const mine = previous.then(() => new Promise<void>((resolve) => (end = resolve)));
  lines.set(key, mine);
  await previous;
  return () => {
    end();
    if (lines.get(key) === mine) lines.delete(key);
  };
}
