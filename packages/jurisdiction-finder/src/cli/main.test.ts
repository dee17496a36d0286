import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvTemplateColumns } from '../server/csv-template.js';

// Runs the built CLI as users do (turbo builds before testing).
const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

let dir: string;
const row = (fields: Record<string, string>) => csvTemplateColumns.map((c) => fields[c] ?? '').join(';');
let goodCsv: string;
let badCsv: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'efa-jurisdiction-cli-'));
  const header = csvTemplateColumns.join(';');
  const office = {
    behoerde_id: 'dd.OE.test',
    behoerde_name: 'Bürgeramt Altstadt (Test)',
    strasse: 'Theaterstraße',
    hausnummer: '11',
    plz: '01067',
    ort: 'Dresden',
    oeffnungszeiten: '"Mo-Fr 08:00-18:00"',
    leistung: '99102013104000',
    gebiet: '146120000000',
  };
  goodCsv = join(dir, 'dresden.csv');
  badCsv = join(dir, 'kaputt.csv');
  await writeFile(goodCsv, `${header}\n${row(office)}\n`);
  await writeFile(badCsv, `${header}\n${row(office)}\n${row({ ...office, gebiet: '149999999999' })}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('efa-jurisdiction CLI', () => {
  it('resolves a service by search text and a place by name, as JSON', async () => {
    const { code, stdout } = await run(['resolve', 'Hund anmelden', 'Mittweida', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({
      status: 'found',
      matches: [{ authority: { name: 'Stadtverwaltung Mittweida' } }],
    });
  });

  it('lists the candidates of a split postcode and exits 3', async () => {
    const { code, stdout } = await run(['resolve', '99102013104000', '08626']);
    expect(code).toBe(3);
    expect(stdout).toContain('Eichigt');
    expect(stdout).toContain('145235122080');
  });

  it('searches services', async () => {
    const { code, stdout } = await run(['search', 'Fuehrerschein']);
    expect(code).toBe(0);
    expect(stdout).toContain('Führerschein beantragen');
  });

  it('rejects a malformed file with file and line, exit code 1', async () => {
    const { code, stderr } = await run(['import', badCsv]);
    expect(code).toBe(1);
    expect(stderr).toContain('kaputt.csv, Zeile 3');
    expect(stderr).toContain('149999999999');
  });

  it('imports into a database and answers from the imported authority', async () => {
    const env = { DATABASE_URL: join(dir, 'pglite') };
    const imported = await run(['import', goodCsv, '--json'], env);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ stored: true, authorities: 1, zustaendigkeiten: 1 });
    const { stdout } = await run(['resolve', '99102013104000', '01067', '--json'], env);
    expect(
      JSON.parse(stdout).matches.map((m: { authority: { name: string } }) => m.authority.name),
    ).toContain('Bürgeramt Altstadt (Test)');
  }, 120_000);
});
