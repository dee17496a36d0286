import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BrowserContext, expect as baseExpect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { continueDraft, payAtSimulator } from './support/draft.js';
import { smallPdf } from './support/pdf.js';
import { type StartedPortal, startPortal } from './support/portal.js';
import { callApi, chooseAtProvider, logIn } from './support/session.js';

// Generous waits for a busy machine: each expectation waits for its condition, never a fixed time.
const expect = baseExpect.configure({ timeout: 30_000 });

/**
 * Issue 13, "Done when": the submission journey goes on at the authority and back. Lena Hoffmann
 * submits her dog registration in Pirna; a caseworker of the Pirna authority logs in, enrols the
 * destination key (the file the development set-up gives the authority), opens the case,
 * sees it verified in her browser, accepts it and asks a question; the citizen answers from
 * her mailbox; the caseworker sends the Bescheid, encrypted in her browser; the citizen sees
 * "Verfahren abgeschlossen" (COMPLETED), opens the Bescheid and downloads it; the authority
 * sees the read receipt with its date. A caseworker of Dresden and another citizen are refused
 * at every step.
 */
const port = Number(process.env.E2E_CASEWORK_PORT ?? 3106);
const dogTax = '99102013104000';
const pirnaAuthority = 'efa-demo.sn.OE.14628270';
const formPath = '/antrag/hund-anmelden';
const eid = /Online-Ausweis/;
const password = /Benutzername und Passwort/;
let portal: StartedPortal;

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

test.beforeAll(async () => {
  test.setTimeout(180_000);
  portal = await startPortal(port);
});

test.afterAll(async () => {
  await portal?.stop();
});

/** Lena Hoffmann's dog registration (her name as her eID says, her address in Pirna). */
const application = {
  G99777000010: {
    F99777000011: 'Hoffmann',
    F99777000012: 'Lena',
    F99777000013: '1991-04-17',
    G99777000014: {
      F99777000015: 'Dohnaische Straße',
      F99777000016: '12',
      F99777000017: '01796',
      F99777000018: 'Pirna',
    },
    F99777000019: '03501 5560',
  },
  G99777000030: [
    { F99777000031: 'Rocky', F99777000032: 'mischling', F99777000033: 'm', F99777000037: '2026-11-01' },
  ],
  G99777000050: { F99777000051: false },
  G99777000060: { F99777000061: false },
  G99777000070: { F99777000072: true },
};

const inbox = (page: Page) => page.locator('efa-inbox');
const mailbox = (page: Page) => page.locator('efa-mailbox');

