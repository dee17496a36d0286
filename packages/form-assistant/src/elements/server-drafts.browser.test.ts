import { clearBrowserState } from '@efa-kit/core/client';
import { afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../index.js';
import type { DraftSaveAnswer } from '../schema/drafts.js';
import type { FileInfo } from './efa-file-field.js';
import type { EfaFormElement } from './efa-form.js';
import { testPdfText, uploadTestDefinition } from './upload-test-definition.test.helper.js';

/** Against the real form backend (src/testing/browser-backend.test.setup.ts) with its drafts router. */
const backend = `http://${location.hostname}:${inject('formBackendPort')}`;
const csrf = 'd'.repeat(32);

function signIn(subject: string) {
  // biome-ignore lint/suspicious/noDocumentCookie: the test plays the service account's session cookie
  document.cookie = subject
    ? `efa_test_session=${subject}@substantial; path=/; SameSite=Lax`
    : 'efa_test_session=; path=/; max-age=0';
}

async function behave(change: { dropDraftSaves?: number }): Promise<void> {
  await fetch(`${backend}/test/behaviour`, { method: 'POST', body: JSON.stringify(change) });
}

async function api<T>(path: string, input: unknown): Promise<T> {
  const response = await fetch(`${backend}/trpc/${path}`, {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json', 'x-efa-csrf': csrf },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { result?: { data: T } };
  if (!body.result) throw new Error(`${path}: ${response.status}`);
  return body.result.data;
}

beforeAll(() => {
  // biome-ignore lint/suspicious/noDocumentCookie: the test plays the portal page that sets this cookie
  document.cookie = `efa_csrf=${csrf}; path=/; SameSite=Lax`;
});

beforeEach(() => {
  signIn('');
  clearBrowserState();
});

afterEach(async () => {
  document.body.replaceChildren();
  clearBrowserState();
  await behave({ dropDraftSaves: 0 });
});

async function mountForm(lang: 'de' | 'en' = 'de'): Promise<EfaFormElement> {
  const wrapper = document.createElement('div');
  wrapper.style.width = '320px';
  const form = document.createElement('efa-form');
  form.lang = lang;
  form.endpoint = `${backend}/trpc`;
  form.draftProcedures = 'drafts';
  form.submitProcedure = 'form.submit';
  form.uploadEndpoint = `${backend}/uploads`;
  form.definition = uploadTestDefinition;
  wrapper.append(form);
  document.body.append(wrapper);
  await form.updateComplete;
  return form;
}

function status(form: EfaFormElement): string {
  return form.shadowRoot?.querySelector('[data-draft-status]')?.textContent?.trim() ?? '';
}

function link(form: EfaFormElement): { draftId: string; key?: string; version: number } | undefined {
  return (form as unknown as { serverSync?: { link?: { draftId: string; key?: string; version: number } } })
    .serverSync?.link;
}

async function typeName(form: EfaFormElement, text: string): Promise<void> {
  const field = form.shadowRoot?.querySelector('[data-path="proof.name"]') as HTMLElement;
  const input = field.shadowRoot?.querySelector('input') as HTMLInputElement;
  await userEvent.fill(page.elementLocator(input), text);
}

describe('<efa-form draft-procedures>', () => {
  it('saves on the server after a pause in typing and says when, and until when it is kept; nothing readable in the database', async () => {
    const form = await mountForm();
    await typeName(form, 'Bello vom Elbufer');
    await expect
      .poll(() => status(form), { timeout: 15_000 })
      .toMatch(/^Entwurf gespeichert um \d\d:\d\d\. Er wird bis \d+\. \S+ \d{4} aufbewahrt\.$/);
    const region = form.shadowRoot?.querySelector('[data-draft-status]');
    expect(region?.getAttribute('role')).toBe('status');
    expect(region?.getAttribute('aria-live')).toBe('polite');
    expect(link(form)?.version).toBe(1);
    const rows = (await (await fetch(`${backend}/test/draft-rows`)).json()) as unknown[];
    expect(JSON.stringify(rows)).not.toContain('Elbufer');
  });

  it('when saving fails, says so and what to do, keeps the answers in the browser, and saves on retry', async () => {
    const form = await mountForm();
    await behave({ dropDraftSaves: 1 });
    await typeName(form, 'Luna');
    await expect
      .poll(() => status(form), { timeout: 15_000 })
      .toBe(
        'Der Entwurf konnte gerade nicht gespeichert werden. Ihre Eingaben sind in diesem Browser gesichert, nichts ist verloren. Das Speichern wird beim nächsten Schritt wiederholt; Sie können es auch jetzt erneut versuchen.',
      );
    const kept = Object.entries(sessionStorage).find(([key]) => key.includes('form-draft'));
    expect(kept?.[1]).toContain('Luna');
    await userEvent.click(page.getByRole('button', { name: 'Jetzt erneut speichern' }));
    await expect.poll(() => status(form), { timeout: 15_000 }).toMatch(/^Entwurf gespeichert um/);
  });

  it('shows a conflict with a newer version saved elsewhere and lets the citizen take it or keep hers', async () => {
    const form = await mountForm('en');
    await typeName(form, 'Mine');
    await expect.poll(() => link(form)?.version, { timeout: 15_000 }).toBe(1);
    const ref = link(form);
    // Another tab saves version 2.
    await api<DraftSaveAnswer>('drafts.save', {
      formId: 'test-upload',
      draftId: ref?.draftId,
      key: ref?.key,
      baseVersion: 1,
      stepId: 'proof',
      data: { proof: { name: 'Theirs' } },
    });
    await typeName(form, 'Mine, changed');
    const conflict = () => form.shadowRoot?.querySelector('[data-draft-conflict]');
    await expect.poll(() => conflict()?.getAttribute('role'), { timeout: 15_000 }).toBe('alert');
    expect(conflict()?.textContent).toContain('This draft was changed elsewhere');
    expect(conflict()?.textContent).toContain(
      'A newer version was saved in another window or on another device',
    );
    await userEvent.click(page.getByRole('button', { name: 'Take the other version' }));
    expect(form.value).toEqual({ proof: { name: 'Theirs' } });
    expect(link(form)?.version).toBe(2);
    // And once more, keeping the answers on screen this time.
    await api('drafts.save', {
      formId: 'test-upload',
      draftId: ref?.draftId,
      key: ref?.key,
      baseVersion: 2,
      stepId: 'proof',
      data: { proof: { name: 'Theirs again' } },
    });
    await typeName(form, 'Mine at last');
    await userEvent.click(await page.getByRole('button', { name: 'Keep my answers here' }).findElement());
    await expect.poll(() => link(form)?.version, { timeout: 15_000 }).toBe(4);
    const loaded = await api<{ data: unknown }>('drafts.load', { draftId: ref?.draftId, key: ref?.key });
    expect(loaded.data).toEqual({ proof: { name: 'Mine at last' } });
  });

  it('gives a resume code with link and QR image; a new page continues there with the file kept', async () => {
    const form = await mountForm();
    await typeName(form, 'Rex');
    const field = form.shadowRoot?.querySelector('[data-path="proof.document"]') as HTMLElement & {
      modelValue: unknown;
    };
    const input = field.shadowRoot?.querySelector('input[type=file]') as HTMLInputElement;
    // Without a login: the file goes into the draft (made first if there is none yet).
    await userEvent.upload(
      page.elementLocator(input),
      new File([testPdfText], 'nachweis.pdf', { type: 'application/pdf' }),
    );
    await expect
      .poll(() => (field.modelValue as FileInfo[] | null)?.[0]?.ref, { timeout: 15_000 })
      .toBeTruthy();
    await userEvent.click(page.getByRole('button', { name: 'Speichern und später fortsetzen' }));
    const panel = form.shadowRoot?.querySelector('[data-resume-code]');
    await expect
      .poll(() => form.shadowRoot?.querySelector('[data-code]')?.textContent, { timeout: 15_000 })
      .toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z*~$=U]$/);
    const code = form.shadowRoot?.querySelector('[data-code]')?.textContent ?? '';
    expect(form.shadowRoot?.activeElement).toBe(
      form.shadowRoot?.querySelector('[data-resume-code]') ?? panel,
    );
    const qr = form.shadowRoot?.querySelector<HTMLImageElement>('img.resume-qr');
    expect(qr?.alt).toBe('QR-Code mit dem Link zum Fortsetzen');
    expect(qr?.src.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(form.shadowRoot?.querySelector<HTMLAnchorElement>('[data-resume-link]')?.href).toContain(
      `/antrag/fortsetzen/${code}`,
    );

    // "Another device": a new form without the browser copy.
    document.body.replaceChildren();
    clearBrowserState();
    const other = await mountForm();
    const started = performance.now();
    expect(await other.openServerDraft({ code })).toBeNull();
    await other.updateComplete;
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(other.value).toMatchObject({ proof: { name: 'Rex', document: [{ name: 'nachweis.pdf' }] } });
    expect(other.currentStepId).toBe('proof');
    // Used up: a second device gets the server's reason.
    document.body.replaceChildren();
    clearBrowserState();
    const third = await mountForm();
    expect(await third.openServerDraft({ code })).toContain(
      'Mit diesem Code lässt sich kein Entwurf fortsetzen',
    );
  });
});
