import { clearBrowserState } from '@efa-kit/core/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../index.js';
import type { FormDefinition } from '../schema/definition.js';
import type { EfaFormElement } from './efa-form.js';
import type { FormField } from './form-associated-element.js';

/** What a citizen met in the forms (issue 16, part 7), each on the smallest form that shows it. */
const definition: FormDefinition = {
  format: 'efa-form/1',
  id: 'rendering-fixes',
  version: '1.0.0',
  title: { de: 'Wohngeld beantragen', en: 'Apply for housing benefit' },
  description: { de: 'Das dauert etwa 10 Minuten.', en: 'This takes about 10 minutes.' },
  steps: [
    {
      id: 'person',
      title: { de: 'Antragstellerin oder Antragsteller', en: 'Applicant' },
      groups: [
        {
          kind: 'group',
          id: 'applicant',
          // As an imported FIM group names itself: the same words as the step.
          title: { de: 'Antragstellerin oder Antragsteller', en: 'Applicant' },
          items: [
            { kind: 'text', id: 'job', label: { de: 'Beruf', en: 'Occupation' } },
            { kind: 'address', id: 'address', label: { de: 'Anschrift', en: 'Address' }, required: true },
          ],
        },
      ],
    },
    {
      id: 'income',
      title: { de: 'Einkommen', en: 'Income' },
      groups: [
        {
          kind: 'group',
          id: 'income',
          title: { de: 'Einkünfte aus Arbeit', en: 'Earnings' },
          items: [
            {
              kind: 'multiline',
              id: 'employer',
              label: { de: 'Arbeitgeber mit einem langen Namen', en: 'Employer' },
            },
          ],
        },
      ],
    },
  ],
};

const filled = {
  applicant: {
    job: 'Tierpflegerin mit einer Berufsbezeichnung, die sehr lang ist und umbricht',
    address: { street: 'Hauptstraße', houseNumber: '1', postcode: '01067', town: 'Dresden' },
  },
  income: { employer: 'Zoo Dresden GmbH\nTiergartenstraße 1' },
};

async function mount(lang = 'de'): Promise<EfaFormElement> {
  const form = document.createElement('efa-form');
  form.lang = lang;
  form.noAutosave = true;
  form.definition = definition;
  document.body.append(form);
  await form.updateComplete;
  return form;
}

const root = (form: EfaFormElement) => form.shadowRoot as ShadowRoot;
const texts = (form: EfaFormElement, selector: string) =>
  [...root(form).querySelectorAll(selector)].map((element) => element.textContent?.trim());

function deepActive(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

describe('<efa-form>, what a citizen met (issue 16)', () => {
  beforeEach(() => clearBrowserState());
  afterEach(() => {
    for (const form of document.querySelectorAll('efa-form')) form.remove();
  });

  it('says a step heading once when its group has the same title, and keeps a different group title', async () => {
    const form = await mount();
    expect(
      texts(form, 'h2, h3').filter((text) => text === 'Antragstellerin oder Antragsteller'),
    ).toHaveLength(1);
    form.restore(filled, 'income');
    await form.updateComplete;
    expect(texts(form, 'h2')).toContain('Einkommen');
    expect(texts(form, 'h3')).toContain('Einkünfte aus Arbeit');
  });

  it("shows the definition's introduction on the first step only", async () => {
    const form = await mount();
    expect(texts(form, '.intro')).toEqual(['Das dauert etwa 10 Minuten.']);
    form.restore(filled, 'income');
    await form.updateComplete;
    expect(texts(form, '.intro')).toEqual([]);
    form.remove();
    const english = await mount('en');
    expect(texts(english, '.intro')).toEqual(['This takes about 10 minutes.']);
  });

  for (const width of [640, 320]) {
    it(`keeps "Ändern" on one line beside its answer on the check page, at ${width} px`, async () => {
      const form = await mount();
      form.style.width = `${width}px`;
      form.restore(filled, '#check');
      await form.updateComplete;
      const rows = [...root(form).querySelectorAll('.row')];
      expect(rows.length).toBe(3);
      for (const row of rows) {
        const answer = (row.querySelector('.answer') as HTMLElement).getBoundingClientRect();
        const link = (row.querySelector('.change a') as HTMLElement).getBoundingClientRect();
        const line =
          Number.parseFloat(getComputedStyle(row.querySelector('.change') as Element).lineHeight) || 24;
        // One line, starting on the answer's first line, to its right.
        expect(link.height).toBeLessThan(line * 1.5);
        expect(Math.abs(link.top - answer.top)).toBeLessThan(line / 2);
        expect(link.left).toBeGreaterThanOrEqual(answer.right - 1);
        expect(link.right).toBeLessThanOrEqual(form.getBoundingClientRect().right + 1);
      }
    });
  }

  it('reports every missing part of an address at once, and each link focuses that part', async () => {
    const form = await mount();
    const address = root(form).querySelector<FormField & HTMLElement>('[data-path="applicant.address"]');
    address?.focus();
    await userEvent.keyboard('Hauptstraße');
    await userEvent.click(page.getByRole('button', { name: 'Weiter' }));
    await form.updateComplete;
    const summary = root(form).querySelector('.summary') as HTMLElement;
    await expect.poll(() => root(form).activeElement).toBe(summary);
    const links = [...summary.querySelectorAll('a')];
    // House number, postcode and town: three problems in one submit, not one per submit.
    expect(links).toHaveLength(3);
    expect(new Set(links.map((link) => link.textContent)).size).toBe(3);
    for (const link of links) expect(address?.error).toContain(link.textContent?.trim());
    await userEvent.click(links[1] as HTMLElement);
    expect(deepActive()?.id).toBe('postcode');
    // Fixing one part removes only its problem.
    await userEvent.keyboard('01067');
    await form.updateComplete;
    expect(root(form).querySelectorAll('.summary a')).toHaveLength(2);
  });
});
