import { blueprintForms } from '@efa-kit/form-assistant/blueprints';
import { createValidator } from '@efa-kit/form-assistant/validation';
import { type BrowserContext, expect as baseExpect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { continueDraft, payAtSimulator } from './support/draft.js';
import { focused, tabTo } from './support/keyboard.js';
import { smallPdf } from './support/pdf.js';
import { type StartedPortal, startPortal } from './support/portal.js';
import { callApi, logIn, uploadFromPage } from './support/session.js';

// Generous waits for a busy machine: each expectation waits for its condition, never a fixed time.
const expect = baseExpect.configure({ timeout: 30_000 });

/**
 * Issue 12, fault tests through the UI and the API: a tampered locked field, an unpaid fee, a
 * too-low trust level, an oversize or a wrong-type upload are each refused with a clear,
 * localized message, and nothing the citizen typed is lost. Own portal (E2E_REFUSALS_PORT,
 * default 3105).
 */
const port = Number(process.env.E2E_REFUSALS_PORT ?? 3105);
let portal: StartedPortal;

test.setTimeout(120_000);

test.beforeAll(async () => {
  test.setTimeout(180_000);
  portal = await startPortal(port);
});

test.afterAll(async () => {
  await portal?.stop();
});

const formPath = '/antrag/hund-anmelden';
const eid = /Online-Ausweis|Online ID card/;
const proofField = 'G99777000050.G99777000055.F99777000053';

/** A complete dog registration for Erika Mustermann in Pirna (the name as her eID says). */
const application = {
  G99777000010: {
    F99777000011: 'Mustermann',
    F99777000012: 'Erika',
    F99777000013: '1964-08-12',
    G99777000014: {
      F99777000015: 'Am Markt',
      F99777000016: '1',
      F99777000017: '01796',
      F99777000018: 'Pirna',
    },
    F99777000019: '03501 5560',
  },
  G99777000030: [
    { F99777000031: 'Bello', F99777000032: 'mischling', F99777000033: 'm', F99777000037: '2026-11-01' },
  ],
  G99777000050: { F99777000051: false },
  G99777000060: { F99777000061: false },
  G99777000070: { F99777000072: true },
};

test('the application the refusals start from is a valid one', () => {
  const definition = blueprintForms()['dog-registration'];
  if (!definition) throw new Error('no dog registration');
  expect(createValidator(definition).application.safeParse(application).success).toBe(true);
});

const form = (page: Page) => page.locator('efa-form');

/** The answers on screen (the element's copy). */
const answersOf = (page: Page) =>
  form(page).evaluate((element) => (element as unknown as { value: Record<string, unknown> }).value);

async function signedInAtForm(context: BrowserContext, method = eid): Promise<Page> {
  const page = await context.newPage();
  await logIn(page, `${portal.base}${formPath}`, method, 'erika-mustermann');
  return page;
}

test('an unpaid fee: the submit is refused in German and English, the fee takes the keyboard, nothing is lost', async ({
  context,
}) => {
  const page = await signedInAtForm(context);
  await continueDraft(page, `${portal.base}${formPath}?lang=de`, application, '#check');
  await expect(form(page).getByRole('heading', { name: 'Prüfen Sie Ihre Angaben' })).toBeVisible();
  await expect(page.locator('efa-payment tfoot')).toContainText('20,00');
  const before = await answersOf(page);

  await tabTo(page, 'Antrag absenden', { limit: 150 });
  await page.keyboard.press('Enter');
  const alert = form(page).locator('.panel--error[role="alert"]');
  await expect(alert).toContainText('Für diesen Antrag ist eine Gebühr zu bezahlen');
  await expect(alert).toContainText('Ihre Angaben sind gespeichert, nichts ist verloren.');
  const feeStatus = page.locator('.fee-step__status');
  await expect(feeStatus).toHaveText(
    'Bitte bezahlen Sie zuerst die Gebühr; danach senden Sie den Antrag ab.',
  );
  await expect(feeStatus).toBeFocused();
  // The next Tab is "Jetzt bezahlen".
  await page.keyboard.press('Tab');
  expect((await focused(page)).name).toBe('Jetzt bezahlen');
  expect(await answersOf(page)).toEqual(before);
  await expectNoAxeViolations(page);

  // The same application in English: the draft is there, the refusal speaks English.
  await page.goto(`${portal.base}${formPath}?lang=en`);
  await expect(form(page).getByRole('heading', { name: 'Check your answers' })).toBeVisible();
  await tabTo(page, 'Submit application', { limit: 150 });
  await page.keyboard.press('Enter');
  await expect(form(page).locator('.panel--error[role="alert"]')).toContainText(
    'A fee is due for this application and no payment for it was found.',
  );
  await expect(feeStatus).toHaveText('Please pay the fee first; then submit the application.');
  expect(await answersOf(page)).toEqual(before);
});

test('a fee paid, then the answers changed: the new fee is shown and due, the old payment does not count', async ({
  context,
}) => {
  const page = await signedInAtForm(context);
  await continueDraft(page, `${portal.base}${formPath}?lang=de`, application, '#check');
  const fee = page.locator('efa-payment');
  const feeStatus = page.locator('.fee-step__status');
  await expect(fee.locator('tfoot')).toContainText('20,00');
  await payAtSimulator(page, 'Erika Mustermann');
  await expect(feeStatus).toHaveText(/^Gebühr bezahlt: 20,00\s€/);

  // A second dog: another fee. The paid 20 € are not shown as this application's fee.
  const twoDogs = structuredClone(application);
  twoDogs.G99777000030.push({
    ...application.G99777000030[0],
    F99777000031: 'Luna',
  } as (typeof twoDogs.G99777000030)[0]);
  await continueDraft(page, `${portal.base}${formPath}?lang=de`, twoDogs, '#check');
  await expect(fee.locator('tfoot')).toContainText('25,00');
  await expect(fee.getByRole('button', { name: 'Jetzt bezahlen' })).toBeVisible();
  await expect(feeStatus).toHaveText('');

  await tabTo(page, 'Antrag absenden', { limit: 150 });
  await page.keyboard.press('Enter');
  await expect(form(page).locator('.panel--error[role="alert"]')).toContainText(
    'Ihre Angaben haben die Gebühr geändert: Ihre Zahlung für diesen Antrag lautet über 20,00',
  );
  await expect(feeStatus).toHaveText(
    'Die Gebühr hat sich mit Ihren Angaben geändert. Bitte bezahlen Sie den neuen Betrag.',
  );
  await expect(feeStatus).toBeFocused();
  await expect(fee.locator('tfoot')).toContainText('25,00');

  // The fee for these answers, paid: the submit goes through.
  await payAtSimulator(page, 'Erika Mustermann');
  await expect(feeStatus).toHaveText(/^Gebühr bezahlt: 25,00\s€/);
  await page.getByRole('button', { name: 'Antrag absenden' }).click();
  await expect(page).toHaveURL(/\/antrag\/status\?antrag=/);
  const applicationId = new URL(page.url()).searchParams.get('antrag') ?? '';
  await expect(page.locator('.facts')).toContainText('25,00');
  // Submitted: neither the draft nor the remembered payment stays in the browser.
  const left = await page.evaluate(() =>
    Object.keys(localStorage).filter((key) => key.startsWith('efa-kit:')),
  );
  expect(left.filter((key) => key.includes(applicationId) || key.includes('form-draft'))).toEqual([]);
});

test('a tampered locked field: the server refuses it at the field, in the citizen’s language, the answers stay', async ({
  context,
}) => {
  const page = await signedInAtForm(context);
  await continueDraft(page, `${portal.base}${formPath}?lang=de`, application, '#check');
  // A manipulated browser: the request carries another family name than the eID's.
  const refusals: number[] = [];
  await page.route('**/trpc/form.submit', async (route) => {
    const body = route.request().postDataJSON() as { data: typeof application };
    body.data.G99777000010.F99777000011 = 'Musterfrau';
    const response = await route.fetch({ postData: JSON.stringify(body) });
    refusals.push(response.status());
    await route.fulfill({ response });
  });
  await tabTo(page, 'Antrag absenden', { limit: 150 });
  await page.keyboard.press('Enter');
  // Back on the keeper's step, the error summary has the keyboard and names the field.
  const summary = form(page).locator('.summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText(
    'Dieser Wert stammt aus Ihrem Nutzerkonto und ist bestätigt. Er kann hier nicht geändert werden.',
  );
  await expect(summary.getByRole('link')).toHaveAttribute('href', /F99777000011$/);
  expect(refusals).toEqual([400]);
  // The locked field still shows the verified name; nothing else changed.
  await expect(form(page).locator('[data-path="G99777000010.F99777000011"]')).toHaveJSProperty(
    'modelValue',
    'Mustermann',
  );
  expect((await answersOf(page)).G99777000030).toEqual(application.G99777000030);

  // Through the API in English: the same refusal, as a field error.
  await page.unroute('**/trpc/form.submit');
  const definition = await callApi(page, 'query', 'form.definition', { formId: 'dog-registration' }, 'en');
  const version = (definition.body.result?.data as { version?: string } | undefined)?.version ?? '';
  expect(version).not.toBe('');
  const tampered = structuredClone(application);
  tampered.G99777000010.F99777000011 = 'Musterfrau';
  const answer = await callApi(
    page,
    'mutation',
    'form.submit',
    { formId: 'dog-registration', version, applicationId: crypto.randomUUID(), data: tampered },
    'en',
  );
  expect(answer.status).toBe(400);
  expect(answer.body.error?.data?.fieldErrors).toContainEqual(
    expect.objectContaining({
      path: 'data.G99777000010.F99777000011',
      message: 'This value comes from your user account and is verified. It cannot be changed here.',
    }),
  );
});

test('a too-low trust level: the form asks for the login first, the API refuses in both languages, a login at the level keeps the answers', async ({
  browser,
  context,
}) => {
  // A login with username and password ("niedrig") does not open the form …
  const low = await context.newPage();
  await logIn(low, `${portal.base}/mein-konto`, /Benutzername und Passwort/, 'erika-mustermann');
  await low.goto(`${portal.base}${formPath}`);
  await expect(
    low.getByText(
      'Für diesen Antrag melden Sie sich zuerst an, mindestens mit dem Vertrauensniveau „substanziell“',
    ),
  ).toBeVisible();
  await expect(low.locator('efa-form')).toHaveCount(0);
  await expectNoAxeViolations(low);
  // … and its submit is refused, whatever the page shows.
  for (const [lang, text] of [
    ['de', 'Für diesen Antrag müssen Sie sich mit dem Vertrauensniveau „substanziell“ anmelden'],
    ['en', 'For this application you need to log in at the trust level “substantial”'],
  ] as const) {
    const answer = await callApi(
      low,
      'mutation',
      'form.submit',
      { formId: 'dog-registration', version: '1.0.0', applicationId: crypto.randomUUID(), data: application },
      lang,
    );
    expect(answer.status).toBe(403);
    expect(answer.body.error?.data?.efaCode).toBe('FORM_TRUST_LEVEL_TOO_LOW');
    expect(answer.body.error?.message).toContain(text);
  }
  await low.close();

  // Signed in at "hoch" with the form open at the check page, the session becomes one at
  // "niedrig" (a login with username and password elsewhere, whose session cookie this browser
  // now holds; the provider's own session of this browser stays at "hoch").
  const page = await signedInAtForm(context);
  await continueDraft(page, `${portal.base}${formPath}?lang=de`, application, '#check');
  const before = await answersOf(page);
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await logIn(other, `${portal.base}/mein-konto`, /Benutzername und Passwort/, 'erika-mustermann');
  await expect(other.locator('efa-login [part=badge]')).toHaveText('Vertrauensniveau: niedrig');
  const lowSession = (await elsewhere.cookies()).find((cookie) => cookie.name === 'efa_session');
  if (!lowSession) throw new Error('no session cookie');
  await context.addCookies([lowSession]);
  await elsewhere.close();

  await tabTo(page, 'Antrag absenden', { limit: 150 });
  await page.keyboard.press('Enter');
  await expect(form(page).locator('.panel--error[role="alert"]')).toContainText(
    'Für diesen Antrag müssen Sie sich mit dem Vertrauensniveau „substanziell“ anmelden',
  );
  const again = page.getByRole('link', { name: 'Mit Vertrauensniveau „substanziell“ anmelden' });
  await expect(again).toBeFocused();
  await expect(again).toHaveAttribute(
    'href',
    `/auth/login?level=substantial&returnTo=${encodeURIComponent(formPath)}`,
  );
  await expectNoAxeViolations(page);
  // The provider still knows this browser at "hoch" and answers at once; back at the form,
  // the draft brings the citizen to the check page with every answer.
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${formPath}$`));
  await expect(form(page).getByRole('heading', { name: 'Prüfen Sie Ihre Angaben' })).toBeVisible();
  expect(await answersOf(page)).toEqual(before);
  const level = await callApi(page, 'query', 'account.me', undefined, 'de');
  expect(level.body.result?.data).toMatchObject({ identity: { method: 'eid-card' } });
});

test('an oversize or a wrong-type upload: refused at the field and by the server, in both languages; the answers stay', async ({
  context,
}) => {
  const page = await signedInAtForm(context);
  const withReduction = {
    ...application,
    G99777000050: { F99777000051: true, G99777000055: { F99777000052: 'tierheimhund' } },
  };
  await continueDraft(page, `${portal.base}${formPath}?lang=de`, withReduction, 'ermaessigung');
  const field = form(page).locator(`[data-path="${proofField}"]`);
  await expect(field).toBeVisible();
  const choose = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
    const chooser = page.waitForEvent('filechooser');
    await field.locator('input[type=file]').click();
    await (await chooser).setFiles(file);
  };
  await choose({ name: 'notiz.txt', mimeType: 'text/plain', buffer: Buffer.from('Kein PDF') });
  await expect(field.getByRole('alert')).toContainText('Die Datei notiz.txt hat kein erlaubtes Format');
  await choose({
    name: 'gross.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.concat([smallPdf('gross'), Buffer.alloc(6 * 1024 * 1024, 0x20)]),
  });
  await expect(field.getByRole('alert')).toContainText('Die Datei gross.pdf ist größer als 5 MB');
  expect((await answersOf(page)).G99777000050).toEqual(withReduction.G99777000050);
  await expectNoAxeViolations(page);

  // The server refuses the same, should a page not check: too large (413), wrong type (415).
  const oversize = {
    formId: 'dog-registration',
    field: proofField,
    filename: 'gross.pdf',
    type: 'application/pdf',
  };
  const large = await uploadFromPage(page, { ...oversize, bytes: `zeros:${6 * 1024 * 1024}`, lang: 'de' });
  expect(large.status).toBe(413);
  expect(large.body.error?.data?.efaCode).toBe('FORM_UPLOAD_TOO_LARGE');
  expect(large.body.error?.message).toBe('Die Datei „gross.pdf“ ist zu groß. Erlaubt sind höchstens 5 MB.');
  const largeEn = await uploadFromPage(page, { ...oversize, bytes: `zeros:${6 * 1024 * 1024}`, lang: 'en' });
  expect(largeEn.body.error?.message).toBe('The file “gross.pdf” is too large. At most 5 MB are allowed.');
  const text = [...Buffer.from('Kein PDF, nur Text')];
  const wrong = await uploadFromPage(page, {
    formId: 'dog-registration',
    field: proofField,
    filename: 'notiz.txt',
    type: 'text/plain',
    bytes: text,
    lang: 'de',
  });
  expect(wrong.status).toBe(415);
  expect(wrong.body.error?.data?.efaCode).toBe('FORM_UPLOAD_TYPE');
  expect(wrong.body.error?.message).toContain('Die Datei „notiz.txt“ hat kein erlaubtes Format.');
  // Text that calls itself a PDF is refused too.
  const disguised = await uploadFromPage(page, {
    formId: 'dog-registration',
    field: proofField,
    filename: 'notiz.pdf',
    type: 'application/pdf',
    bytes: text,
    lang: 'en',
  });
  expect(disguised.status).toBe(415);
  expect(disguised.body.error?.data?.efaCode).toBe('FORM_UPLOAD_CONTENT_MISMATCH');
  expect(disguised.body.error?.message).toContain(
    'The content of the file “notiz.pdf” does not match its type.',
  );
  // A real PDF is taken.
  await choose({ name: 'nachweis.pdf', mimeType: 'application/pdf', buffer: smallPdf('Nachweis') });
  await expect(
    form(page).getByRole('status').filter({ hasText: 'nachweis.pdf wurde hochgeladen.' }),
  ).toHaveCount(1);
});
