import { clearBrowserState } from '@efa-kit/core/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../index.js';
import type { EfaFormElement } from '../elements/efa-form.js';
import type { FormDefinition } from '../schema/definition.js';

const definition: FormDefinition = {
  format: 'efa-form/1',
  id: 'messages-test',
  version: '1.0.0',
  title: { de: 'Test', en: 'Test' },
  steps: [
    {
      id: 'person',
      title: { de: 'Person', en: 'Person' },
      groups: [
        {
          kind: 'group',
          id: 'holder',
          items: [
            {
              kind: 'text',
              id: 'givenName',
              label: { de: 'Vorname', en: 'First name' },
              autocomplete: 'given-name',
              required: true,
            },
            {
              kind: 'date',
              id: 'birthDate',
              label: { de: 'Geburtsdatum', en: 'Date of birth' },
              autocomplete: 'bday',
              required: true,
            },
            {
              kind: 'text',
              id: 'postcode',
              label: { de: 'Postleitzahl', en: 'Postcode' },
              pattern: '[0-9]{5}',
              required: true,
            },
          ],
        },
      ],
    },
  ],
};

async function mount(lang: string): Promise<EfaFormElement> {
  const form = document.createElement('efa-form');
  form.lang = lang;
  form.definition = definition;
  document.body.append(form);
  await form.updateComplete;
  return form;
}

function field(form: EfaFormElement, path: string): HTMLElement {
  const element = form.shadowRoot?.querySelector<HTMLElement>(`[data-path="${path}"]`);
  if (!element) throw new Error(`no field ${path}`);
  return element;
}

async function next(form: EfaFormElement): Promise<string[]> {
  await userEvent.click(
    page.getByRole('button', { name: /^(Weiter|Continue|Angaben prüfen|Check answers)$/ }),
  );
  await form.updateComplete;
  await expect.poll(() => form.shadowRoot?.querySelectorAll('.summary a').length ?? 0).toBeGreaterThan(0);
  return [...(form.shadowRoot?.querySelectorAll('.summary a') ?? [])].map((a) => a.textContent?.trim() ?? '');
}

describe('error summary in <efa-form>: each message names what is missing (issue 16)', () => {
  beforeEach(() => clearBrowserState());
  afterEach(() => {
    document.body.replaceChildren();
    clearBrowserState();
  });

  it('German and English: one distinct message per field, no "please fill in this field"', async () => {
    expect(await next(await mount('de'))).toEqual([
      'Geben Sie Ihren Vornamen ein.',
      'Geben Sie Ihr Geburtsdatum ein.',
      'Geben Sie die Postleitzahl ein.',
    ]);
    document.body.replaceChildren();
    clearBrowserState();
    expect(await next(await mount('en'))).toEqual([
      'Enter your first name.',
      'Enter your date of birth.',
      'Enter the postcode.',
    ]);
  });

  it('an impossible date and a four-digit postcode say what is wrong', async () => {
    const form = await mount('de');
    field(form, 'holder.givenName').focus();
    await userEvent.keyboard('Erika');
    field(form, 'holder.birthDate').focus();
    await userEvent.keyboard('31{Tab}2{Tab}2025');
    field(form, 'holder.postcode').focus();
    await userEvent.keyboard('1067{Tab}');
    await form.updateComplete;
    expect(await next(form)).toEqual([
      'Dieses Datum gibt es nicht: Der Monat hat nur 28 Tage. Prüfen Sie Tag und Monat.',
      'Geben Sie die Postleitzahl mit genau 5 Ziffern ein.',
    ]);
  });
});
