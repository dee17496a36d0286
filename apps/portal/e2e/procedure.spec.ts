import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { blueprintForms } from '@efa-kit/form-assistant/blueprints';
import { createValidator, toFimSubmission } from '@efa-kit/form-assistant/validation';
import { expect as baseExpect, type FileChooser, type Page, test } from '@playwright/test';
import { expectNoAxeViolations, expectNoAxeViolationsInEveryTheme, expectNoSidewaysScroll } from './axe.js';
import { AuthoritySystem, deliveryServiceAccess } from './support/authority.js';
import { focused, pressUntilValue, replaceIn, tabTo, typeDate, typeInto } from './support/keyboard.js';
import { pdfText, smallPdf } from './support/pdf.js';
import { type StartedPortal, startPortal } from './support/portal.js';

// Generous waits for a busy machine: each expectation waits for its condition, never a fixed time.
const expect = baseExpect.configure({ timeout: 30_000 });

/**
 * Issue 12, "Done when": the whole procedure in the browser, keyboard only, in German and once
 * in English: the finder → "Online beantragen" → login at the service's level at the
 * development identity provider → verified name prefilled and locked → an error and its
 * correction → an upload (a real PDF) → the fee paid at the provider simulator → submit →
 * reference, "wird übermittelt" then "übermittelt" → the receipt PDF downloaded and read back.
 * Then the authority's system pulls what arrived from the development delivery service,
 * decrypts it with the destination's private key and finds exactly what was sent.
 *
 * This spec runs its own portal (port E2E_PROCEDURE_PORT, default 3104) with its own
 * development secrets folder (PORTAL_DEV_SECRETS_DIR), where the portal writes
 * delivery-service.json for the authority's side.
 */
const port = Number(process.env.E2E_PROCEDURE_PORT ?? 3104);
let portal: StartedPortal;

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

test.beforeAll(async () => {
  test.setTimeout(180_000);
  portal = await startPortal(port);
});

test.afterAll(async () => {
  await portal?.stop();
});

const dogTax = '99102013104000';
/** Pirna (Sächsische Schweiz-Osterzgebirge): its AGS, the id of its demo authority. */
const pirnaAuthority = 'efa-demo.sn.OE.14628270';

type Lang = 'de' | 'en';

const words = {
  de: {
    service: 'Was möchten Sie erledigen?',
    place: 'Wo wohnen Sie?',
    online: /Online beantragen/,
    login: 'Mit Servicekonto anmelden',
    idpTitle: 'Anmelden mit Ihrem Servicekonto',
    idpLogin: 'Anmelden',
    step: (n: number) => `Schritt ${n} von 5`,
    next: 'Weiter',
    street: 'Straße',
    houseNumber: 'Hausnummer',
    postcode: 'Postleitzahl',
    town: 'Ort',
    phone: 'Telefonnummer',
    dogName: 'Name des Hundes',
    breed: 'Rasse oder Kreuzung',
    male: 'Rüde',
    sex: 'Geschlecht',
    keptSince: 'Gehalten seit',
    yes: 'Ja',
    reason: 'Grund',
    proof: 'Nachweis',
    uploaded: /wurde hochgeladen/,
    check: 'Prüfen Sie Ihre Angaben',
    payNow: 'Jetzt bezahlen',
    cardHolder: 'Name auf der Karte',
    cardNumber: 'Kartennummer',
    payCard: 'Mit Karte bezahlen',
    feePaid: /^Gebühr bezahlt: 20,00\s€ \(Kassenzeichen (\d{12})\)\. Sie können den Antrag jetzt absenden\.$/,
    submit: 'Antrag absenden',
    pending: /^Wird übermittelt\./,
    submitted: /^Übermittelt\. Der Zustelldienst hat Ihren Antrag angenommen/,
    receipt: 'Eingangsbestätigung als PDF herunterladen',
    title: 'Hundesteuer – Anmeldung',
  },
  en: {
    service: 'What do you need to do?',
    place: 'Where do you live?',
    online: /Apply online/,
    login: 'Log in with a service account',
    idpTitle: 'Log in with your service account',
    idpLogin: 'Log in',
    step: (n: number) => `Step ${n} of 5`,
    next: 'Continue',
    street: 'Street',
    houseNumber: 'House number',
    postcode: 'Postcode',
    town: 'Town',
    phone: 'Phone number',
    dogName: 'Name of the dog',
    breed: 'Breed or cross',
    male: 'Male',
    sex: 'Sex',
    keptSince: 'Kept since',
    yes: 'Yes',
    reason: 'Reason',
    proof: 'Proof',
    uploaded: /has been uploaded|was uploaded|uploaded/,
    check: 'Check your answers',
    payNow: 'Pay now',
    cardHolder: /Name on the card|Name auf der Karte/,
    cardNumber: /Card number|Kartennummer/,
    payCard: /Pay by card|Mit Karte bezahlen/,
    feePaid: /^Fee paid: €20\.00 \(cash reference (\d{12})\)\. You can submit the application now\.$/,
    submit: 'Submit application',
    pending: /^Being delivered\./,
    submitted: /^Delivered\. The delivery service has taken your application/,
    receipt: 'Download the receipt as PDF',
    title: 'Dog tax – registration',
  },
} as const;

