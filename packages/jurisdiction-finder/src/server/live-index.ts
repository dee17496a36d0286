import type { EfaDatabase } from '@efa-kit/core/server';
import { sql } from 'kysely';
import { JurisdictionIndex } from './search-index.js';
import { loadData } from './storage.js';

/** Builds the in-memory index from the database. */
export async function loadIndex(db: EfaDatabase): Promise<JurisdictionIndex> {
  return new JurisdictionIndex(await loadData(db));
}

/**
 * The index an app server answers from, swapped whole after an import so that requests in
 * flight keep a consistent view. Several app servers each hold one; call `refresh()` when the
 * data changed (after an import, or on a timer).
 */
export class LiveIndex {
  private index: JurisdictionIndex;
  loadedAt: Date;

  private constructor(
    private readonly db: EfaDatabase,
    index: JurisdictionIndex,
  ) {
    this.index = index;
    this.loadedAt = new Date();
  }

  static async load(db: EfaDatabase): Promise<LiveIndex> {
    const live = new LiveIndex(db, await loadIndex(db));
    live.version = await live.dataVersion();
    return live;
  }

  get current(): JurisdictionIndex {
    return this.index;
  }

  async refresh(): Promise<JurisdictionIndex> {
    this.version = await this.dataVersion();
    this.index = await loadIndex(this.db);
    this.loadedAt = new Date();
    return this.index;
  }

  private version = '';

  /** Reloads only when another process imported data since the last load; true when it did. */
  async refreshIfChanged(): Promise<boolean> {
    if ((await this.dataVersion()) === this.version) return false;
    await this.refresh();
    return true;
  }

  /** Changes whenever an import or seed is committed (any app server's). */
  private async dataVersion(): Promise<string> {
    const result = await sql<{ version: string | null }>`
      select max(imported_at)::text || ':' || count(*)::text as version from efa_jurisdiction.dataset`.execute(
      this.db,
    );
    return result.rows[0]?.version ?? '';
  }

  /**
   * Polls the database and reloads the index when another process imported data, so every app
   * server behind a load balancer converges within `intervalMs`. Returns a stop function.
   */
  watch(intervalMs = 60_000, onError: (error: unknown) => void = () => {}): () => void {
    let running = false;
    const timer = setInterval(async () => {
      if (running) return;
      running = true;
      try {
        await this.refreshIfChanged();
      } catch (error) {
        onError(error);
      } finally {
        running = false;
      }
    }, intervalMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }
}
