/**
 * `pnpm bench`: session lookup and creation on PGlite and a full OIDC login through the
 * development provider. Writes rows to ../../bench/raw/service-account.json; the bundle sizes of
 * the elements are measured with every other budget by tools/size.mjs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, migrate } from '@efa-kit/core/server';
import type { Identity } from '../schema/identity.js';
import { createSessionStore } from '../server/sessions.js';
import { accountMigrations } from '../server/storage.js';
import { loginWithDevProvider, TestBrowser } from '../testing/browser.js';
import { startAccountTestEnvironment } from '../testing/environment.js';

interface Row {
  package: string;
  metric: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..', '..');
const rows: Row[] = [];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function row(metric: string, value: number, unit: string, target: string, pass: boolean) {
  rows.push({
    package: '@efa-kit/service-account',
    metric,
    value: Math.round(value * 1000) / 1000,
    unit,
    target,
    pass,
  });
  console.log(`${metric}: ${value.toFixed(3)} ${unit} (target ${target}) ${pass ? 'ok' : 'MISSED'}`);
}

const identity: Identity = {
  kind: 'person',
  subject: 'bench-subject',
  issuer: 'https://id.bund.de/idp',
  trustLevel: 'high',
  method: 'eid-card',
  authenticatedAt: new Date().toISOString(),
  person: { givenNames: 'Erika', familyName: 'Mustermann', birthDate: '1964-08-12' },
  provenance: { givenNames: { source: 'eid-card', level: 'high' } },
};

async function sessions() {
  const db = await createDatabase();
  await migrate(db, [accountMigrations]);
  const store = createSessionStore({ db });
  const tokens: string[] = [];
  const createTimes: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const start = performance.now();
    const { token } = await store.create({ provider: 'bench', identity: { ...identity, subject: `s${i}` } });
    createTimes.push(performance.now() - start);
    tokens.push(token);
  }
  // Warm-up: JIT and PGlite's caches, as in a server that has been running for a while.
  for (let i = 0; i < 500; i++) await store.lookup(tokens[i % tokens.length]);
  const lookupTimes: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const token = tokens[(i * 7919) % tokens.length];
    const start = performance.now();
    const found = await store.lookup(token);
    lookupTimes.push(performance.now() - start);
    if (!found) throw new Error('session lost');
  }
  await db.destroy();
  const lookupP99 = percentile(lookupTimes, 99);
  row(
    'session lookup p50 (PGlite, 1000 sessions)',
    percentile(lookupTimes, 50),
    'ms',
    '≤ 1',
    percentile(lookupTimes, 50) <= 1,
  );
  row(
    'session lookup p95 (PGlite, 1000 sessions)',
    percentile(lookupTimes, 95),
    'ms',
    '≤ 2',
    percentile(lookupTimes, 95) <= 2,
  );
  row('session lookup p99 (PGlite, 1000 sessions)', lookupP99, 'ms', '≤ 5', lookupP99 <= 5);
  row(
    'session create p99 (PGlite)',
    percentile(createTimes, 99),
    'ms',
    '≤ 10',
    percentile(createTimes, 99) <= 10,
  );
}

async function logins() {
  const env = await startAccountTestEnvironment();
  const times: number[] = [];
  try {
    for (let i = 0; i < 25; i++) {
      const browser = new TestBrowser();
      const start = performance.now();
      const back = await loginWithDevProvider(browser, `${env.origin}/auth/login?level=high&returnTo=/`, {
        method: 'eid-card',
        identity: 'erika-mustermann',
      });
      times.push(performance.now() - start);
      if (back.url.searchParams.get('login')) throw new Error('login failed');
    }
  } finally {
    await env.close();
  }
  const p50 = percentile(times.slice(3), 50);
  row('OIDC login round trip p50 (dev provider, PKCE, userinfo)', p50, 'ms', '≤ 250', p50 <= 250);
}

await sessions();
await logins();
const out = join(packageDir, '..', '..', 'bench', 'raw', 'service-account.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
console.log(`wrote ${out}`);