/** What one journey sent, for the authority's side to find. */
interface Sent {
  lang: Lang;
  applicationId: string;
  reference: string;
  kassenzeichen: string;
  /** The body of the browser's `form.submit`, as it went over the wire. */
  submitted: { formId: string; version: string; applicationId: string; data: Record<string, unknown> };
  upload: { name: string; bytes: Buffer };
}

const journeys: Sent[] = [];

/** Records what the page told the citizen: the submit's answer and every status text shown. */
async function recordAnnouncements(page: Page) {
  const seen = { answers: [] as Array<{ delivery: string; reference: string }>, statuses: [] as string[] };
  await page.exposeFunction('efaE2eAnswer', (answer: { delivery: string; reference: string }) =>
    seen.answers.push(answer),
  );
  await page.exposeFunction('efaE2eStatus', (text: string) => seen.statuses.push(text));
  await page.addInitScript(() => {
    const w = window as unknown as {
      efaE2eAnswer(answer: unknown): void;
      efaE2eStatus(text: string): void;
    };
    document.addEventListener('efa-form-submitted', (event) =>
      w.efaE2eAnswer((event as CustomEvent<{ answer: unknown }>).detail.answer),
    );
    document.addEventListener('DOMContentLoaded', () => {
      const live = document.querySelector('[data-delivery-status] [role="status"]');
      if (!live) return;
      const report = () => w.efaE2eStatus((live.textContent ?? '').replace(/\s+/g, ' ').trim());
      report();
      new MutationObserver(report).observe(live, { childList: true, characterData: true, subtree: true });
    });
  });
  return seen;
}

/**
 * Space on the focused file input opens the file chooser (the one step a test cannot do by
 * keyboard is the operating system's dialog: Playwright answers it). A key press that lands
 * while the field re-renders is pressed again.
 */
