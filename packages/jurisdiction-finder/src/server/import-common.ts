import type { EfaDatabase } from '@efa-kit/core/server';
import type { z } from 'zod';
import type { JurisdictionDataInput } from '../schema/fixtures-types.js';
import type { Leistung } from '../schema/index.js';
import { jurisdictionError } from './errors.js';
import type { JurisdictionIndex } from './search-index.js';
import { deleteData, jurisdictionDb, recordDataset, writeData } from './storage.js';

/** Default upper bound for an import file: a whole state's XZuFi export is a few MB. */
export const defaultMaxImportBytes = 50 * 1024 * 1024;

export interface ImportContext {
  /** File name as shown in error messages. */
  file: string;
  /** The current data, to check references to areas and services. */
  index: JurisdictionIndex;
  maxBytes?: number;
}

/** Ids to delete (XZuFi `loesche`), applied before the upserts in the same transaction. */
export interface Deletions {
  leistungen: string[];
  authorities: string[];
  onlineServices: string[];
  zustaendigkeiten: string[];
}

export interface ImportResult {
  file: string;
  /** Records deleted (XZuFi `loesche`). */
  deleted?: number;
  leistungen: number;
  authorities: number;
  onlineServices: number;
  zustaendigkeiten: number;
}

export function invalid(file: string, line: number, de: string, en: string): Error {
  return jurisdictionError('JURISDICTION_IMPORT_INVALID', { file, line, reason: `${de} / ${en}` });
}

export function checkSize(file: string, text: string, maxBytes = defaultMaxImportBytes): void {
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw jurisdictionError('JURISDICTION_IMPORT_TOO_LARGE', { file, limit: maxBytes });
  }
}

/** Validates one record; the first problem becomes an error naming file, line and field. */
export function validated<T extends z.ZodType>(
  schema: T,
  value: unknown,
  file: string,
  line: number,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.join('.') || '(Datensatz)';
  throw invalid(
    file,
    line,
    `Feld ${path}: ${issue?.message ?? 'ungültig'}`,
    `field ${path}: ${issue?.message ?? 'invalid'}`,
  );
}

/**
 * Area keys arrive as plain ARS, as FIT-Connect/XZuFi URNs, or right-padded with zeros to 12
 * digits (PVOG). Returns the key of a known area, or undefined.
 */
export function areaKey(raw: string, known: (ars: string) => boolean): string | undefined {
  const value = raw.trim().replace(/^urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs:/, '');
  if (!/^\d+$/.test(value)) return undefined;
  if (value === '00' || /^0+$/.test(value)) return '00';
  if (known(value)) return value;
  if (value.length === 12) {
    for (const length of [9, 5, 3, 2]) {
      if (/^0*$/.test(value.slice(length)) && known(value.slice(0, length))) return value.slice(0, length);
    }
  }
  return undefined;
}

/** An imported service keeps the synonyms we already have for the same key. */
export function mergeService(imported: Leistung, existing: Leistung | undefined): Leistung {
  if (!existing) return imported;
  return {
    ...existing,
    ...imported,
    id: existing.id,
    keyStatus: existing.keyStatus === 'verified' ? 'verified' : imported.keyStatus,
    synonyms: [...new Set([...existing.synonyms, ...imported.synonyms])].slice(0, 50),
    description: imported.description ?? existing.description,
    level: existing.level,
    delegable: existing.delegable,
    searchWeight: existing.searchWeight,
  };
}

/** Writes one import in one transaction: all of it or, on any error, nothing. */
export async function commitImport(
  db: EfaDatabase,
  file: string,
  data: Partial<JurisdictionDataInput>,
  deletions?: Deletions,
): Promise<ImportResult> {
  let deleted = 0;
  await jurisdictionDb(db)
    .transaction()
    .execute(async (trx) => {
      if (deletions) deleted = await deleteData(trx, deletions);
      const rows = await writeData(trx, data);
      await recordDataset(trx, `import:${file}`, rows + deleted);
    });
  return {
    file,
    ...(deletions ? { deleted } : {}),
    leistungen: data.leistungen?.length ?? 0,
    authorities: data.authorities?.length ?? 0,
    onlineServices: data.onlineServices?.length ?? 0,
    zustaendigkeiten: data.zustaendigkeiten?.length ?? 0,
  };
}
