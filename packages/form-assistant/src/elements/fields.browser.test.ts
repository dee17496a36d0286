import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../index.js';
import { runFieldConformance } from './conformance.test.helper.js';
import type { FormField } from './form-associated-element.js';

const options = JSON.stringify([
  { value: 'a', label: 'Erste Antwort' },
  { value: 'b', label: 'Zweite Antwort' },
  { value: 'c', label: 'Dritte Antwort' },
]);

const type = (text: string) => async () => {
  await userEvent.keyboard(text);
};

runFieldConformance({
  tag: 'efa-text-field',
  submitsOnEnter: true,
  grouped: false,
  fill: type('Bello'),
  entries: [['answer', 'Bello']],
  modelValue: 'Bello',
});
runFieldConformance({
  tag: 'efa-textarea',
  submitsOnEnter: false,
  grouped: false,
  fill: type('Zwei{Enter}Zeilen'),
  entries: [['answer', 'Zwei\nZeilen']],
  modelValue: 'Zwei\nZeilen',
});
runFieldConformance({
  tag: 'efa-email-field',
  submitsOnEnter: true,
  grouped: false,
  fill: type('erika@example.de'),
  fillInvalid: type('erika-at-example'),
  entries: [['answer', 'erika@example.de']],
  modelValue: 'erika@example.de',
});
runFieldConformance({
  tag: 'efa-phone-field',
  submitsOnEnter: true,
  grouped: false,
  fill: type('+49 351 1234567'),
  fillInvalid: type('12'),
  entries: [['answer', '+49 351 1234567']],
  modelValue: '+49 351 1234567',
});
runFieldConformance({
  tag: 'efa-number-field',
  submitsOnEnter: true,
  attributes: { decimals: '1', max: '100' },
  grouped: false,
  fill: type('12,5'),
  fillInvalid: type('1.000'),
  entries: [['answer', '12.5']],
  modelValue: 12.5,
});
runFieldConformance({
  tag: 'efa-money-field',
  submitsOnEnter: true,
  grouped: false,
  fill: type('1.234,5'),
  fillInvalid: type('12,345'),
  entries: [['answer', '123450']],
  modelValue: 123450,
});
runFieldConformance({
  tag: 'efa-date-field',
  submitsOnEnter: true,
  grouped: true,
  fill: type('27{Tab}3{Tab}2007'),
  fillInvalid: type('31{Tab}2{Tab}2007'),
  entries: [['answer', '2007-03-27']],
  modelValue: '2007-03-27',
});
runFieldConformance({
  tag: 'efa-iban-field',
  submitsOnEnter: true,
  grouped: false,
  fill: type('de02120300000000202051'),
  fillInvalid: type('DE02120300000000202052'),
  entries: [['answer', 'DE02120300000000202051']],
  modelValue: 'DE02120300000000202051',
});
runFieldConformance({
  tag: 'efa-radio-group',
  submitsOnEnter: false,
  attributes: { options },
  grouped: true,
  fill: type('{ArrowDown}'),
  entries: [['answer', 'b']],
  modelValue: 'b',
});
runFieldConformance({
  tag: 'efa-yes-no-field',
  submitsOnEnter: false,
  grouped: true,
  fill: type(' '),
  entries: [['answer', 'true']],
  modelValue: true,
});
runFieldConformance({
  tag: 'efa-select-field',
  submitsOnEnter: false,
  attributes: { options },
  grouped: false,
  fill: type('{ArrowDown}{ArrowDown}'),
  entries: [['answer', 'b']],
  modelValue: 'b',
});
runFieldConformance({
  tag: 'efa-checkbox-group',
  submitsOnEnter: false,
  attributes: { options, 'max-selected': '2' },
  grouped: true,
  fill: type(' {Tab}{Tab} '),
  fillInvalid: type(' {Tab} {Tab} '),
  entries: [
    ['answer', 'a'],
    ['answer', 'c'],
  ],
  modelValue: ['a', 'c'],
});
runFieldConformance({
  tag: 'efa-name-field',
  submitsOnEnter: true,
  grouped: true,
  fill: type('Erika{Tab}Mustermann'),
  entries: [
    ['answer.givenNames', 'Erika'],
    ['answer.familyName', 'Mustermann'],
  ],
  modelValue: { givenNames: 'Erika', familyName: 'Mustermann' },
});
runFieldConformance({
  tag: 'efa-address-field',
  submitsOnEnter: true,
  grouped: true,
  fill: type('Heideweg{Tab}12{Tab}{Tab}01067{Tab}Dresden'),
  fillInvalid: type('Heideweg{Tab}12{Tab}{Tab}0106{Tab}Dresden'),
  entries: [
    ['answer.street', 'Heideweg'],
    ['answer.houseNumber', '12'],
    ['answer.postcode', '01067'],
    ['answer.town', 'Dresden'],
  ],
  modelValue: { street: 'Heideweg', houseNumber: '12', postcode: '01067', town: 'Dresden' },
});
runFieldConformance({
  tag: 'efa-file-field',
  submitsOnEnter: false,
  attributes: { accept: 'application/pdf,image/*', 'max-size': '1000' },
  grouped: false,
  restorable: false,
  fill: async (field: FormField) => {
    const input = field.shadowRoot?.querySelector('input') as HTMLInputElement;
    await userEvent.upload(
      page.elementLocator(input),
      new File(['%PDF-1.7'], 'nachweis.pdf', { type: 'application/pdf' }),
    );
  },
  fillInvalid: async (field: FormField) => {
    const input = field.shadowRoot?.querySelector('input') as HTMLInputElement;
    await userEvent.upload(page.elementLocator(input), new File(['x'], 'notiz.txt', { type: 'text/plain' }));
  },
  entries: [['answer', 'nachweis.pdf']],
  modelValue: [{ name: 'nachweis.pdf', size: 8, mediaType: 'application/pdf' }],
});