async function staffAtInbox(context: BrowserContext, identity: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${portal.base}/auth/login?level=low&returnTo=/behoerde`);
  await chooseAtProvider(page, password, identity, /\/behoerde$/);
  return page;
}

/** Reloads until the condition holds: the inbox and the mailbox take news from the delivery service by pulling. */
async function reloadUntil(page: Page, condition: () => Promise<boolean>) {
  await expect
    .poll(
      async () => {
        if (await condition()) return true;
        await page.reload();
        return condition();
      },
      { timeout: 60_000, intervals: [1_000, 2_000, 3_000] },
    )
    .toBe(true);
}

const access = () =>
  JSON.parse(readFileSync(join(portal.secretsDir, 'delivery-service.json'), 'utf8')) as {
    destinations: Record<string, Record<string, string>>;
  };

const decisionPdf = smallPdf('Bescheid über die Hundesteuer für Rocky');
let caseId = '';
let applicationId = '';

test('the case goes from the citizen to the Pirna authority and back, each side seeing only its own', async ({
  browser,
}) => {
  // 1. The citizen submits (the submission issue's journey, its form part as a draft).
  const citizenContext = await browser.newContext({ locale: 'de-DE', acceptDownloads: true });
  const citizen = await citizenContext.newPage();
  await logIn(citizen, `${portal.base}${formPath}`, eid, 'lena-hoffmann');
  await continueDraft(citizen, `${portal.base}${formPath}?lang=de`, application, '#check');
  await payAtSimulator(citizen, 'Lena Hoffmann');
  await citizen.getByRole('button', { name: 'Antrag absenden' }).click();
  await expect(citizen).toHaveURL(/\/antrag\/status\?antrag=/);
  applicationId = new URL(citizen.url()).searchParams.get('antrag') ?? '';
  await expect(citizen.locator('.delivery-status')).toContainText('Übermittelt', { timeout: 90_000 });
  const reference = (await citizen.locator('.reference').textContent()) ?? '';
  expect(reference).toMatch(/^EFA-/);

  // 2. The caseworker of Pirna: log in, enrol the destination key from the authority's key file.
  const staffContext = await browser.newContext({ locale: 'de-DE', acceptDownloads: true });
  const staff = await staffAtInbox(staffContext, 'caseworker-pirna');
  await expect(staff.getByText('Stadtverwaltung Pirna')).toBeVisible();
  const destinationId = access().destinations[dogTax]?.[pirnaAuthority] ?? '';
  expect(destinationId).not.toBe('');
  await inbox(staff)
    .locator(`#import-${destinationId}`)
    .setInputFiles({
      name: 'delivery-service.json',
      mimeType: 'application/json',
      buffer: readFileSync(join(portal.secretsDir, 'delivery-service.json')),
    });
  await expect(inbox(staff).locator('[data-state="enrolled"]').first()).toBeVisible();
  await expectNoAxeViolations(staff);

  // 3. The case arrives (pulled from the delivery service), opens decrypted and verified here.
  await reloadUntil(staff, async () => (await inbox(staff).locator('button[data-open]').count()) > 0);
  caseId = (await inbox(staff).locator('button[data-open]').first().getAttribute('data-open')) ?? '';
  await inbox(staff).locator('button[data-open]').first().click();
  await expect(inbox(staff).locator('#case-heading')).toHaveText(`Vorgang ${reference}`);
  await expect(
    inbox(staff).getByText('Der Antrag ist vollständig und unverändert: alle Prüfungen bestanden.'),
  ).toBeVisible();
  await expect(inbox(staff).getByText('Rocky').first()).toBeVisible();
  await inbox(staff).getByRole('button', { name: 'Eingang bestätigen' }).click();
  await expect(
    inbox(staff).getByText('Der Eingang ist bestätigt und an den Zustelldienst gemeldet.'),
  ).toBeVisible();
  await expectNoAxeViolations(staff);

  // 4. A question to the citizen.
  await inbox(staff).getByRole('textbox', { name: 'Betreff' }).first().fill('Impfnachweis');
  await inbox(staff)
    .getByRole('textbox', { name: 'Nachricht' })
    .first()
    .fill('Bitte nennen Sie das Datum der letzten Tollwutimpfung.');
  await inbox(staff).getByRole('button', { name: 'Rückfrage senden' }).click();
  await expect(inbox(staff).getByText('Die Rückfrage ist gesendet.')).toBeVisible();

  // 5. The citizen's mailbox: received, then the question; she consents and answers.
  await citizen.goto(`${portal.base}/postfach`);
  await reloadUntil(
    citizen,
    async () => (await mailbox(citizen).getByText('Rückfrage: Ihre Mitwirkung ist nötig').count()) > 0,
  );
  await expect(mailbox(citizen)).toContainText(reference);
  await mailbox(citizen)
    .getByRole('checkbox', { name: /Ich willige ein/ })
    .check();
  await expect(
    mailbox(citizen)
      .getByText(/Einwilligung erteilt am/)
      .first(),
  ).toBeVisible();
  await mailbox(citizen).getByRole('button', { name: 'Nachrichten anzeigen' }).first().click();
  await mailbox(citizen).getByRole('button', { name: 'Öffnen' }).first().click();
  await expect(
    mailbox(citizen).getByText('Bitte nennen Sie das Datum der letzten Tollwutimpfung.'),
  ).toBeVisible();
  await mailbox(citizen).getByRole('textbox', { name: 'Ihre Antwort' }).fill('Geimpft am 3. Oktober 2026.');
  await mailbox(citizen).getByRole('button', { name: 'Antwort senden' }).click();
  await expect(mailbox(citizen).getByText('Ihre Antwort wurde an die Behörde übermittelt.')).toBeVisible();
  await expectNoAxeViolations(citizen);

  // 6. The caseworker sends the Bescheid, encrypted in her browser to the citizen's mailbox key.
  await inbox(staff).locator('#decide-title').fill('Bescheid Hundesteuer');
  await inbox(staff).locator('#decide-body').fill('Anbei Ihr Bescheid über die Hundesteuer.');
  await inbox(staff)
    .locator('#decide-file')
    .setInputFiles({ name: 'Bescheid.pdf', mimeType: 'application/pdf', buffer: decisionPdf });
  await inbox(staff).getByRole('button', { name: 'Bescheid verschlüsselt senden' }).click();
  await expect(inbox(staff).getByText('Der Bescheid ist gesendet.')).toBeVisible();

  // 7. The citizen: COMPLETED, the Bescheid opened and downloaded, byte for byte.
  await reloadUntil(
    citizen,
    async () => (await mailbox(citizen).getByText('Verfahren abgeschlossen').count()) > 0,
  );
  await mailbox(citizen).getByRole('button', { name: 'Nachrichten anzeigen' }).first().click();
  const decision = mailbox(citizen).locator('li, article', { hasText: 'Bescheid Hundesteuer' }).last();
  await decision.getByRole('button', { name: 'Öffnen' }).click();
  const link = mailbox(citizen).getByRole('link', { name: /Bescheid\.pdf herunterladen/ });
  await expect(link).toBeVisible();
  const href = (await link.getAttribute('href')) ?? '';
  const pdf = await citizen.request.get(new URL(href, portal.base).toString());
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['cache-control']).toContain('no-store');
  expect(Buffer.from(await pdf.body()).equals(decisionPdf)).toBe(true);
  await expect(mailbox(citizen).getByText('Gilt als bekannt gegeben am')).toBeVisible();

  // 8. The authority sees the read receipt with its date (the mailbox reports it, the inbox pulls it).
  await expect
    .poll(
      async () => {
        const answer = await callApi(staff, 'query', 'inbox.messages', { caseId }, 'de');
        const messages =
          (answer.body.result?.data as { messages?: Array<{ kind: string; retrievedAt: string | null }> })
            ?.messages ?? [];
        return messages.find((m) => m.kind === 'decision')?.retrievedAt ?? null;
      },
      { timeout: 60_000 },
    )
    .toMatch(/^2\d{3}-/);
  await staff.reload();
  await inbox(staff).locator(`button[data-open="${caseId}"]`).click();
  await expect(inbox(staff).locator('#case-heading')).toHaveText(`Vorgang ${reference}`);
  const decided = inbox(staff).getByRole('listitem').filter({ hasText: 'Bescheid: Bescheid Hundesteuer' });
  await expect(decided.getByText(/^abgerufen: \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/)).toBeVisible();

  // 9. Refusals: Dresden's caseworker sees nothing of Pirna's; Lena never reaches the inbox;
  // another citizen sees none of Lena's mailbox.
  const dresdenContext = await browser.newContext({ locale: 'de-DE' });
  const dresden = await staffAtInbox(dresdenContext, 'caseworker-dresden');
  await expect(inbox(dresden).getByText('Es liegen keine Anträge vor.')).toBeVisible();
  for (const [kind, path, input] of [
    ['query', 'inbox.get', { caseId }],
    ['query', 'inbox.messages', { caseId }],
    ['mutation', 'inbox.setStatus', { caseId, status: 'in_progress' }],
    ['query', 'inbox.replyKey', { caseId }],
    ['query', 'mailbox.messages', { applicationId }],
  ] as const) {
    const answer = await callApi(dresden, kind, path, input, 'de');
    expect(answer.status, `${path} for Dresden`).toBe(404);
  }
  await citizen.goto(`${portal.base}/behoerde`);
  await expect(citizen.getByRole('alert')).toContainText(
    'den Mitarbeiterinnen und Mitarbeitern der Behörden vorbehalten',
  );
  expect((await callApi(citizen, 'query', 'inbox.list', {}, 'de')).status).toBe(403);
  expect((await callApi(citizen, 'query', 'inbox.get', { caseId }, 'de')).status).toBe(403);

  const otherContext = await browser.newContext({ locale: 'de-DE' });
  const other = await otherContext.newPage();
  await logIn(other, `${portal.base}/antrag/hund-anmelden`, eid, 'erika-mustermann');
  await other.goto(`${portal.base}/postfach`);
  await expect(mailbox(other).getByText('Sie haben noch keine Anträge gestellt.')).toBeVisible();
  expect((await callApi(other, 'query', 'mailbox.messages', { applicationId }, 'de')).status).toBe(404);
  const foreignDownload = await other.request.get(new URL(href, portal.base).toString());
  expect(foreignDownload.status()).toBe(404);

  await Promise.all([citizenContext, staffContext, dresdenContext, otherContext].map((c) => c.close()));
});
