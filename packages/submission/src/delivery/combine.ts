/**
 * Combines writes that arrive while the previous one runs into one statement (as a group
 * commit does): `write(items)` gets everything queued since it last started, at most `limit`.
 * The first item of a quiet moment is written at once, alone; nobody waits for a timer. Each
 * caller's promise settles with the statement that carried its item, so a caller still learns
 * of its own write only once it is in the database. A failed statement fails all it carried.
 */
export function combineWrites<T>(
  write: (items: T[]) => Promise<void>,
  limit = 64,
): (item: T) => Promise<void> {
  const queue: Array<{ item: T; resolve(): void; reject(error: unknown): void }> = [];
  let running = false;
  async function drain(): Promise<void> {
    running = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, limit);
        try {
          await write(batch.map((entry) => entry.item));
          for (const entry of batch) entry.resolve();
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      running = false;
    }
  }
  return (item) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!running) void drain();
    });
}