describe('kind-specific behaviour', () => {
  it('groups an IBAN in fours while typing and keeps the cursor in place', async () => {
    document.body.innerHTML = '<efa-iban-field label="IBAN"></efa-iban-field>';
    const field = document.querySelector('efa-iban-field');
    await field?.updateComplete;
    const input = field?.shadowRoot?.querySelector('input') as HTMLInputElement;
    input.focus();
    await userEvent.keyboard('DE0212030000000020205');
    expect(input.value).toBe('DE02 1203 0000 0000 2020 5');
    await userEvent.keyboard('1');
    expect(input.value).toBe('DE02 1203 0000 0000 2020 51');
    input.setSelectionRange(2, 2);
    await userEvent.keyboard('{Backspace}X');
    expect(input.value.startsWith('DX02')).toBe(true);
    document.body.replaceChildren();
  });

  it('counts the characters left in a textarea and keeps text over the limit as an error', async () => {
    document.body.innerHTML = '<efa-textarea label="Merkmale" lang="de" maxlength="10"></efa-textarea>';
    const field = document.querySelector('efa-textarea');
    await field?.updateComplete;
    const textarea = field?.shadowRoot?.querySelector('textarea') as HTMLTextAreaElement;
    const count = () => field?.shadowRoot?.querySelector('[part="count"]')?.textContent?.trim();
    expect(count()).toBe('Sie haben noch 10 Zeichen übrig.');
    textarea.focus();
    await userEvent.keyboard('Schwarzes Fell');
    await field?.updateComplete;
    expect(textarea.value).toBe('Schwarzes Fell');
    expect(count()).toBe('Sie haben 4 Zeichen zu viel.');
    expect(field?.validity.tooLong).toBe(true);
    await expect
      .poll(() => field?.shadowRoot?.querySelector('[aria-live]')?.textContent)
      .toBe('Sie haben 4 Zeichen zu viel.');
    document.body.replaceChildren();
  });

  it('formats money for the reader on leaving the field and stores cents', async () => {
    document.body.innerHTML =
      '<efa-money-field label="Betrag" lang="en"></efa-money-field><button>x</button>';
    const field = document.querySelector('efa-money-field');
    await field?.updateComplete;
    const input = field?.shadowRoot?.querySelector('input') as HTMLInputElement;
    input.focus();
    await userEvent.keyboard('1,234.5');
    await userEvent.tab();
    await field?.updateComplete;
    expect(input.value).toBe('1,234.50');
    expect(field?.modelValue).toBe(123450);
    expect(field?.displayValue()).toBe('1,234.50 €');
    document.body.replaceChildren();
  });

  it('suggests the town for a postcode through the lookup and announces it', async () => {
    document.body.innerHTML = '<efa-address-field label="Anschrift"></efa-address-field>';
    const field = document.querySelector('efa-address-field');
    if (!field) throw new Error('no field');
    const asked: string[] = [];
    field.townLookup = async (postcode) => {
      asked.push(postcode);
      return [{ town: 'Dresden', ags: '14612000' }];
    };
    await field.updateComplete;
    const postcode = field.shadowRoot?.querySelector('#postcode') as HTMLInputElement;
    postcode.focus();
    await userEvent.keyboard('01067');
    await expect.poll(() => (field.modelValue as { town?: string } | null)?.town).toBe('Dresden');
    expect(asked).toEqual(['01067']);
    expect((field.modelValue as { ags?: string }).ags).toBe('14612000');
    expect(field.shadowRoot?.querySelector('[role="status"]')?.textContent).toContain('Dresden');
    document.body.replaceChildren();
  });

  it('asks a tRPC place search at the endpoint when no lookup is given', async () => {
    document.body.innerHTML =
      '<efa-address-field label="Anschrift" endpoint="/trpc-test"></efa-address-field>';
    const field = document.querySelector('efa-address-field');
    if (!field) throw new Error('no field');
    const original = window.fetch;
    const urls: string[] = [];
    // A mock of the jurisdiction finder's HTTP answer (tRPC envelope): the finder is another package.
    window.fetch = async (input: RequestInfo | URL) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return new Response(
        JSON.stringify({
          result: {
            data: [
              { ars: '010020000000', name: 'Kiel', postcodes: ['24103', '24105'], match: 'postcode' },
              { ars: '010580000000', name: 'Anderswo', postcodes: ['24999'], match: 'postcode' },
            ],
          },
        }),
        {
          headers: { 'content-type': 'application/json' },
        },
      );
    };
    try {
      await field.updateComplete;
      const postcode = field.shadowRoot?.querySelector('#postcode') as HTMLInputElement;
      postcode.focus();
      await userEvent.keyboard('24103');
      await expect.poll(() => (field.modelValue as { town?: string } | null)?.town).toBe('Kiel');
      expect(decodeURIComponent(urls[0] ?? '')).toContain(
        '/trpc-test/jurisdiction.searchPlaces?input={"q":"24103"',
      );
      expect((field.modelValue as { ags?: string }).ags).toBe('01002000');
    } finally {
      window.fetch = original;
      document.body.replaceChildren();
    }
  });

  it('shows labels and messages in English with lang="en"', async () => {
    document.body.innerHTML = '<efa-date-field label="Date of birth" lang="en" required></efa-date-field>';
    const field = document.querySelector('efa-date-field');
    await field?.updateComplete;
    field?.reportValidity();
    await field?.updateComplete;
    const text = field?.shadowRoot?.textContent ?? '';
    expect(text).toContain('Day');
    expect(text).toContain('Year');
    expect(text).toContain('Please fill in this field.');
    document.body.replaceChildren();
  });
});
