import type { EfaDatabase } from '@efa-kit/core/server';
import type { JurisdictionDataInput } from '../schema/fixtures-types.js';
import { gebietLevels, type Leistung, leistungSchema } from '../schema/index.js';
import { CsvSyntaxError, parseCsv } from './csv.js';
import {
  checkSize,
  commitImport,
  type ImportContext,
  type ImportResult,
  invalid,
  mergeService,
  validated,
} from './import-common.js';

/**
 * A service catalogue supplied by the operator (e.g. an export of the LeiKa/FIM catalogue they
 * are licensed to use). Column names are matched loosely, since exports name them differently:
 * key (`Leistungsschlüssel`, `Schlüssel`, `key`), name (`Bezeichnung`, `Leistungsbezeichnung`,
 * `name`), optional `name_en`, `Synonyme`/`Suchbegriffe` (separated by `|`), `Beschreibung`/
 * `Kurztext`, `Ebene` (gemeinde, gemeindeverband, kreis, regierungsbezirk, land, bund).
 */
const aliases = {
  key: ['leistungsschluessel', 'leistungsschlüssel', 'schluessel', 'schlüssel', 'key', 'leika'],
  name: ['bezeichnung', 'leistungsbezeichnung', 'name', 'leistungsname'],
  nameEn: ['name_en', 'bezeichnung_en', 'english'],
  synonyms: ['synonyme', 'suchbegriffe', 'synonyms'],
  description: ['beschreibung', 'kurztext', 'description'],
  level: ['ebene', 'level', 'verwaltungsebene'],
} as const;

function column(header: string[], names: readonly string[]): string | undefined {
  return header.find((h) => names.includes(h.trim().toLowerCase()));
}

/** True when a CSV header looks like a service catalogue rather than the authority template. */
export function isServicesCsv(header: string[]): boolean {
  return (
    column(header, aliases.key) !== undefined &&
    column(header, aliases.name) !== undefined &&
    !header.includes('behoerde_id')
  );
}

export interface ServicesCsvOptions {
  file: string;
  existingService: (idOrKey: string) => Leistung | undefined;
  /** The keys come from the official catalogue: mark them verified. */
  verified?: boolean;
  maxBytes?: number;
}

export function parseServicesCsv(text: string, options: ServicesCsvOptions): JurisdictionDataInput {
  const { file } = options;
  checkSize(file, text, options.maxBytes);
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  let parsed: ReturnType<typeof parseCsv>;
  try {
    parsed = parseCsv(text, firstLine.includes(';') ? ';' : ',');
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw invalid(file, error.line, error.message, error.message);
    throw error;
  }
  const col = Object.fromEntries(
    Object.entries(aliases).map(([field, names]) => [field, column(parsed.header, names)]),
  ) as Record<keyof typeof aliases, string | undefined>;
  if (!col.key || !col.name) {
    throw invalid(
      file,
      1,
      'Spalten für Schlüssel und Bezeichnung fehlen.',
      'columns for key and name are missing.',
    );
  }
  const leistungen: Leistung[] = [];
  const seen = new Set<string>();
  for (const { line, values } of parsed.records) {
    const get = (name: string | undefined) => (name ? values[name]?.trim() || undefined : undefined);
    const key = get(col.key)?.replace(/\s/g, '') ?? '';
    if (!/^\d{14}$/.test(key)) {
      throw invalid(
        file,
        line,
        `Kein 14-stelliger Leistungsschlüssel: „${key}“.`,
        `not a 14-digit service key: "${key}".`,
      );
    }
    if (seen.has(key)) throw invalid(file, line, `Schlüssel ${key} doppelt.`, `key ${key} appears twice.`);
    seen.add(key);
    const level = get(col.level)?.toLowerCase();
    if (level && !(gebietLevels as readonly string[]).includes(level)) {
      throw invalid(file, line, `Unbekannte Ebene „${level}“.`, `unknown level "${level}".`);
    }
    const existing = options.existingService(key);
    const description = get(col.description);
    const record = validated(
      leistungSchema,
      {
        id: key,
        key,
        keyStatus: options.verified ? 'verified' : 'unverified',
        keySource: `CSV ${file}`,
        name: { de: get(col.name), en: get(col.nameEn) },
        description: description ? { de: description } : undefined,
        synonyms: (get(col.synonyms) ?? '')
          .split('|')
          .map((s) => s.trim())
          .filter(Boolean),
        level: level ?? existing?.level ?? 'gemeinde',
        source: `csv:${file}`,
      },
      file,
      line,
    );
    const merged = mergeService(record, existing);
    leistungen.push(level ? { ...merged, level: record.level } : merged);
  }
  return { gebiete: [], leistungen, authorities: [], onlineServices: [], zustaendigkeiten: [] };
}

export async function importServicesCsv(
  db: EfaDatabase,
  text: string,
  context: ImportContext & { verified?: boolean },
): Promise<ImportResult> {
  const data = parseServicesCsv(text, {
    file: context.file,
    maxBytes: context.maxBytes,
    verified: context.verified,
    existingService: (idOrKey) => context.index.service(idOrKey),
  });
  return commitImport(db, context.file, data);
}
