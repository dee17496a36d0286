import { execFileSync } from 'node:child_process';
import { findPostgresBin, type PostgresServer, startPostgres } from '@efa-kit/core/testing';
import { exampleHousingBenefit } from '@efa-kit/form-assistant/testing';
import { type Browser, expect as baseExpect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { smallPdf } from './support/pdf.js';
import { type StartedPortal, startPortal } from './support/portal.js';
import { callApi, logIn } from './support/session.js';

const expect = baseExpect.configure({ timeout: 30_000 });

/**
 * Issue 14, "Done when": server drafts of the housing benefit application, on PostgreSQL so a
 * real `pg_dump` can be taken while the test runs. This spec starts its own portal (port
 * E2E_DRAFTS_PORT, default 3114) on its own PostgreSQL server.
 */
const port = Number(process.env.E2E_DRAFTS_PORT ?? 3114);
let portal: StartedPortal;
let postgres: PostgresServer | undefined;

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

test.beforeAll(async () => {
  test.setTimeout(240_000);
  postgres = await startPostgres();
  if (!postgres) throw new Error('PostgreSQL is needed for the database dump (Debian postgres 15)');
  portal = await startPortal(port, { DATABASE_URL: postgres.url });
});

test.afterAll(async () => {
  await portal?.stop();
  await postgres?.stop();
});

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const eid = /Online-Ausweis/;

/** pg_dump of the portal's database, as an operator (or a thief of a backup) would have it. */
function databaseDump(): string {
  const url = postgres?.url ?? '';
  const bin = `${findPostgresBin() ?? '/usr/lib/postgresql/15/bin'}/pg_dump`;
  const root = process.getuid?.() === 0;
  return execFileSync(root ? 'runuser' : bin, root ? ['-u', 'postgres', '--', bin, url] : [url], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** The example application without its files, which the citizen uploads herself. */
function answersWithoutFiles() {
  const example = structuredClone(exampleHousingBenefit()) as Record<
    string,
    Record<string, unknown> & unknown[]
  >;
  const rent = example.rent as Record<string, unknown>;
  delete rent.tenancyAgreement;
  const incomes = example.incomes as unknown as Array<Record<string, unknown>>;
  delete incomes[0]?.proof;
  return example;
}

/** The answers so far, as the citizen typed them, at a step (what typing them all would give). */
async function fillAnswers(page: Page, data: unknown, stepId: string): Promise<void> {
  await page
    .locator('efa-form')
    .evaluate(
      (form, [answers, step]) =>
        (form as unknown as { restore(d: unknown, s: string): void }).restore(answers, step as string),
      [data, stepId] as const,
    );
}

async function upload(page: Page, path: string, name: string, text: string): Promise<void> {
  await page.locator(`efa-file-field[data-path="${path}"] input[type=file]`).setInputFiles({
    name,
    mimeType: 'application/pdf',
    buffer: smallPdf(text),
  });
  await expect(page.locator(`efa-file-field[data-path="${path}"]`).getByRole('status')).toHaveText(
    new RegExp(`${name} wurde hochgeladen`),
  );
}

const statusLine = (page: Page) => page.locator('efa-form [data-draft-status]');

test('housing benefit on a phone without an account: saved, continued with the code in another browser, the upload kept, submitted; the database dump holds no answer', async ({
  browser,
}) => {
  const phoneA = await browser.newContext(phone);
  const a = await phoneA.newPage();
  await a.goto(`${portal.base}/antrag/wohngeld`);
  await a.getByRole('link', { name: 'Ohne Anmeldung beginnen' }).click();
  await expect(a.locator('efa-form h2').first()).toBeVisible();
  await fillAnswers(a, answersWithoutFiles(), 'wohnung');
  // Typed on the phone: the landlord's name, then the tenancy agreement.
  const landlord = a.locator('efa-form [data-path="rent.landlord"] input');
  await landlord.fill('Wohnungsgenossenschaft Elbflorenz eG');
  await upload(a, 'rent.tenancyAgreement', 'mietvertrag.pdf', 'Mietvertrag Lindenweg 5');
  await expect(statusLine(a)).toHaveText(/^Entwurf gespeichert um \d\d:\d\d\. Er wird bis .+ aufbewahrt\.$/);
  await a.getByRole('button', { name: 'Speichern und später fortsetzen' }).click();
  const code = (await a.locator('efa-form [data-code]').textContent()) ?? '';
  expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z*~$=U]$/);
  await expect(a.locator('efa-form img.resume-qr')).toHaveAttribute(
    'alt',
    'QR-Code mit dem Link zum Fortsetzen',
  );
  const resumeLink = (await a.locator('efa-form [data-resume-link]').getAttribute('href')) ?? '';
  expect(resumeLink).toBe(`${portal.base}/antrag/fortsetzen/${code}`);
  await expectNoAxeViolations(a);

  // Mid-test: a dump of the database has the draft, and none of what was typed.
  const dump = databaseDump();
  expect(dump).toContain('efa_form.draft');
  for (const typed of [
    'Elbflorenz',
    'Lindenweg',
    'Anna Schmidt',
    'Stadtbibliothek Leipzig',
    'DE02120300000000202051',
    'Mietvertrag Lindenweg',
  ]) {
    expect(dump, typed).not.toContain(typed);
  }

  // Another browser: the link from the QR code.
  const phoneB = await browser.newContext(phone);
  const b = await phoneB.newPage();
  await b.goto(resumeLink);
  await expect(b).toHaveURL(`${portal.base}/antrag/fortsetzen`);
  await expect(b.getByLabel('Code zum Fortsetzen')).toHaveValue(code);
  await expectNoAxeViolations(b);
  await b.getByRole('button', { name: 'Antrag fortsetzen' }).click();
  await expect(b).toHaveURL(/\/antrag\/wohngeld\?ohne-anmeldung$/);
  // At the step where the citizen stopped, with her file.
  await expect(b.locator('efa-form h2').first()).toHaveText('Wohnung');
  await expect(b.locator('efa-form [data-path="rent.landlord"] input')).toHaveValue(
    'Wohnungsgenossenschaft Elbflorenz eG',
  );
  await expect(b.locator('efa-file-field[data-path="rent.tenancyAgreement"]')).toContainText(
    'mietvertrag.pdf',
  );
  // The code is used up; the phone's copy no longer saves over it (it was moved).
  const again = await callApi(b, 'mutation', 'form.drafts.resume', { code }, 'de');
  expect(again.body.error?.data?.efaCode).toBe('DRAFT_RESUME_CODE_INVALID');

  await b.locator('efa-form').getByRole('button', { name: 'Weiter', exact: true }).click();
  await expect(b.locator('efa-form h2').first()).toHaveText(/Einkommen/);
  await upload(b, 'incomes.0.proof', 'gehalt.pdf', 'Gehaltsnachweis');
  await b.locator('efa-form').getByRole('button', { name: 'Weiter', exact: true }).click();
  // The remaining steps hold the example's answers: next until the check page.
  for (let step = 0; step < 6; step += 1) {
    if (await b.getByRole('heading', { name: 'Prüfen Sie Ihre Angaben' }).isVisible()) break;
    await b.locator('efa-form').getByRole('button', { name: 'Weiter', exact: true }).click();
  }
  await expect(b.getByRole('heading', { name: 'Prüfen Sie Ihre Angaben' })).toBeVisible();
  await b.getByRole('button', { name: 'Antrag absenden' }).click();
  // To submit, the login at the service's level; the draft goes through it with this tab.
  await b.locator('[data-login-again] a').click();
  await b.getByRole('radio', { name: eid }).check();
  await b.getByLabel(/Testidentität/).selectOption('erika-mustermann');
  await b.getByRole('button', { name: /^Anmelden$/ }).click();
  await expect(b).toHaveURL(/\/antrag\/wohngeld/);
  await expect(b.getByRole('heading', { name: 'Prüfen Sie Ihre Angaben' })).toBeVisible();
  await expect(b.locator('efa-form')).toContainText('mietvertrag.pdf');
  await b.getByRole('button', { name: 'Antrag absenden' }).click();
  await expect(b).toHaveURL(/\/antrag\/status\?antrag=/);
  await phoneA.close();
  await phoneB.close();
  // Submitted: the draft is gone.
  const drafts = databaseDump();
  expect(drafts).not.toMatch(/COPY efa_form\.draft [^\n]*\n[0-9a-f]{8}-/);
});

async function loggedIn(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, `${portal.base}/antrag/wohngeld`, eid, 'erika-mustermann');
  return page;
}

