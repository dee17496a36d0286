import { afterEach, describe, expect, it } from 'vitest';
// Only the form: its field elements come when a definition needs them (issue 16).
import '../form.js';
import type { FormDefinition } from '../schema/definition.js';
import type { EfaFormElement } from './efa-form.js';
import { laterParts } from './later-parts-loader.js';
import { validationNow } from './validation-loader.js';

const definition: FormDefinition = {
  format: 'efa-form/1',
  id: 'on-demand',
  version: '1.0.0',
  title: { de: 'Auf Abruf' },
  steps: [
    {
      id: 'one',
      title: { de: 'Eins' },
      groups: [
        {
          kind: 'group',
          id: 'g',
          items: [
            { kind: 'text', id: 'name', label: { de: 'Name' }, required: true },
            { kind: 'date', id: 'born', label: { de: 'Geburtsdatum' } },
          ],
        },
      ],
    },
    {
      id: 'two',
      title: { de: 'Zwei' },
      groups: [
        { kind: 'group', id: 'h', items: [{ kind: 'yesNo', id: 'ok', label: { de: 'Einverstanden?' } }] },
      ],
    },
  ],
};

describe('<efa-form> loads its field elements on demand', () => {
  afterEach(() => {
    for (const form of document.querySelectorAll('efa-form')) form.remove();
  });

  // Runs first: the validation chunk is not loaded yet (kinds here: email and number only).
  it('renders step 1 without the validation, and a "Weiter" before it came waits for it instead of passing', async () => {
    const gapless: FormDefinition = {
      ...definition,
      id: 'no-gap',
      steps: [
        {
          id: 'first',
          title: { de: 'Erster Schritt' },
          groups: [
            {
              kind: 'group',
              id: 'g',
              items: [{ kind: 'email', id: 'mail', label: { de: 'E-Mail-Adresse' }, required: true }],
            },
          ],
        },
        {
          id: 'second',
          title: { de: 'Zweiter Schritt' },
          groups: [
            { kind: 'group', id: 'h', items: [{ kind: 'integer', id: 'count', label: { de: 'Anzahl' } }] },
          ],
        },
      ],
    };
    const form = document.createElement('efa-form') as EfaFormElement;
    form.noAutosave = true;
    form.definition = gapless;
    document.body.append(form);
    await form.updateComplete;
    const root = form.shadowRoot as ShadowRoot;
    expect(root.querySelector('h2')?.textContent).toContain('Erster Schritt');
    // Step 1 is shown and its fields upgraded, the validation is not there yet.
    expect(root.querySelector('efa-email-field')?.matches(':defined')).toBe(true);
    expect(validationNow()).toBeUndefined();
    // Nor the later parts (error summary, check-your-answers, draft panel).
    expect(laterParts.now()).toBeUndefined();
    expect(customElements.get('efa-error-summary')).toBeUndefined();
    // At once, before any idle callback: the button that submits the step ("Weiter").
    (root.querySelector('form .actions button.button') as HTMLButtonElement).click();
    // The empty required field is refused once the validation came; the step stays.
    await expect.poll(() => root.querySelectorAll('.summary a').length, { timeout: 15_000 }).toBe(1);
    expect(validationNow()).toBeDefined();
    // The summary came with its chunk before the render that shows it, and has the focus.
    const summary = root.querySelector('efa-error-summary');
    expect(summary?.matches(':defined')).toBe(true);
    await expect.poll(() => root.activeElement).toBe(summary?.querySelector('.summary'));
    expect(root.querySelector('efa-email-field')).not.toBeNull();
    expect(root.querySelector('[data-path="count"]')).toBeNull();
  });

  it("defines the kinds of the step before it renders, the other steps' kinds when idle, and no others", async () => {
    expect(customElements.get('efa-text-field')).toBeUndefined();
    const form = document.createElement('efa-form') as EfaFormElement;
    form.noAutosave = true;
    form.definition = definition;
    document.body.append(form);
    await form.updateComplete;
    const fields = [...(form.shadowRoot as ShadowRoot).querySelectorAll('[data-path]')];
    expect(fields.map((field) => field.localName)).toEqual(['efa-text-field', 'efa-date-field']);
    // Upgraded at the first render that shows them: no unstyled field that jumps into shape.
    for (const field of fields) expect(field.matches(':defined')).toBe(true);
    // A later step's kind follows when the browser is idle; kinds the form does not use never load.
    await expect.poll(() => customElements.get('efa-yes-no-field')).toBeDefined();
    expect(customElements.get('efa-file-field')).toBeUndefined();
    expect(customElements.get('efa-iban-field')).toBeUndefined();
  });
});
