import type { EfaDatabase, PackageMigrations } from '@efa-kit/core/server';
import { type Kysely, sql, type Transaction } from 'kysely';
import type {
  Gebiet,
  GebietLevel,
  Leistung,
  Onlinedienst,
  Organisationseinheit,
  Zustaendigkeit,
} from '../schema/index.js';
import { catalogue, onlineServices } from './catalogue.js';
import { readReferenceData } from './reference-data.js';
import { deriveSaxonAuthorities } from './saxony.js';
import type { JurisdictionData } from './search-index.js';

// Type aliases, not interfaces: Kysely's table map needs an index signature.
type JurisdictionTables = {
  'efa_jurisdiction.gebiet': {
    ars: string;
    name: string;
    official_name: string;
    level: GebietLevel;
    type: string;
    parent: string | null;
    seat: string | null;
    postcodes: string;
    population: number | null;
    source: string;
  };
  'efa_jurisdiction.leistung': { id: string; key: string | null; data: string; source: string };
  'efa_jurisdiction.organisationseinheit': {
    id: string;
    gebiet: string | null;
    data: string;
    source: string;
  };
  'efa_jurisdiction.onlinedienst': { id: string; data: string; source: string };
  'efa_jurisdiction.zustaendigkeit': {
    id: string;
    leistung: string;
    organisationseinheit: string;
    gebiet: string;
    rolle: string;
    onlinedienst: string | null;
    source: string;
  };
  'efa_jurisdiction.dataset': { name: string; imported_at: Date; rows: number; note: string };
};

export type JurisdictionDb = Kysely<JurisdictionTables>;
type Writer = Kysely<JurisdictionTables> | Transaction<JurisdictionTables>;

