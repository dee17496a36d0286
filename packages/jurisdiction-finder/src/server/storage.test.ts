import { isEfaError } from '@efa-kit/core';
import { type EfaDatabase, migrate } from '@efa-kit/core/server';
import { testDatabases } from '@efa-kit/core/testing';
import type {} from '@efa-kit/core/testing/postgres-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fixtureData } from '../testing/fixtures.js';
import { fixtureXzufi, malformedXzufi } from '../testing/xzufi-samples.js';
import { csvTemplateColumns, importCsvTemplate } from './csv-template.js';
import { LiveIndex, loadIndex } from './live-index.js';
import { importServicesCsv } from './services-csv.js';
import {
  jurisdictionDb,
  jurisdictionMigrations,
  recordDataset,
  seedReferenceData,
  writeData,
} from './storage.js';
import { importXzufi } from './xzufi.js';

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isEfaError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

function lineContaining(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe.each(testDatabases(inject('efaPostgresUrl')))('storage and import on $name', (driver) => {
  describe.skipIf(!driver.available)('reference data', () => {
    let db: EfaDatabase;
    beforeAll(async () => {
      db = await driver.open();
      await migrate(db, [jurisdictionMigrations]);
    });
    afterAll(async () => {
      await db?.destroy();
    });

    it('seeds all of Germany once and answers from the index loaded from the database', async () => {
      const first = await seedReferenceData(db);
      expect(first.seeded).toBe(true);
      expect(first.gebiete).toBeGreaterThan(12_000);
      const again = await seedReferenceData(db);
      expect(again.seeded).toBe(false);
      const index = await loadIndex(db);
      expect(index.counts.gebiete).toBe(first.gebiete);
      const result = index.resolve('99102013104000', '14522010');
      expect(result.status === 'found' && result.matches[0]?.authority.name).toBe(
        'Gemeindeverwaltung Altmittweida',
      );
    }, 120_000);
  });

  describe.skipIf(!driver.available)('importers', () => {
    let db: EfaDatabase;
    let live: LiveIndex;
    const rows = async () => {
      const j = jurisdictionDb(db);
      const count = async (
        table:
          | 'efa_jurisdiction.organisationseinheit'
          | 'efa_jurisdiction.zustaendigkeit'
          | 'efa_jurisdiction.leistung',
      ) =>
        Number(
          (
            await j
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return {
        authorities: await count('efa_jurisdiction.organisationseinheit'),
        rules: await count('efa_jurisdiction.zustaendigkeit'),
        services: await count('efa_jurisdiction.leistung'),
      };
    };

    beforeAll(async () => {
      db = await driver.open();
      await migrate(db, [jurisdictionMigrations]);
      await jurisdictionDb(db)
        .transaction()
        .execute((trx) => writeData(trx, fixtureData()));
      live = await LiveIndex.load(db);
    });
    afterAll(async () => {
      await db?.destroy();
    });

    it('rejects malformed XZuFi with file, line and reason, and imports nothing', async () => {
      const before = await rows();
      const syntax = await rejection(
        importXzufi(db, malformedXzufi.syntax, { file: 'kaputt.xml', index: live.current }),
      );
      expect(syntax.code).toBe('JURISDICTION_IMPORT_INVALID');
      expect(syntax.details).toMatchObject({
        file: 'kaputt.xml',
        line: lineContaining(malformedXzufi.syntax, '</xzufi:nam>'),
      });
      expect(syntax.messages.de).toMatch(/^kaputt\.xml, Zeile \d+: Kein wohlgeformtes XML/);

      const doctype = await rejection(
        importXzufi(db, malformedXzufi.doctype, { file: 'dtd.xml', index: live.current }),
      );
      expect(doctype.details).toMatchObject({ line: 2 });
      expect(doctype.messages.en).toContain('DOCTYPE');

      const area = await rejection(
        importXzufi(db, malformedXzufi.unknownArea, { file: 'gebiet.xml', index: live.current }),
      );
      expect(area.details).toMatchObject({
        line: lineContaining(malformedXzufi.unknownArea, '<xzufi:organisationseinheit>'),
      });
      expect(area.messages.de).toContain('991010009009');

      const email = await rejection(
        importXzufi(db, malformedXzufi.badEmail, { file: 'mail.xml', index: live.current }),
      );
      expect(email.messages.en).toContain('field email');

      const large = await rejection(
        importXzufi(db, fixtureXzufi, { file: 'gross.xml', index: live.current, maxBytes: 1000 }),
      );
      expect(large.code).toBe('JURISDICTION_IMPORT_TOO_LARGE');

      expect(await rows()).toEqual(before);
    });

    it('imports good XZuFi in one go; the refreshed index answers from it', async () => {
      const result = await importXzufi(db, fixtureXzufi, { file: 'musterland.xml', index: live.current });
      expect(result).toMatchObject({ leistungen: 1, authorities: 1, onlineServices: 1, zustaendigkeiten: 2 });
      const index = await live.refresh();
      expect(index.searchServices('Gewerbeschein')[0]?.id).toBe('99050012104000');

      const town = index.resolve('99050012104000', '99902');
      expect(town.status).toBe('found');
      if (town.status !== 'found') return;
      expect(town.matches[0]?.authority).toMatchObject({
        id: 'L999999.OE.100',
        name: 'Gewerbeamt Exempelstadt (fiktiv)',
        phone: '+49 000 0000-300',
        email: 'gewerbe@exempelstadt.example',
        web: 'https://exempelstadt.example/gewerbe',
        addresses: [
          { type: '002', street: 'Rathausstraße', houseNumber: '5', postcode: '99902', town: 'Exempelstadt' },
        ],
      });
      expect(town.matches[0]?.authority.openingHours?.exceptions).toEqual([
        { date: '2026-12-31', closed: true, intervals: [] },
      ]);
      expect(town.matches[0]?.rule.source).toBe('xzufi:musterland.xml');

      const member = index.resolve('99050012104000', '991015001002');
      expect(member.status === 'found' && member.matches[0]).toMatchObject({
        rule: { id: 'L999999.Z.1', level: 'gemeindeverband' },
        onlineService: { url: 'https://gewerbe.musterland.example/', trustLevel: 'substantial' },
      });
    });

    it('applies XZuFi deletions (loesche) with the responsibilities that depend on them', async () => {
      const deletion = `<?xml version="1.0" encoding="UTF-8"?>
<xzufi:xzufi.loesche.0202 xmlns:xzufi="http://xoev.de/schemata/xzufi/2_2_0" xzufiVersion="2.2.0">
  <xzufi:loesche>
    <xzufi:organisationseinheit><xzufi:id schemeAgencyID="L999999">OE.100</xzufi:id></xzufi:organisationseinheit>
    <xzufi:onlinedienst><xzufi:id schemeAgencyID="L999999">OD.7</xzufi:id></xzufi:onlinedienst>
  </xzufi:loesche>
</xzufi:xzufi.loesche.0202>
`;
      const result = await importXzufi(db, deletion, { file: 'loeschen.xml', index: live.current });
      expect(result.deleted).toBe(4);
      const index = await live.refresh();
      expect(index.authority('L999999.OE.100')).toBeUndefined();
      expect(index.resolve('99050012104000', '99902').status).toBe('none');
    });

    it('imports the CSV template, and rejects a bad row with its line and nothing written', async () => {
      const header = csvTemplateColumns.join(';');
      const good = [
        header,
        'stadt.OE.1;Bürgerbüro Exempelstadt;002;Markt;2;99902;Exempelstadt;+49 000 1;buergerbuero@exempelstadt.example;;"Mo-Fr 08:00-12:00; Do 13:00-18:00";Rampe am Eingang;efa:wohnsitz-anmelden;991010002002;01;https://exempelstadt.example/ummelden;substantial',
        'stadt.OE.1;;;;;;;;;;;;99102013104000;991010002002;01;;',
      ].join('\n');
      const before = await rows();
      const bad = good.replace('Do 13:00-18:00', 'Donnerstag nachmittags');
      const error = await rejection(importCsvTemplate(db, bad, { file: 'vorlage.csv', index: live.current }));
      expect(error.details).toMatchObject({ file: 'vorlage.csv', line: 2 });
      expect(error.messages.de).toContain('oeffnungszeiten');
      const unknown = await rejection(
        importCsvTemplate(db, good.replace('99102013104000', '11111111111111'), {
          file: 'vorlage.csv',
          index: live.current,
        }),
      );
      expect(unknown.details).toMatchObject({ line: 3 });
      expect(await rows()).toEqual(before);

      const result = await importCsvTemplate(db, good, { file: 'vorlage.csv', index: live.current });
      expect(result).toMatchObject({ authorities: 1, zustaendigkeiten: 2, onlineServices: 1 });
      const index = await live.refresh();
      const answer = index.resolve('efa:wohnsitz-anmelden', '991010002002');
      expect(answer.status === 'found' && answer.matches.map((m) => m.authority.name)).toContain(
        'Bürgerbüro Exempelstadt',
      );
    });

    it('imports an operator service catalogue (LeiKa-style CSV), merging with known services', async () => {
      const csv = [
        'Leistungsschlüssel;Bezeichnung;Synonyme;Beschreibung;Ebene',
        '99102013104000;Hundesteuer Anmeldung;Hundemarke beantragen;Anmeldung eines Hundes zur Steuer.;',
        '99999999999001;Fischereischein beantragen;Angelschein|Angeln;Für das Angeln in Gewässern.;kreis',
      ].join('\n');
      const before = await rows();
      const bad = await rejection(
        importServicesCsv(db, `${csv}\n12345;Kaputt;;;`, { file: 'leika.csv', index: live.current }),
      );
      expect(bad.details).toMatchObject({ file: 'leika.csv', line: 4 });
      expect(await rows()).toEqual(before);

      const result = await importServicesCsv(db, csv, {
        file: 'leika.csv',
        index: live.current,
        verified: true,
      });
      expect(result.leistungen).toBe(2);
      const index = await live.refresh();
      expect(index.searchServices('Angelschein')[0]).toMatchObject({
        key: '99999999999001',
        keyStatus: 'verified',
        level: 'kreis',
      });
      const dog = index.service('99102013104000');
      expect(dog?.name.de).toBe('Hundesteuer Anmeldung');
      expect(dog?.synonyms).toEqual(expect.arrayContaining(['Hund anmelden', 'Hundemarke beantragen']));
      expect(dog?.level).toBe('gemeinde');
    });

    it('lets another app server pick up an import by watching the database', async () => {
      const other = await LiveIndex.load(db);
      const stop = other.watch(50);
      try {
        expect(other.current.service('efa:personenstand')).toBeUndefined();
        await jurisdictionDb(db)
          .transaction()
          .execute(async (trx) => {
            await writeData(trx, {
              leistungen: [
                {
                  id: 'efa:personenstand',
                  key: null,
                  keyStatus: 'none',
                  name: { de: 'Personenstandsurkunde beantragen' },
                  synonyms: [],
                  level: 'gemeinde',
                  delegable: true,
                  searchWeight: 1,
                  source: 'test',
                },
              ],
            });
            await recordDataset(trx, 'import:watch-test', 1);
          });
        const end = Date.now() + 5_000;
        while (!other.current.service('efa:personenstand') && Date.now() < end) {
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        expect(other.current.service('efa:personenstand')?.name.de).toBe('Personenstandsurkunde beantragen');
      } finally {
        stop();
      }
    });
  });
});
