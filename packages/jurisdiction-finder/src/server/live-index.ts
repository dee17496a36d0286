import type { EfaDatabase } from '@efa-kit/core/server';
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
    return new LiveIndex(db, await loadIndex(db));
  }

  get current(): JurisdictionIndex {
    return this.index;
  }

  async refresh(): Promise<JurisdictionIndex> {
    this.index = await loadIndex(this.db);
    this.loadedAt = new Date();
    return this.index;
  }
}