async function openFileChooser(page: Page): Promise<FileChooser> {
  for (let attempt = 0; ; attempt++) {
    const chooser = page.waitForEvent('filechooser', { timeout: 5_000 });
    await page.keyboard.press('Space');
    try {
      return await chooser;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function journey(page: Page, lang: Lang): Promise<Sent> {
  const w = words[lang];
  const seen = await recordAnnouncements(page);
  let submitted: Sent['submitted'] | undefined;
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/trpc/form.submit') {
      submitted = request.postDataJSON() as Sent['submitted'];
    }
  });

  // 1. The finder on the start page: both fields typed, Enter.
  await page.goto(`${portal.base}/?lang=${lang}`);
  await tabTo(page, w.service);
  await page.keyboard.type(lang === 'de' ? 'Hund anmelden' : 'register a dog');
  await page.keyboard.press('Tab');
  if (!(await focused(page)).name.startsWith(w.place)) await tabTo(page, w.place);
  await page.keyboard.type('Pirna');
  await page.keyboard.press('Enter');
  const finder = page.locator('efa-jurisdiction-finder').first();
  await expect(finder.locator('[part=card]').first()).toContainText('Stadtverwaltung Pirna');

  // 2. "Online beantragen" leads to the authority's online service: the portal's form.
  await tabTo(page, w.online);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/antrag\/hund-anmelden/);

  // 3. The service needs "substanziell": the login at the development identity provider.
  await tabTo(page, w.login);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: w.idpTitle })).toBeVisible();
  await tabTo(page, /Online-Ausweis|Online ID card/);
  await tabTo(page, lang === 'de' ? 'Testidentität' : 'Test identity');
  await pressUntilValue(page, 'ArrowDown', 'lena-hoffmann');
  await tabTo(page, w.idpLogin);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/antrag\/hund-anmelden/);
  const form = page.locator('efa-form');
  await expect(form.getByText(w.step(1))).toBeVisible();

  // 4. The verified name is prefilled and locked; the address from the eID is prefilled and
  // stays editable (FIM "optional": she may have moved).
  const familyName = form.locator('[data-path="G99777000010.F99777000011"]');
  const givenNames = form.locator('[data-path="G99777000010.F99777000012"]');
  await expect(familyName).toHaveJSProperty('modelValue', 'Hoffmann');
  await expect(givenNames).toHaveJSProperty('modelValue', 'Lena');
  await expect(familyName).toHaveJSProperty('readonly', true);
  await expect(givenNames).toHaveJSProperty('readonly', true);
  const address = (id: string) => form.locator(`[data-path="G99777000010.G99777000014.${id}"]`);
  await expect(address('F99777000015')).toHaveJSProperty('modelValue', 'Dohnaische Straße');
  await expect(address('F99777000016')).toHaveJSProperty('modelValue', '12');
  await expect(address('F99777000018')).toHaveJSProperty('modelValue', 'Pirna');
  await expect(address('F99777000017')).toHaveJSProperty('readonly', false);
  await expectNoAxeViolations(page);

  // 5. The postcode changed to one digit short: an error and its correction.
  await replaceIn(page, w.postcode, '0179');
  await typeInto(page, w.phone, '03501 5560');
  await page.keyboard.press('Enter');
  const summary = form.locator('.summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveCount(1);
  // The one link leads to the postcode field.
  await expect(summary.getByRole('link')).toHaveAttribute('href', /F99777000017$/);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  expect((await focused(page)).name).toBe(w.postcode);
  await page.keyboard.press('End');
  await page.keyboard.type('6');
  await expect(summary).toHaveCount(0);
  await page.keyboard.press('Enter');

  // 6. One dog.
  await expect(form.getByText(w.step(2))).toBeVisible();
  await typeInto(page, w.dogName, 'Bello');
  await tabTo(page, w.breed);
  await page.keyboard.type(lang === 'de' ? 'Mischling' : 'Mixed');
  await tabTo(page, w.male, { group: w.sex });
  await page.keyboard.press('Space');
  await typeDate(page, w.keptSince, '1', '11', '2026');
  await page.keyboard.press('Enter');

  // 7. A reduction for a dog from the shelter, with its proof: a real PDF, uploaded.
  await expect(form.getByText(w.step(3))).toBeVisible();
  await tabTo(page, w.yes);
  await page.keyboard.press('Space');
  // Tab enters the radio group on its first reason; the arrow keys pick the shelter dog.
  await tabTo(page, /Blindenführhund|Guide dog/, { group: w.reason });
  await pressUntilValue(page, 'ArrowDown', 'tierheimhund');
  const upload = {
    name: `nachweis-tierheim-${lang}.pdf`,
    bytes: smallPdf(`Abgabevertrag Tierheim Pirna (${lang})`),
  };
  await tabTo(page, w.proof);
  await (await openFileChooser(page)).setFiles({
    name: upload.name,
    mimeType: 'application/pdf',
    buffer: upload.bytes,
  });
  await expect(form.getByRole('status').filter({ hasText: w.uploaded })).toHaveText(new RegExp(upload.name));
  await tabTo(page, w.next);
  await page.keyboard.press('Enter');

  // 8. No direct debit; the declaration.
  await expect(form.getByText(w.step(4))).toBeVisible();
  await tabTo(page, w.yes);
  await page.keyboard.press('ArrowRight');
  await tabTo(page, w.next);
  await page.keyboard.press('Enter');
  await expect(form.getByText(w.step(5))).toBeVisible();
  await tabTo(page, w.yes);
  await page.keyboard.press('Space');
  await tabTo(page, w.next);
  await page.keyboard.press('Enter');

  // 9. The check page shows the fee for this application before it is submitted: one dog.
  await expect(form.getByRole('heading', { name: w.check })).toBeVisible();
  const payment = page.locator('efa-payment');
  await expect(payment.locator('tfoot')).toContainText(lang === 'de' ? '20,00' : '20.00');
  await expectNoAxeViolationsInEveryTheme(page);
  await expectNoSidewaysScroll(page);
  await tabTo(page, w.payNow, { limit: 150 });
  await page.keyboard.press('Enter');

  // 10. The provider simulator's checkout, by keyboard.
  await expect(page).toHaveURL(/\/checkout\//);
  await typeInto(page, w.cardHolder, 'Lena Hoffmann');
  await typeInto(page, w.cardNumber, '4111 1111 1111 1111');
  await tabTo(page, w.payCard);
  await page.keyboard.press('Enter');

  // 11. Back at the form: the draft is restored at the check page, "Gebühr bezahlt" is
  // announced and has the keyboard; the next Tab is the submit button.
  await expect(page).toHaveURL(/\/antrag\/hund-anmelden.*payment=[0-9a-f-]{36}/);
  const feeStatus = page.locator('.fee-step__status');
  await expect(feeStatus).toHaveText(w.feePaid);
  await expect(feeStatus).toBeFocused();
  const kassenzeichen = w.feePaid.exec((await feeStatus.textContent()) ?? '')?.[1] ?? '';
  await expectNoAxeViolationsInEveryTheme(page);
  await expectNoSidewaysScroll(page);
  await tabTo(page, w.submit, { limit: 5 });
  await page.keyboard.press('Enter');

  // 12. The status page: reference, honest status, receipt.
  await expect(page).toHaveURL(/\/antrag\/status\?antrag=[0-9a-f-]{36}/);
  const applicationId = new URL(page.url()).searchParams.get('antrag') ?? '';
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(w.title);
  const reference = ((await page.locator('.reference').textContent()) ?? '').trim();
  expect(reference).toMatch(/^[A-Z0-9][A-Z0-9*~$=-]{2,63}$/);
  const status = page.locator('[data-delivery-status] [role="status"]');
  await expect(status).toHaveText(w.submitted, { timeout: 60_000 });
  // The submit answered "wird übermittelt" (the delivery runs after it) and the page never
  // said "übermittelt" before the delivery service had the application.
  expect(seen.answers).toEqual([expect.objectContaining({ delivery: 'pending', reference })]);
  test.info().annotations.push({ type: `status texts (${lang})`, description: seen.statuses.join(' → ') });
  const firstSubmitted = seen.statuses.findIndex((text) => w.submitted.test(text));
  expect(firstSubmitted).toBeGreaterThanOrEqual(0);
  expect(seen.statuses.slice(0, firstSubmitted).every((text) => w.pending.test(text))).toBe(true);
  await expectNoAxeViolationsInEveryTheme(page);
  await expectNoSidewaysScroll(page);

  // 13. The receipt: downloaded by keyboard and read back.
  await tabTo(page, w.receipt);
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const file = await (await download).path();
  const receipt = await pdfText(readFileSync(file));
  expect(receipt.replace(/\s+/g, '')).toContain(reference.replace(/\s+/g, ''));
  expect(receipt).toContain('Pirna');

  if (!submitted) throw new Error('no form.submit request was seen');
  return { lang, applicationId, reference, kassenzeichen, submitted, upload };
}

// In German on a desktop, in English on a phone (320 CSS px wide).
for (const [lang, width] of [
  ['de', 1280],
  ['en', 320],
] as const) {
  test(`the whole procedure by keyboard (${lang}, ${width} px): finder → login → form → upload → fee → submit → status → receipt`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 800 });
    journeys.push(await journey(page, lang));
  });
}

