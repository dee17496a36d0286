import { parseTrustLevel } from '@efa-kit/core';
import type { EfaDatabase } from '@efa-kit/core/server';
import type { JurisdictionDataInput } from '../schema/fixtures-types.js';
import {
  type Leistung,
  type OpeningHours,
  onlinedienstSchema,
  organisationseinheitSchema,
  zustaendigkeitSchema,
} from '../schema/index.js';
import { OpeningHoursSyntaxError, parseOpeningHours } from '../schema/opening-hours.js';
import { CsvSyntaxError, parseCsv } from './csv.js';
import {
  areaKey,
  checkSize,
  commitImport,
  type ImportContext,
  type ImportResult,
  invalid,
  validated,
} from './import-common.js';

/**
 * The CSV template for municipalities that maintain their own authorities (templates/
 * behoerden-vorlage.csv): one row per responsibility (authority × service × area). Authority
 * columns may be left empty on the authority's later rows. Semicolon or comma separated
 * (spreadsheets in German locales write semicolons), UTF-8.
 */
export const csvTemplateColumns = [
  'behoerde_id',
  'behoerde_name',
  'anschrift_typ',
  'strasse',
  'hausnummer',
  'plz',
  'ort',
  'telefon',
  'email',
  'web',
  'oeffnungszeiten',
  'barrierefreiheit',
  'leistung',
  'gebiet',
  'rolle',
  'onlinedienst_url',
  'vertrauensniveau',
] as const;

export interface CsvTemplateParseOptions {
  file: string;
  knownArea: (ars: string) => boolean;
  existingService: (idOrKey: string) => Leistung | undefined;
  maxBytes?: number;
}

export function parseCsvTemplate(text: string, options: CsvTemplateParseOptions): JurisdictionDataInput {
  const { file } = options;
  checkSize(file, text, options.maxBytes);
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const delimiter = firstLine.includes(';') ? ';' : ',';
  let parsed: ReturnType<typeof parseCsv>;
  try {
    parsed = parseCsv(text, delimiter);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw invalid(file, error.line, error.message, error.message);
    throw error;
  }
  const missing = csvTemplateColumns.filter((column) => !parsed.header.includes(column));
  if (missing.length > 0) {
    throw invalid(
      file,
      1,
      `Spalten fehlen: ${missing.join(', ')}.`,
      `missing columns: ${missing.join(', ')}.`,
    );
  }
  const source = `csv:${file}`;
  const result: JurisdictionDataInput = {
    gebiete: [],
    leistungen: [],
    authorities: [],
    onlineServices: [],
    zustaendigkeiten: [],
  };
  const authorities = new Map<string, JurisdictionDataInput['authorities'][number]>();
  for (const { line, values } of parsed.records) {
    const v = (name: (typeof csvTemplateColumns)[number]) => values[name]?.trim() || undefined;
    const id = v('behoerde_id');
    if (!id) throw invalid(file, line, 'behoerde_id fehlt.', 'behoerde_id is missing.');
    if (!authorities.has(id)) {
      let openingHours: OpeningHours | undefined;
      const hours = v('oeffnungszeiten');
      if (hours) {
        try {
          openingHours = parseOpeningHours(hours);
        } catch (error) {
          if (error instanceof OpeningHoursSyntaxError) {
            throw invalid(
              file,
              line,
              `oeffnungszeiten: ${error.message}.`,
              `oeffnungszeiten: ${error.message}.`,
            );
          }
          throw error;
        }
      }
      const town = v('ort');
      const authority = validated(
        organisationseinheitSchema,
        {
          id,
          name: v('behoerde_name'),
          gebiet: null,
          addresses: town
            ? [
                {
                  type: v('anschrift_typ') ?? '002',
                  street: v('strasse'),
                  houseNumber: v('hausnummer'),
                  postcode: v('plz'),
                  town,
                },
              ]
            : [],
          phone: v('telefon'),
          email: v('email'),
          web: v('web'),
          openingHours,
          accessibility: v('barrierefreiheit'),
          demo: false,
          source,
        },
        file,
        line,
      );
      authorities.set(id, authority);
      result.authorities.push(authority);
    }
    const serviceRef = v('leistung') ?? '';
    const service = options.existingService(serviceRef);
    if (!service)
      throw invalid(file, line, `Unbekannte Leistung „${serviceRef}“.`, `unknown service "${serviceRef}".`);
    const rawArea = v('gebiet') ?? '';
    const gebiet = areaKey(rawArea, options.knownArea);
    if (!gebiet)
      throw invalid(
        file,
        line,
        `Unbekannter Regionalschlüssel „${rawArea}“.`,
        `unknown regional key "${rawArea}".`,
      );
    let onlinedienst: string | null = null;
    const url = v('onlinedienst_url');
    if (url) {
      onlinedienst = `${id}.OD.${service.id}`;
      const level = v('vertrauensniveau');
      const trustLevel = level ? parseTrustLevel(level) : undefined;
      if (level && !trustLevel) {
        throw invalid(
          file,
          line,
          `Unbekanntes Vertrauensniveau „${level}“.`,
          `unknown trust level "${level}".`,
        );
      }
      result.onlineServices.push(
        validated(
          onlinedienstSchema,
          {
            id: onlinedienst,
            name: `${service.name.de} – online`,
            url,
            trustLevel: trustLevel ?? null,
            source,
          },
          file,
          line,
        ),
      );
    }
    result.zustaendigkeiten.push(
      validated(
        zustaendigkeitSchema,
        {
          id: `${source}.${id}.${service.id}.${gebiet}`,
          leistung: service.id,
          organisationseinheit: id,
          gebiet,
          rolle: v('rolle') ?? '01',
          onlinedienst,
          source,
        },
        file,
        line,
      ),
    );
    const authority = authorities.get(id);
    if (authority && authority.gebiet === null) authority.gebiet = gebiet;
  }
  return result;
}

export async function importCsvTemplate(
  db: EfaDatabase,
  text: string,
  context: ImportContext,
): Promise<ImportResult> {
  const data = parseCsvTemplate(text, {
    file: context.file,
    maxBytes: context.maxBytes,
    knownArea: (ars) => context.index.gebiet(ars) !== undefined,
    existingService: (idOrKey) => context.index.service(idOrKey),
  });
  return commitImport(db, context.file, data);
}
