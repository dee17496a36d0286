import { clearBrowserState } from '@efa-kit/core/client';
import { afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../index.js';
import { encodeFilenameHeader, type UploadAnswer } from '../schema/submission.js';
import type { FileInfo } from './efa-file-field.js';
import type { EfaFormElement, FormSubmitErrorDetail, FormSubmittedDetail } from './efa-form.js';
import { testPdfText, uploadTestDefinition } from './upload-test-definition.test.helper.js';

/** These tests run against the real form backend of src/testing/browser-backend.test.setup.ts. */
const backend = `http://${location.hostname}:${inject('formBackendPort')}`;
const csrf = 'u'.repeat(32);
const scope = 'erikaScope123';
const draftKey = `efa-kit:${scope}:form-draft:test-upload:1.0.0`;

interface BackendState {
  dropped: string[];
  handedOver: Array<{ applicationId: string; uploads: string[] }>;
  uploads: number;
}

async function backendState(): Promise<BackendState> {
  return (await (await fetch(`${backend}/test/state`)).json()) as BackendState;
}

async function behave(change: { delivery?: string; dropSubmits?: number }): Promise<void> {
  await fetch(`${backend}/test/behaviour`, { method: 'POST', body: JSON.stringify(change) });
}

function signIn(level: 'low' | 'substantial' | 'high' | '') {
  // biome-ignore lint/suspicious/noDocumentCookie: the test plays the service account's session cookie
  document.cookie = level
    ? `efa_test_session=erika@${level}; path=/; SameSite=Lax`
    : 'efa_test_session=; path=/; max-age=0';
}

beforeAll(() => {
  // The double-submit CSRF token, as the portal sets it; cookies are shared across ports.
  // biome-ignore lint/suspicious/noDocumentCookie: the test plays the portal page that sets this cookie
  document.cookie = `efa_csrf=${csrf}; path=/; SameSite=Lax`;
});

beforeEach(() => {
  signIn('high');
  clearBrowserState();
});

afterEach(async () => {
  document.body.replaceChildren();
  clearBrowserState();
  await behave({ delivery: 'pending', dropSubmits: 0 });
});

async function sha512(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-512', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function inner<T extends Element>(host: Element, selector: string): T {
  const found = host.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

async function mountField(): Promise<
  HTMLElement & { modelValue: unknown; updateComplete: Promise<boolean> }
> {
  const wrapper = document.createElement('div');
  // 320 CSS pixels: the WCAG 1.4.10 reflow width.
  wrapper.style.width = '320px';
  wrapper.innerHTML = `<efa-file-field name="proof.document" label="Nachweis" lang="de" accept="application/pdf,image/png"
    max-size="2048" upload-endpoint="${backend}/uploads" form-id="test-upload"></efa-file-field>`;
  document.body.append(wrapper);
  const field = wrapper.querySelector('efa-file-field') as HTMLElement & {
    modelValue: unknown;
    updateComplete: Promise<boolean>;
  };
  await field.updateComplete;
  return field;
}

const pdf = (name = 'nachweis.pdf', text = testPdfText) =>
  new File([text], name, { type: 'application/pdf' });

describe('<efa-file-field upload-endpoint>', () => {
  it('uploads the chosen file, announces progress and result, keeps what the server stored, and fits 320 px', async () => {
    const field = await mountField();
    const changes: unknown[] = [];
    field.addEventListener('change', () => changes.push(field.modelValue));
    const input = inner<HTMLInputElement>(field, 'input[type=file]');
    await userEvent.upload(page.elementLocator(input), pdf('Nachweis Tierheim Müller.pdf'));
    await expect
      .poll(() => field.modelValue, { timeout: 15_000 })
      .toEqual([
        {
          name: 'Nachweis Tierheim Müller.pdf',
          size: testPdfText.length,
          mediaType: 'application/pdf',
          ref: expect.stringMatching(/^[0-9a-f-]{36}$/),
          sha512: await sha512(testPdfText),
        },
      ]);
    expect(inner(field, '[role=status]').textContent).toBe('Nachweis Tierheim Müller.pdf wurde hochgeladen.');
    expect(changes.at(-1)).toEqual(field.modelValue);
    await expect
      .element(page.getByRole('button', { name: 'Nachweis Tierheim Müller.pdf entfernen' }))
      .toBeInTheDocument();
    expect(field.scrollWidth).toBeLessThanOrEqual(320);
  });

  it('announces a file the server refuses (a renamed program), keeps no value, and lets it be removed by keyboard', async () => {
    const field = await mountField();
    const before = (await backendState()).uploads;
    const input = inner<HTMLInputElement>(field, 'input[type=file]');
    await userEvent.upload(
      page.elementLocator(input),
      pdf('rechnung.pdf', 'MZ\u0090\u0000 this is a program'),
    );
    await expect
      .poll(() => inner(field, '[role=alert]').textContent, { timeout: 15_000 })
      .toContain(
        'rechnung.pdf konnte nicht hochgeladen werden. Der Inhalt der Datei „rechnung.pdf“ passt nicht zu ihrem Dateityp',
      );
    expect(field.modelValue).toBeNull();
    expect((field as unknown as { checkValidity(): boolean }).checkValidity()).toBe(false);
    await expect.element(page.getByText('rechnung.pdf – nicht hochgeladen')).toBeInTheDocument();
    expect((await backendState()).uploads).toBe(before);
    inner<HTMLButtonElement>(field, '.files button').focus();
    await userEvent.keyboard('{Enter}');
    await field.updateComplete;
    expect(field.shadowRoot?.querySelector('.files')).toBeNull();
    expect(field.shadowRoot?.activeElement).toBe(input);
    expect(inner(field, '[role=status]').textContent).toBe('rechnung.pdf wurde entfernt.');
    expect((field as unknown as { checkValidity(): boolean }).checkValidity()).toBe(true);
  });

  it('refuses a file above the field limit before sending it, and deletes an uploaded file on the server when removed', async () => {
    const field = await mountField();
    const input = inner<HTMLInputElement>(field, 'input[type=file]');
    const before = (await backendState()).uploads;
    await userEvent.upload(page.elementLocator(input), pdf('gross.pdf', `${testPdfText}${'x'.repeat(3000)}`));
    await expect
      .poll(() => inner(field, '[role=alert]').textContent)
      .toContain('Die Datei gross.pdf ist größer als 2 kB.');
    expect(field.modelValue).toBeNull();
    await userEvent.upload(page.elementLocator(input), pdf('klein.pdf'));
    await expect
      .poll(() => (field.modelValue as FileInfo[] | null)?.[0]?.ref, { timeout: 15_000 })
      .toBeTruthy();
    expect((await backendState()).uploads).toBe(before + 1);
    await userEvent.click(page.getByRole('button', { name: 'klein.pdf entfernen' }));
    expect(field.modelValue).toBeNull();
    await expect.poll(async () => (await backendState()).uploads, { timeout: 15_000 }).toBe(before);
  });

  it('answers a person who is not signed in with the server’s reason', async () => {
    signIn('');
    const field = await mountField();
    await userEvent.upload(page.elementLocator(inner<HTMLInputElement>(field, 'input[type=file]')), pdf());
    await expect
      .poll(() => inner(field, '[role=alert]').textContent, { timeout: 15_000 })
      .toContain('Bitte melden Sie sich an, um Dateien hochzuladen.');
    expect(field.modelValue).toBeNull();
  });
});

/** Uploads a file as the field does, for tests that start at the check page. */
async function uploaded(name: string): Promise<FileInfo> {
  const response = await fetch(`${backend}/uploads?formId=test-upload&field=proof.document`, {
    method: 'POST',
    credentials: 'include',
    headers: {
      'content-type': 'application/pdf',
      'x-filename': encodeFilenameHeader(name),
      'x-efa-csrf': csrf,
    },
    body: testPdfText,
  });
  expect(response.status).toBe(201);
  const answer = (await response.json()) as UploadAnswer;
  return {
    name: answer.filename,
    size: answer.size,
    mediaType: answer.mimeType,
    ref: answer.uploadId,
    sha512: answer.sha512,
  };
}

async function mountForm(procedure = 'form.submit'): Promise<EfaFormElement> {
  const form = document.createElement('efa-form');
  form.lang = 'de';
  form.stateScope = scope;
  form.endpoint = `${backend}/trpc`;
  form.submitProcedure = procedure;
  form.uploadEndpoint = `${backend}/uploads`;
  form.definition = uploadTestDefinition;
  document.body.append(form);
  await form.updateComplete;
  return form;
}

function formRoot(form: EfaFormElement): ShadowRoot {
  return form.shadowRoot as ShadowRoot;
}

async function submitFromCheckPage(form: EfaFormElement): Promise<void> {
  await expect.element(page.getByRole('heading', { name: 'Prüfen Sie Ihre Angaben' })).toBeInTheDocument();
  await userEvent.click(page.getByRole('button', { name: 'Antrag absenden' }));
  await form.updateComplete;
}

describe('<efa-form> submit', () => {
  it('uploads in the form, keeps the application id over a lost connection and a reload, submits once and says "wird übermittelt"', async () => {
    // Chromium repeats a POST once by itself when a reused connection closes without an answer:
    // two dropped requests make one lost submit.
    await behave({ delivery: 'pending', dropSubmits: 2 });
    const form = await mountForm();
    const name = formRoot(form).querySelector<HTMLElement>('[data-path="proof.name"]');
    name?.focus();
    await userEvent.keyboard('Bello');
    const file = formRoot(form).querySelector('[data-path="proof.document"]') as HTMLElement;
    await userEvent.upload(page.elementLocator(inner<HTMLInputElement>(file, 'input[type=file]')), pdf());
    await expect
      .poll(() => (form.value.proof as { document?: FileInfo[] } | undefined)?.document?.[0]?.ref, {
        timeout: 15_000,
      })
      .toBeTruthy();
    await userEvent.click(page.getByRole('button', { name: 'Weiter' }));
    const errors: FormSubmitErrorDetail[] = [];
    form.addEventListener('efa-form-submit-error', (event) => errors.push(event.detail));
    await submitFromCheckPage(form);

    // The connection broke: nothing is claimed, the draft and its application id stay.
    await expect.poll(() => errors.length, { timeout: 15_000 }).toBe(1);
    expect(errors[0]?.code).toBe('NETWORK');
    await expect.element(page.getByRole('alert')).toHaveTextContent(/nichts ist verloren/);
    const draft = JSON.parse(localStorage.getItem(draftKey) ?? '{}') as {
      applicationId?: string;
      data?: unknown;
    };
    expect(draft.applicationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(draft.data).toMatchObject({ proof: { name: 'Bello', document: [{ name: 'nachweis.pdf' }] } });
    await behave({ dropSubmits: 0 });
    const { dropped } = await backendState();
    expect(dropped.at(-1)).toBe(draft.applicationId);

    // Reload: the draft comes back at the check page and the retry sends the same id.
    form.remove();
    const again = await mountForm();
    const submitted: FormSubmittedDetail[] = [];
    again.addEventListener('efa-form-submitted', (event) => submitted.push(event.detail));
    await expect.element(page.getByText(/Ihr Entwurf vom .* wurde wiederhergestellt/)).toBeInTheDocument();
    await submitFromCheckPage(again);
    await expect
      .element(page.getByRole('heading', { name: 'Ihr Antrag wird übermittelt.' }))
      .toBeInTheDocument();
    await expect.element(page.getByText(/^Ihr Aktenzeichen: EFA-\d{4}$/)).toBeInTheDocument();
    expect(formRoot(again).textContent).not.toContain('wurde an die Behörde übermittelt');
    expect(submitted[0]?.answer).toMatchObject({ applicationId: draft.applicationId, delivery: 'pending' });
    const state = await backendState();
    expect(state.handedOver.filter((entry) => entry.applicationId === draft.applicationId)).toEqual([
      { applicationId: draft.applicationId, uploads: [testPdfText] },
    ]);
    // A reference came back: now the draft goes.
    expect(localStorage.getItem(draftKey)).toBeNull();
  });

  it('says "an die Behörde übermittelt" only when the delivery service has taken it, and the failure otherwise', async () => {
    for (const [delivery, heading] of [
      ['submitted', 'Ihr Antrag wurde an die Behörde übermittelt.'],
      ['failed', 'Ihr Antrag konnte nicht an die Behörde übermittelt werden.'],
      ['rejected', 'Die Behörde hat die Übermittlung Ihres Antrags zurückgewiesen.'],
    ] as const) {
      await behave({ delivery });
      const form = await mountForm();
      form.restore({ proof: { name: 'Luna', document: [await uploaded(`${delivery}.pdf`)] } }, '#check');
      await submitFromCheckPage(form);
      await expect.element(page.getByRole('heading', { name: heading })).toBeInTheDocument();
      expect(formRoot(form).querySelector('[data-delivery]')?.getAttribute('data-delivery')).toBe(delivery);
      form.remove();
    }
  });

  it('refuses a login below the trust level with the server’s words and keeps everything typed', async () => {
    signIn('low');
    const form = await mountForm();
    form.restore({ proof: { name: 'Rex', document: [await uploaded('rex.pdf')] } }, '#check');
    const errors: FormSubmitErrorDetail[] = [];
    form.addEventListener('efa-form-submit-error', (event) => errors.push(event.detail));
    await submitFromCheckPage(form);
    await expect.poll(() => errors[0]?.code, { timeout: 15_000 }).toBe('FORM_TRUST_LEVEL_TOO_LOW');
    await expect
      .element(page.getByRole('alert'))
      .toHaveTextContent(
        /Vertrauensniveau „substanziell“ anmelden.*Ihre Angaben sind gespeichert, nichts ist verloren\./,
      );
    form.flushDraft();
    expect(JSON.parse(localStorage.getItem(draftKey) ?? '{}')).toMatchObject({
      data: { proof: { name: 'Rex' } },
    });
  });

  it('with submitPreview only says the answers are complete, claims nothing and keeps the draft', async () => {
    const form = await mountForm('form.submitPreview');
    form.restore({ proof: { name: 'Rex', document: [await uploaded('rex.pdf')] } }, '#check');
    const submitted: FormSubmittedDetail[] = [];
    form.addEventListener('efa-form-submitted', (event) => submitted.push(event.detail));
    await submitFromCheckPage(form);
    await expect
      .element(page.getByRole('heading', { name: 'Ihre Angaben sind vollständig.' }))
      .toBeInTheDocument();
    expect(submitted[0]?.answer).toBeNull();
    expect(formRoot(form).textContent).not.toContain('übermittelt');
    expect(JSON.parse(localStorage.getItem(draftKey) ?? '{}')).toMatchObject({
      data: { proof: { name: 'Rex' } },
    });
  });
});