test('the authority’s system pulls each application from the delivery service and finds exactly what was sent', async () => {
  expect(journeys.map((sent) => sent.lang)).toEqual(['de', 'en']);
  const access = deliveryServiceAccess(portal.secretsDir);
  const destinationId = access.destinations[dogTax]?.[pirnaAuthority];
  expect(destinationId).toMatch(/^[0-9a-f-]{36}$/);
  const authority = new AuthoritySystem(access);
  const listed = await authority.list(destinationId);
  expect(listed).toHaveLength(journeys.length);
  const definition = blueprintForms()['dog-registration'];
  if (!definition) throw new Error('no dog registration');
  const validator = createValidator(definition);
  const sha512 = (bytes: Uint8Array) => createHash('sha512').update(bytes).digest('hex');

  for (const sent of journeys) {
    const pulled = await Promise.all(listed.map((entry) => authority.pull(entry.submissionId)));
    const found = pulled.filter(
      (submission) => submission.metadata.additionalReferenceInfo.senderReference === sent.reference,
    );
    expect(found).toHaveLength(1);
    const [submission] = found;
    if (!submission) continue;
    // Encrypted as FIT-Connect says: RSA-OAEP-256 + A256GCM, no compression.
    for (const header of submission.headers) {
      expect(header).toMatchObject({ alg: 'RSA-OAEP-256', enc: 'A256GCM' });
      expect(header.zip).toBeUndefined();
    }
    expect(submission.destinationId).toBe(destinationId);
    expect(submission.serviceType.identifier).toBe(`urn:de:fim:leika:leistung:${dogTax}`);
    expect(submission.metadata.publicServiceType.identifier).toBe(`urn:de:fim:leika:leistung:${dogTax}`);

    // The answers: exactly the validated application the browser sent, keyed by FIM ids.
    const expected = toFimSubmission(definition, validator.application.parse(sent.submitted.data)).data;
    expect(submission.data).toEqual(expected);
    expect(sha512(submission.dataBytes)).toBe(submission.metadata.contentStructure.data.hash.content);

    // The attachments: the uploaded proof byte for byte, and the application as PDF; each
    // with the SHA-512 the metadata names.
    const described = submission.metadata.contentStructure.attachments;
    expect(described.map((attachment) => attachment.purpose).sort()).toEqual(['attachment', 'form']);
    expect([...submission.attachments.keys()].sort()).toEqual(
      described.map((attachment) => attachment.attachmentId).sort(),
    );
    for (const attachment of described) {
      const bytes = submission.attachments.get(attachment.attachmentId);
      if (!bytes) throw new Error(`attachment ${attachment.attachmentId} missing`);
      expect(attachment.hash).toEqual({ type: 'sha512', content: sha512(bytes) });
    }
    const proof = described.find((attachment) => attachment.purpose === 'attachment');
    expect(proof).toMatchObject({ filename: sent.upload.name, mimeType: 'application/pdf' });
    expect(Buffer.from(submission.attachments.get(proof?.attachmentId ?? '') ?? [])).toEqual(
      sent.upload.bytes,
    );
    // The file answer in the data names the same file with the same hash.
    expect(JSON.stringify(submission.data)).toContain(sha512(sent.upload.bytes));
    const applicationPdf = described.find((attachment) => attachment.purpose === 'form');
    expect(applicationPdf?.mimeType).toBe('application/pdf');
    const applicationText = await pdfText(
      submission.attachments.get(applicationPdf?.attachmentId ?? '') ?? new Uint8Array(),
    );
    expect(applicationText.replace(/\s+/g, '')).toContain(sent.reference.replace(/\s+/g, ''));

    // The fee paid for this application, under its Kassenzeichen.
    expect(submission.metadata.paymentInformation).toMatchObject({
      transactionReference: sent.kassenzeichen,
      grossAmount: 20,
      status: 'BOOKED',
    });
  }
});