test('logged in on two devices: the newer version elsewhere is shown as a conflict and the citizen chooses', async ({
  browser,
}) => {
  const desk = await loggedIn(browser);
  await expect(desk.locator('efa-form h2').first()).toBeVisible();
  await fillAnswers(desk, answersWithoutFiles(), 'wohnung');
  await desk.locator('efa-form [data-path="rent.landlord"] input').fill('Vermieterin Desktop');
  await expect(statusLine(desk)).toHaveText(/^Entwurf gespeichert um/);

  // The laptop: "Mein Konto" lists the draft; continued there and changed.
  const laptop = await loggedIn(browser);
  await laptop.goto(`${portal.base}/mein-konto/entwuerfe`);
  await expectNoAxeViolations(laptop);
  await laptop.getByRole('link', { name: 'Wohngeld beantragen (Erstantrag) fortsetzen' }).first().click();
  await expect(laptop.locator('efa-form [data-path="rent.landlord"] input')).toHaveValue(
    'Vermieterin Desktop',
  );
  await laptop.locator('efa-form [data-path="rent.landlord"] input').fill('Vermieterin Laptop');
  await expect(statusLine(laptop)).toHaveText(/^Entwurf gespeichert um/);

  // Back at the desk, typing on: refused as stale, shown, and resolved by the citizen.
  await desk.locator('efa-form [data-path="rent.landlord"] input').fill('Vermieterin Desktop, geändert');
  const conflict = desk.locator('efa-form [data-draft-conflict]');
  await expect(conflict).toContainText('Dieser Entwurf wurde an anderer Stelle geändert');
  await expectNoAxeViolations(desk);
  await conflict.getByRole('button', { name: 'Die andere Fassung übernehmen' }).click();
  await expect(desk.locator('efa-form [data-path="rent.landlord"] input')).toHaveValue('Vermieterin Laptop');
  await expect(conflict).toHaveCount(0);
  const dump = databaseDump();
  expect(dump).not.toContain('Vermieterin');
  await desk.context().close();
  await laptop.context().close();
});