export const jurisdictionMigrations: PackageMigrations = {
  namespace: 'jurisdiction',
  migrations: {
    '0001_init': {
      async up(db: Kysely<unknown>) {
        await db.schema.createSchema('efa_jurisdiction').execute();
        const s = db.schema.withSchema('efa_jurisdiction');
        await s
          .createTable('gebiet')
          .addColumn('ars', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('official_name', 'text', (c) => c.notNull())
          .addColumn('level', 'text', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('parent', 'text')
          .addColumn('seat', 'text')
          .addColumn('postcodes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
          .addColumn('population', 'integer')
          .addColumn('source', 'text', (c) => c.notNull())
          .execute();
        await s
          .createTable('leistung')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('key', 'text')
          .addColumn('data', 'jsonb', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .execute();
        await s.createIndex('leistung_key').on('leistung').column('key').execute();
        await s
          .createTable('organisationseinheit')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('gebiet', 'text')
          .addColumn('data', 'jsonb', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .execute();
        await s
          .createTable('onlinedienst')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('data', 'jsonb', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .execute();
        await s
          .createTable('zustaendigkeit')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('leistung', 'text', (c) => c.notNull())
          .addColumn('organisationseinheit', 'text', (c) => c.notNull())
          .addColumn('gebiet', 'text', (c) => c.notNull())
          .addColumn('rolle', 'text', (c) => c.notNull())
          .addColumn('onlinedienst', 'text')
          .addColumn('source', 'text', (c) => c.notNull())
          .execute();
        await s
          .createIndex('zustaendigkeit_leistung_gebiet')
          .on('zustaendigkeit')
          .columns(['leistung', 'gebiet'])
          .execute();
        await s
          .createTable('dataset')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
          .addColumn('rows', 'integer', (c) => c.notNull())
          .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
      },
    },
  },
};

export function jurisdictionDb(db: EfaDatabase): JurisdictionDb {
  return db.withTables<JurisdictionTables>();
}

const batchSize = 500;

async function inBatches<T>(rows: readonly T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += batchSize)
    await write(rows.slice(start, start + batchSize));
}

type UpsertTable = Exclude<keyof JurisdictionTables, 'efa_jurisdiction.dataset'>;
type Row<T extends UpsertTable> = JurisdictionTables[T];

/**
 * The writer for statements whose table is a parameter, which Kysely cannot type; callers pass
 * only this module's table names and rows typed by `Row<T>`.
 */
const byTableName = (trx: Writer) => trx as unknown as Kysely<Record<string, Record<string, unknown>>>;

/**
 * Inserts rows or, where the key exists, overwrites every other column with the new value.
 * Batched, so a large import stays within the databases' parameter limits.
 */
async function upsert<T extends UpsertTable>(
  trx: Writer,
  table: T,
  key: keyof Row<T> & string,
  rows: readonly Row<T>[],
): Promise<number> {
  const first = rows[0];
  if (!first) return 0;
  const columns = Object.keys(first).filter((column) => column !== key);
  await inBatches(rows, (batch) =>
    byTableName(trx)
      .insertInto(table as string)
      .values(batch)
      .onConflict((oc) =>
        oc
          .column(key)
          .doUpdateSet(Object.fromEntries(columns.map((column) => [column, sql.ref(`excluded.${column}`)]))),
      )
      .execute(),
  );
  return rows.length;
}

/** The records stored as JSON documents, with the columns that are queried beside them. */
const document = <T extends { id: string; source: string }>(item: T) => ({
  id: item.id,
  data: JSON.stringify(item),
  source: item.source,
});

/** Upserts records by id; one call per import, inside the caller's transaction. */
export async function writeData(trx: Writer, data: Partial<JurisdictionData>): Promise<number> {
  let count = 0;
  count += await upsert(
    trx,
    'efa_jurisdiction.gebiet',
    'ars',
    (data.gebiete ?? []).map((g) => ({
      ars: g.ars,
      name: g.name,
      official_name: g.officialName,
      level: g.level,
      type: g.type,
      parent: g.parent,
      seat: g.seat,
      postcodes: JSON.stringify(g.postcodes),
      population: g.population,
      source: 'destatis',
    })),
  );
  count += await upsert(
    trx,
    'efa_jurisdiction.leistung',
    'id',
    (data.leistungen ?? []).map((l) => ({ ...document(l), key: l.key ?? null })),
  );
  count += await upsert(
    trx,
    'efa_jurisdiction.organisationseinheit',
    'id',
    (data.authorities ?? []).map((a) => ({ ...document(a), gebiet: a.gebiet ?? null })),
  );
  count += await upsert(
    trx,
    'efa_jurisdiction.onlinedienst',
    'id',
    (data.onlineServices ?? []).map(document),
  );
  count += await upsert(
    trx,
    'efa_jurisdiction.zustaendigkeit',
    'id',
    (data.zustaendigkeiten ?? []).map((z) => ({
      id: z.id,
      leistung: z.leistung,
      organisationseinheit: z.organisationseinheit,
      gebiet: z.gebiet,
      rolle: z.rolle,
      onlinedienst: z.onlinedienst,
      source: z.source,
    })),
  );
  return count;
}

/**
 * Deletes records by id; the responsibilities of a deleted service or authority go with it,
 * and rules that named a deleted online service keep the authority without the link.
 */
export async function deleteData(
  trx: Writer,
  ids: { leistungen: string[]; authorities: string[]; onlineServices: string[]; zustaendigkeiten: string[] },
): Promise<number> {
  const remove = async (table: UpsertTable, column: string, values: string[]): Promise<number> => {
    if (values.length === 0) return 0;
    const result = await byTableName(trx)
      .deleteFrom(table as string)
      .where(column, 'in', values)
      .execute();
    return result.reduce((sum, r) => sum + Number(r.numDeletedRows), 0);
  };
  let count = 0;
  count += await remove('efa_jurisdiction.zustaendigkeit', 'id', ids.zustaendigkeiten);
  count += await remove('efa_jurisdiction.zustaendigkeit', 'leistung', ids.leistungen);
  count += await remove('efa_jurisdiction.leistung', 'id', ids.leistungen);
  count += await remove('efa_jurisdiction.zustaendigkeit', 'organisationseinheit', ids.authorities);
  count += await remove('efa_jurisdiction.organisationseinheit', 'id', ids.authorities);
  if (ids.onlineServices.length > 0) {
    await trx
      .updateTable('efa_jurisdiction.zustaendigkeit')
      .set({ onlinedienst: null })
      .where('onlinedienst', 'in', ids.onlineServices)
      .execute();
  }
  count += await remove('efa_jurisdiction.onlinedienst', 'id', ids.onlineServices);
  return count;
}

export async function recordDataset(trx: Writer, name: string, rows: number, note = ''): Promise<void> {
  await trx
    .insertInto('efa_jurisdiction.dataset')
    .values({ name, rows, note, imported_at: new Date() })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        rows: eb.ref('excluded.rows'),
        note: eb.ref('excluded.note'),
        imported_at: eb.ref('excluded.imported_at'),
      })),
    )
    .execute();
}

export interface SeedResult {
  seeded: boolean;
  rows: number;
  gebiete: number;
  authorities: number;
  zustaendigkeiten: number;
}

/**
 * Loads the shipped reference data (all German areas and postcodes, the curated catalogue and
 * the Saxon demo authorities) once. Later imports (XZuFi, CSV) add to it and win on equal ids.
 * `force` re-imports, e.g. after a package update brings a newer Gebietsstand.
 */
export async function seedReferenceData(
  efaDb: EfaDatabase,
  options: { dataDir?: string; force?: boolean } = {},
): Promise<SeedResult> {
  const db = jurisdictionDb(efaDb);
  const existing = await db
    .selectFrom('efa_jurisdiction.dataset')
    .select('rows')
    .where('name', '=', 'reference')
    .executeTakeFirst();
  if (existing && !options.force) {
    return { seeded: false, rows: existing.rows, gebiete: 0, authorities: 0, zustaendigkeiten: 0 };
  }
  const reference = await readReferenceData(options.dataDir);
  const derived = deriveSaxonAuthorities(reference, catalogue);
  const rows = await db.transaction().execute(async (trx) => {
    const count = await writeData(trx, {
      gebiete: reference.gebiete,
      leistungen: catalogue,
      onlineServices,
      authorities: derived.authorities,
      zustaendigkeiten: derived.zustaendigkeiten,
    });
    await recordDataset(
      trx,
      'reference',
      count,
      'Destatis GV100AD 30.11.2025 (dl-de/by-2-0); PLZ © OpenStreetMap (ODbL); catalogue and Saxon demo authorities by EfA Kit',
    );
    return count;
  });
  return {
    seeded: true,
    rows,
    gebiete: reference.gebiete.length,
    authorities: derived.authorities.length,
    zustaendigkeiten: derived.zustaendigkeiten.length,
  };
}

function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** Reads everything the in-memory index needs (records were validated when written). */
export async function loadData(efaDb: EfaDatabase): Promise<JurisdictionData> {
  const db = jurisdictionDb(efaDb);
  const [gebiete, leistungen, authorities, online, rules] = await Promise.all([
    db.selectFrom('efa_jurisdiction.gebiet').selectAll().execute(),
    db.selectFrom('efa_jurisdiction.leistung').select('data').execute(),
    db.selectFrom('efa_jurisdiction.organisationseinheit').select('data').execute(),
    db.selectFrom('efa_jurisdiction.onlinedienst').select('data').execute(),
    db.selectFrom('efa_jurisdiction.zustaendigkeit').selectAll().execute(),
  ]);
  return {
    gebiete: gebiete.map(
      (g): Gebiet => ({
        ars: g.ars,
        name: g.name,
        officialName: g.official_name,
        level: g.level,
        type: g.type,
        parent: g.parent,
        seat: g.seat,
        postcodes: parseJson<string[]>(g.postcodes),
        population: g.population,
      }),
    ),
    leistungen: leistungen.map((row) => parseJson<Leistung>(row.data)),
    authorities: authorities.map((row) => parseJson<Organisationseinheit>(row.data)),
    onlineServices: online.map((row) => parseJson<Onlinedienst>(row.data)),
    zustaendigkeiten: rules.map(
      (z): Zustaendigkeit => ({
        id: z.id,
        leistung: z.leistung,
        organisationseinheit: z.organisationseinheit,
        gebiet: z.gebiet,
        rolle: z.rolle,
        onlinedienst: z.onlinedienst,
        source: z.source,
      }),
    ),
  };
}
