#!/usr/bin/env node
/**
 * efa-jurisdiction: import XZuFi/CSV data, search services, resolve who is responsible.
 *
 *   efa-jurisdiction import <file.xml|file.csv> [--database <url>] [--json] [--verified]
 *     (XZuFi 2.2, the authority CSV template, or a service catalogue CSV; --verified marks
 *     catalogue keys as checked against the official catalogue)
 *   efa-jurisdiction seed [--database <url>] [--force]
 *   efa-jurisdiction search <text> [--places] [--json] [--lang en]
 *   efa-jurisdiction resolve <service> <place> [--json] [--lang en]
 *
 * The database is `--database` or DATABASE_URL (PostgreSQL URL or PGlite folder). Without
 * one, search and resolve use the packaged reference data in memory, and import only
 * validates the file.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { isEfaError } from '@efa-kit/core';
import { createDatabase, type EfaDatabase, migrate } from '@efa-kit/core/server';
import type { ResolveResult } from '../schema/index.js';
import { catalogue, onlineServices } from '../server/catalogue.js';
import { importCsvTemplate, parseCsvTemplate } from '../server/csv-template.js';
import { defaultMaxImportBytes } from '../server/import-common.js';
import { loadIndex } from '../server/live-index.js';
import { readReferenceData } from '../server/reference-data.js';
import { deriveSaxonAuthorities } from '../server/saxony.js';
import { JurisdictionIndex } from '../server/search-index.js';
import { importServicesCsv, isServicesCsv, parseServicesCsv } from '../server/services-csv.js';
import { jurisdictionMigrations, seedReferenceData } from '../server/storage.js';
import { importXzufi, parseXzufi } from '../server/xzufi.js';

const usage = `Aufruf / usage:
  efa-jurisdiction import <datei.xml|datei.csv> [--database <url>] [--json] [--verified]
  efa-jurisdiction seed [--database <url>] [--force]
  efa-jurisdiction search <text> [--places] [--json] [--lang de|en]
  efa-jurisdiction resolve <leistung> <ort> [--json] [--lang de|en]`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    places: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    verified: { type: 'boolean', default: false },
    database: { type: 'string' },
    lang: { type: 'string', default: 'de' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
const lang = values.lang === 'en' ? 'en' : 'de';
const databaseUrl = values.database ?? process.env.DATABASE_URL;
// `efa-jurisdiction … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const print = (text: string) => process.stdout.write(`${text}\n`);
const output = (data: unknown, human: () => void) =>
  values.json ? print(JSON.stringify(data, null, 2)) : human();

async function openDatabase(): Promise<EfaDatabase | undefined> {
  if (!databaseUrl) return undefined;
  const db = await createDatabase(databaseUrl);
  await migrate(db, [jurisdictionMigrations]);
  await seedReferenceData(db);
  return db;
}

async function memoryIndex(): Promise<JurisdictionIndex> {
  const reference = await readReferenceData();
  const derived = deriveSaxonAuthorities(reference, catalogue);
  return new JurisdictionIndex({
    gebiete: reference.gebiete,
    leistungen: catalogue,
    authorities: derived.authorities,
    onlineServices,
    zustaendigkeiten: derived.zustaendigkeiten,
  });
}

function describeResult(result: ResolveResult): void {
  if (result.status === 'ambiguous') {
    print(
      lang === 'en'
        ? `Postcode ${result.postcode} spans several municipalities; choose one by its key:`
        : `Die Postleitzahl ${result.postcode} gehört zu mehreren Gemeinden; bitte eine per Schlüssel wählen:`,
    );
    for (const c of result.candidates) print(`  ${c.ars}  ${c.name}${c.kreis ? ` (${c.kreis})` : ''}`);
    return;
  }
  print(`${result.service.name} – ${result.place.name}`);
  if (result.status === 'none') {
    print(result.explanation);
    return;
  }
  for (const match of result.matches) {
    const a = match.authority;
    print(`\n${a.name}${a.demo ? ' [Demo]' : ''}`);
    for (const address of a.addresses) {
      const street = [address.street, address.houseNumber].filter(Boolean).join(' ');
      print(
        `  ${[street, [address.postcode, address.town].filter(Boolean).join(' ')].filter(Boolean).join(', ')}`,
      );
    }
    if (a.phone) print(`  Tel. ${a.phone}`);
    if (a.email) print(`  ${a.email}`);
    if (a.web) print(`  ${a.web}`);
    if (a.note) print(`  ${a.note}`);
    if (match.onlineService) print(`  Online: ${match.onlineService.url}`);
    print(
      `  Regel / rule: ${match.rule.id} (${match.rule.level} ${match.rule.area.ars} ${match.rule.area.name})`,
    );
  }
  print(`\n${result.explanation}`);
}

async function main(): Promise<number> {
  const [command, ...args] = positionals;
  if (values.help || !command) {
    print(usage);
    return command || values.help ? 0 : 2;
  }
  if (command === 'seed') {
    if (!databaseUrl)
      throw new Error('seed braucht --database oder DATABASE_URL / seed needs --database or DATABASE_URL');
    const db = await createDatabase(databaseUrl);
    try {
      await migrate(db, [jurisdictionMigrations]);
      const result = await seedReferenceData(db, { force: values.force });
      output(result, () =>
        print(
          result.seeded
            ? `${result.rows} Datensätze importiert.`
            : 'Referenzdaten sind schon da (--force erneuert sie).',
        ),
      );
    } finally {
      await db.destroy();
    }
    return 0;
  }
  if (command === 'import') {
    const path = args[0];
    if (!path) {
      print(usage);
      return 2;
    }
    const file = basename(path);
    const size = (await stat(path)).size;
    if (size > defaultMaxImportBytes) throw new Error(`${file}: ${size} Bytes > ${defaultMaxImportBytes}`);
    const text = await readFile(path, 'utf8');
    const isXml = /\.xml$/i.test(path) || text.trimStart().startsWith('<');
    const firstLine = text.split('\n', 1)[0] ?? '';
    const isCatalogue = !isXml && isServicesCsv(firstLine.split(firstLine.includes(';') ? ';' : ','));
    const db = await openDatabase();
    try {
      const index = db ? await loadIndex(db) : await memoryIndex();
      if (!db) {
        const options = {
          file,
          knownArea: (ars: string) => index.gebiet(ars) !== undefined,
          existingService: (id: string) => index.service(id),
          existingAuthority: (id: string) => index.authority(id) !== undefined,
        };
        const data = isXml
          ? parseXzufi(text, options)
          : isCatalogue
            ? parseServicesCsv(text, { ...options, verified: values.verified })
            : parseCsvTemplate(text, options);
        const summary = {
          file,
          stored: false,
          leistungen: data.leistungen.length,
          authorities: data.authorities.length,
          onlineServices: data.onlineServices.length,
          zustaendigkeiten: data.zustaendigkeiten.length,
        };
        output(summary, () =>
          print(
            `${file}: gültig, ${summary.zustaendigkeiten} Zuständigkeiten. Ohne DATABASE_URL nur geprüft, nicht gespeichert.`,
          ),
        );
        return 0;
      }
      const result = isXml
        ? await importXzufi(db, text, { file, index })
        : isCatalogue
          ? await importServicesCsv(db, text, { file, index, verified: values.verified })
          : await importCsvTemplate(db, text, { file, index });
      output({ ...result, stored: true }, () =>
        print(
          `${file}: ${result.leistungen} Leistungen, ${result.authorities} Behörden, ${result.onlineServices} Onlinedienste, ${result.zustaendigkeiten} Zuständigkeiten importiert.`,
        ),
      );
      return 0;
    } finally {
      await db?.destroy();
    }
  }
  if (command === 'search' || command === 'resolve') {
    const db = await openDatabase();
    try {
      const index = db ? await loadIndex(db) : await memoryIndex();
      if (command === 'search') {
        const text = args.join(' ');
        if (!text) {
          print(usage);
          return 2;
        }
        if (values.places) {
          const hits = index.searchPlaces(text, { limit: 20 });
          output(hits, () => {
            for (const h of hits)
              print(`${h.ars}  ${h.postcodes.join(', ')}  ${h.name}${h.kreis ? ` (${h.kreis})` : ''}`);
          });
        } else {
          const hits = index.searchServices(text, { limit: 20, lang });
          output(hits, () => {
            for (const h of hits) print(`${h.key ?? '—'.padEnd(14)}  ${h.name}  [${h.level}]`);
          });
        }
        return hits0(index, text);
      }
      const [serviceText, placeText] = [args[0], args.slice(1).join(' ')];
      if (!serviceText || !placeText) {
        print(usage);
        return 2;
      }
      const service = index.service(serviceText) ?? index.searchServices(serviceText, { limit: 1 })[0];
      if (!service)
        throw new Error(
          lang === 'en'
            ? `No service matches "${serviceText}".`
            : `Keine Leistung passt zu „${serviceText}“.`,
        );
      let place = placeText.trim();
      if (!/^(\d{5}|\d{8}|\d{12})$/.test(place)) {
        const hits = index.searchPlaces(place, { limit: 10 });
        const exact = hits.filter((h) => h.name.toLowerCase() === place.toLowerCase());
        const chosen =
          exact.length === 1 ? exact[0] : exact.length === 0 && hits.length === 1 ? hits[0] : undefined;
        if (!chosen) {
          output({ status: 'ambiguous', candidates: hits }, () => {
            print(
              lang === 'en' ? `"${place}" matches several places:` : `„${place}“ passt auf mehrere Orte:`,
            );
            for (const h of hits)
              print(`  ${h.ars}  ${h.name}${h.kreis ? ` (${h.kreis})` : ''}, ${h.land ?? ''}`);
          });
          return hits.length === 0 ? 1 : 3;
        }
        place = chosen.ars;
      }
      const result = index.resolve(service.id, place, lang);
      output(result, () => describeResult(result));
      return result.status === 'found' ? 0 : result.status === 'ambiguous' ? 3 : 1;
    } finally {
      await db?.destroy();
    }
  }
  print(usage);
  return 2;
}

/** search exits 1 when nothing matched, so scripts can tell. */
function hits0(index: JurisdictionIndex, text: string): number {
  const found = values.places ? index.searchPlaces(text).length : index.searchServices(text).length;
  return found > 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = isEfaError(error)
      ? error.localized(lang)
      : error instanceof Error
        ? error.message
        : String(error);
    if (values.json) print(JSON.stringify({ error: isEfaError(error) ? error.code : 'ERROR', message }));
    else process.stderr.write(`${message}\n`);
    process.exitCode = 1;
  },
);
