import { clearBrowserState } from '@efa-kit/core/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../index.js';
import type { EfaFormElement, FormSubmitDetail } from './efa-form.js';
import type { FormField } from './form-associated-element.js';
import { testDefinition } from './form-test-definition.test.helper.js';

/** Without a `state-scope` the draft lives in this tab's sessionStorage. */
const draftKey = 'efa-kit:tab:form-draft:test-dog:1.0.0';
const draftStore = sessionStorage;

async function mount(lang = 'de', stateScope = ''): Promise<EfaFormElement> {
  const form = document.createElement('efa-form');
  form.lang = lang;
  form.stateScope = stateScope;
  form.definition = testDefinition;
  document.body.append(form);
  await form.updateComplete;
  return form;
}

function root(form: EfaFormElement): ShadowRoot {
  return form.shadowRoot as ShadowRoot;
}

function field(form: EfaFormElement, path: string): FormField & HTMLElement {
  const element = root(form).querySelector<FormField & HTMLElement>(`[data-path="${path}"]`);
  if (!element) throw new Error(`no field ${path}`);
  return element;
}

/** Focus deep inside shadow roots: the element that has the keyboard. */
function deepActive(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

async function typeInto(form: EfaFormElement, path: string, text: string): Promise<void> {
  field(form, path).focus();
  await userEvent.keyboard(text);
  await form.updateComplete;
}

async function next(form: EfaFormElement): Promise<void> {
  await userEvent.click(page.getByRole('button', { name: /^(Weiter|Continue)$/ }));
  await form.updateComplete;
}

async function fillHolder(form: EfaFormElement): Promise<void> {
  await typeInto(form, 'holder.name', 'Erika{Tab}Mustermann');
  field(form, 'holder.hasReduction').focus();
  await userEvent.keyboard('{ArrowRight}');
  await form.updateComplete;
}

describe('<efa-form>', () => {
  beforeEach(() => clearBrowserState());
  afterEach(() => {
    document.body.replaceChildren();
    clearBrowserState();
  });

  it('shows the step with its progress, and an error summary that takes focus and leads to the field', async () => {
    const form = await mount();
    await expect.element(page.getByText('Schritt 1 von 3')).toBeInTheDocument();
    await expect
      .element(page.getByRole('heading', { level: 2, name: 'Halterin oder Halter' }))
      .toBeInTheDocument();
    await next(form);
    const summary = root(form).querySelector('.summary') as HTMLElement;
    expect(summary).not.toBeNull();
    expect(root(form).activeElement).toBe(summary);
    const links = [...summary.querySelectorAll('a')];
    expect(links).toHaveLength(2);
    expect(field(form, 'holder.name').error).not.toBe('');
    // Activate the second link by keyboard: focus moves into the yes/no field.
    links[1]?.focus();
    await userEvent.keyboard('{Enter}');
    expect(root(form).activeElement).toBe(field(form, 'holder.hasReduction'));
    // Errors follow the typing: answering removes the problem from the summary.
    await userEvent.keyboard('{ArrowRight}');
    await form.updateComplete;
    expect(root(form).querySelectorAll('.summary a')).toHaveLength(1);
  });

  it('asks a conditional question only while its condition holds', async () => {
    const form = await mount();
    expect(root(form).querySelector('[data-path="holder.reductionReason"]')).toBeNull();
    field(form, 'holder.hasReduction').focus();
    await userEvent.keyboard(' ');
    await form.updateComplete;
    expect(field(form, 'holder.reductionReason').required).toBe(true);
    await userEvent.keyboard('{ArrowRight}');
    await form.updateComplete;
    expect(root(form).querySelector('[data-path="holder.reductionReason"]')).toBeNull();
  });

  it('moves forward and back keeping the answers, and focuses each step heading', async () => {
    const form = await mount();
    await fillHolder(form);
    await next(form);
    await expect.element(page.getByText('Schritt 2 von 3')).toBeInTheDocument();
    expect(root(form).activeElement?.textContent).toBe('Hunde');
    await userEvent.click(page.getByRole('button', { name: 'Zurück' }));
    await form.updateComplete;
    expect(field(form, 'holder.name').modelValue).toEqual({ givenNames: 'Erika', familyName: 'Mustermann' });
  });

  it('adds and removes repeated items with focus on the new question and announcements', async () => {
    const form = await mount();
    await fillHolder(form);
    await next(form);
    expect(root(form).querySelectorAll('[data-item]')).toHaveLength(1);
    expect(root(form).querySelector('[data-item] button')).toBeNull();
    await userEvent.click(page.getByRole('button', { name: 'Weiteren Hund hinzufügen' }));
    await form.updateComplete;
    expect(root(form).querySelectorAll('[data-item]')).toHaveLength(2);
    expect(root(form).activeElement).toBe(field(form, 'dogs.1.dogName'));
    expect(root(form).querySelector('[role="status"]:last-child')?.textContent).toContain(
      'Hund 2 hinzugefügt.',
    );
    await userEvent.keyboard('Rex');
    await form.updateComplete;
    expect(form.value).toMatchObject({ dogs: [{}, { dogName: 'Rex' }] });
    await userEvent.click(page.getByRole('button', { name: 'Hund 1 entfernen' }));
    await form.updateComplete;
    expect(form.value).toMatchObject({ dogs: [{ dogName: 'Rex' }] });
    expect(root(form).activeElement?.textContent).toBe('Hund 1');
  });

  it('validates a repeated item and a date bound, then checks answers, changes one and submits', async () => {
    const form = await mount();
    const submitted: FormSubmitDetail[] = [];
    form.addEventListener('efa-form-submit', (event) => submitted.push(event.detail));
    await fillHolder(form);
    await next(form);
    await typeInto(form, 'dogs.0.dogName', 'Bello');
    await typeInto(form, 'dogs.0.birthDate', '1{Tab}1{Tab}2999');
    await next(form);
    expect(root(form).querySelector('.summary')?.textContent).toMatch(/Geburtsdatum|Datum/);
    field(form, 'dogs.0.birthDate').focus();
    await userEvent.keyboard('{Tab}{Tab}{Backspace}{Backspace}{Backspace}{Backspace}2020');
    await next(form);
    await typeInto(form, 'payment.iban', 'DE02120300000000202051');
    await next(form);
    await expect.element(page.getByRole('heading', { name: 'Prüfen Sie Ihre Angaben' })).toBeInTheDocument();
    const rows = root(form).querySelectorAll('.row');
    expect([...rows].map((row) => row.querySelector('dd')?.textContent)).toEqual([
      'Erika Mustermann',
      'Keine Angabe',
      'Nein',
      'Bello',
      '1. Januar 2020',
      'DE02 1203 0000 0000 2020 51',
    ]);
    // Change the dog's name from the check page: back to its step, focus in the field.
    const change = root(form).querySelectorAll<HTMLAnchorElement>('.row a')[3];
    change?.focus();
    await userEvent.keyboard('{Enter}');
    await form.updateComplete;
    expect(root(form).activeElement).toBe(field(form, 'dogs.0.dogName'));
    await userEvent.keyboard('{Backspace}{Backspace}{Backspace}{Backspace}{Backspace}Luna');
    await next(form);
    await expect.element(page.getByRole('heading', { name: 'Prüfen Sie Ihre Angaben' })).toBeInTheDocument();
    expect(root(form).textContent).toContain('Luna');
    await userEvent.click(page.getByRole('button', { name: 'Antrag absenden' }));
    await form.updateComplete;
    expect(submitted).toHaveLength(1);
    expect(submitted[0]?.data).toMatchObject({
      holder: { name: { givenNames: 'Erika', familyName: 'Mustermann' }, hasReduction: false },
      dogs: [{ dogName: 'Luna', birthDate: '2020-01-01' }],
      payment: { iban: 'DE02120300000000202051' },
    });
    // No procedure submitted anything: the form says the answers are complete, not that they
    // were sent, and keeps the draft.
    await expect
      .element(page.getByRole('heading', { name: 'Ihre Angaben sind vollständig.' }))
      .toBeInTheDocument();
    expect(root(form).textContent).not.toContain('übermittelt');
    expect(submitted[0]?.applicationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(draftStore.getItem(draftKey) ?? '{}')).toMatchObject({
      applicationId: submitted[0]?.applicationId,
      data: { dogs: [{ dogName: 'Luna' }] },
    });
  });

  it('keeps a draft for the tab without a scope and restores it in a new page', async () => {
    const form = await mount();
    await fillHolder(form);
    await next(form);
    form.flushDraft();
    const saved = JSON.parse(draftStore.getItem(draftKey) ?? '{}') as { stepId?: string };
    expect(saved.stepId).toBe('dogs');
    form.remove();
    const again = await mount();
    await expect.element(page.getByText(/Ihr Entwurf vom .* wurde wiederhergestellt/)).toBeInTheDocument();
    await expect.element(page.getByText('Schritt 2 von 3')).toBeInTheDocument();
    expect(again.value).toMatchObject({ holder: { name: { givenNames: 'Erika' } } });
    await userEvent.click(page.getByRole('button', { name: 'Entwurf verwerfen und neu beginnen' }));
    await again.updateComplete;
    expect(again.value).toEqual({});
    await expect.element(page.getByText('Schritt 1 von 3')).toBeInTheDocument();
  });

  it('speaks English with lang="en"', async () => {
    const form = await mount('en');
    await expect.element(page.getByText('Step 1 of 3')).toBeInTheDocument();
    await next(form);
    await expect.element(page.getByRole('heading', { name: 'There is a problem' })).toBeInTheDocument();
    expect(deepActive()).not.toBeNull();
  });

  it('fetches its definition from the endpoint and submits there (mock of the form router over HTTP)', async () => {
    const original = window.fetch;
    const requests: Array<{ url: string; method: string; body: string }> = [];
    window.fetch = async (input: RequestInfo | URL) => {
      const request = input instanceof Request ? input : new Request(input);
      requests.push({
        url: request.url,
        method: request.method,
        body: request.method === 'POST' ? await request.text() : '',
      });
      const data = request.url.includes('form.definition')
        ? testDefinition
        : request.url.includes('form.prefill')
          ? { data: { holder: { email: 'erika@example.de' } }, locked: [] }
          : {
              applicationId: '6d7e8f90-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
              reference: 'HS-2026-000042',
              delivery: 'pending',
              submittedAt: '2026-11-23T10:00:00Z',
            };
      return new Response(JSON.stringify({ result: { data } }), {
        headers: { 'content-type': 'application/json' },
      });
    };
    try {
      const form = document.createElement('efa-form');
      form.setAttribute('form-id', 'test-dog');
      form.setAttribute('endpoint', '/trpc');
      form.setAttribute('submit-procedure', 'form.submit');
      form.lang = 'de';
      document.body.append(form);
      await expect.element(page.getByText('Schritt 1 von 3')).toBeInTheDocument();
      expect(decodeURIComponent(requests[0]?.url ?? '')).toContain(
        '/trpc/form.definition?input={"id":"test-dog"}',
      );
      form.restore(
        {
          holder: { name: { givenNames: 'Erika', familyName: 'Mustermann' }, hasReduction: false },
          dogs: [{ dogName: 'Bello', birthDate: '2020-01-01' }],
          payment: { iban: 'DE02120300000000202051' },
        },
        '#check',
      );
      await form.updateComplete;
      await userEvent.click(page.getByRole('button', { name: 'Antrag absenden' }));
      await expect.element(page.getByText('Ihr Aktenzeichen: HS-2026-000042')).toBeInTheDocument();
      await expect
        .element(page.getByRole('heading', { name: 'Ihr Antrag wird übermittelt.' }))
        .toBeInTheDocument();
      const submit = requests.find((request) => request.method === 'POST');
      expect(submit?.url).toContain('/trpc/form.submit');
      expect(JSON.parse(submit?.body ?? '{}')).toMatchObject({
        formId: 'test-dog',
        version: '1.0.0',
        applicationId: expect.stringMatching(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        ),
        data: { dogs: [{ dogName: 'Bello' }] },
      });
    } finally {
      window.fetch = original;
    }
  });

  it('issue 12: the "check" slot shows on the check page only, and the application id exists before the first submit', async () => {
    const form = document.createElement('efa-form');
    form.lang = 'de';
    form.definition = testDefinition;
    const fee = document.createElement('p');
    fee.slot = 'check';
    fee.textContent = 'Gebühr: 25,00 €';
    form.append(fee);
    document.body.append(form);
    await form.updateComplete;
    expect(form.currentStepId).toBe('holder');
    // Light DOM not assigned to a rendered slot is not rendered, so not announced either.
    expect(fee.assignedSlot).toBeNull();
    await expect.element(page.getByText('Gebühr: 25,00 €')).not.toBeVisible();
    expect(draftStore.getItem(draftKey)).toBeNull();

    form.restore(
      {
        holder: { name: { givenNames: 'Erika', familyName: 'Mustermann' }, hasReduction: false },
        dogs: [{ dogName: 'Bello', birthDate: '2020-01-01' }],
        payment: { iban: 'DE02120300000000202051' },
      },
      '#check',
    );
    await form.updateComplete;
    expect(form.currentStepId).toBe('#check');
    await expect.element(page.getByText('Gebühr: 25,00 €')).toBeVisible();
    // Before the submit button, after the answers.
    const slot = fee.assignedSlot as HTMLSlotElement;
    const submitButton = root(form).querySelector('.actions .button') as HTMLElement;
    expect(slot.compareDocumentPosition(submitButton) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    // The id a page binds the fee to is the one the submit carries, kept with the draft at once.
    const id = form.ensureApplicationId();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(form.ensureApplicationId()).toBe(id);
    expect(JSON.parse(draftStore.getItem(draftKey) ?? '{}')).toMatchObject({
      applicationId: id,
      stepId: '#check',
    });
    const submitted: FormSubmitDetail[] = [];
    form.addEventListener('efa-form-submit', (event) => submitted.push(event.detail));
    await userEvent.click(page.getByRole('button', { name: 'Antrag absenden' }));
    expect(submitted[0]?.applicationId).toBe(id);

    // A reload (or the return from the payment provider) keeps it.
    form.remove();
    const again = await mount();
    expect(again.currentStepId).toBe('#check');
    expect(again.ensureApplicationId()).toBe(id);
  });

  it('shows a load error when the definition cannot be fetched', async () => {
    const form = document.createElement('efa-form');
    form.setAttribute('src', '/no-such-definition.json');
    document.body.append(form);
    await expect
      .element(page.getByRole('alert'))
      .toHaveTextContent(/Das Formular konnte nicht geladen werden|The form could not be loaded/);
  });

  it('issue 11 finding 4: a draft saved under one scope is not offered under another or without one', async () => {
    const erika = await mount('de', 'erikaScope123');
    await fillHolder(erika);
    await next(erika);
    erika.flushDraft();
    const erikaKey = 'efa-kit:erikaScope123:form-draft:test-dog:1.0.0';
    expect(JSON.parse(localStorage.getItem(erikaKey) ?? '{}')).toMatchObject({ stepId: 'dogs' });
    expect(sessionStorage.getItem(draftKey)).toBeNull();
    erika.remove();
    const max = await mount('de', 'maxScope45678');
    expect(max.value).toEqual({});
    await expect.element(page.getByText('Schritt 1 von 3')).toBeInTheDocument();
    max.remove();
    const anonymous = await mount('de');
    expect(anonymous.value).toEqual({});
    anonymous.remove();
    const back = await mount('de', 'erikaScope123');
    await expect.poll(() => back.value).toMatchObject({ holder: { name: { givenNames: 'Erika' } } });
    back.remove();
    // Logout: the portal clears the kit's browser state, and the draft is gone for Erika too.
    expect(clearBrowserState()).toBeGreaterThan(0);
    expect(localStorage.getItem(erikaKey)).toBeNull();
    const afterLogout = await mount('de', 'erikaScope123');
    expect(afterLogout.value).toEqual({});
  });

  it('issue 11 finding 4: a legacy unscoped localStorage draft is removed unread', async () => {
    const legacy = 'efa-form-draft:test-dog@1.0.0';
    localStorage.setItem(
      legacy,
      JSON.stringify({
        savedAt: '2026-11-20T10:00:00Z',
        stepId: 'holder',
        data: { holder: { email: 'a@b.de' } },
      }),
    );
    const form = await mount();
    expect(form.value).toEqual({});
    expect(localStorage.getItem(legacy)).toBeNull();
  });

  it('shows prefilled values from a verified identity locked, and keeps them over a draft', async () => {
    draftStore.setItem(
      draftKey,
      JSON.stringify({
        savedAt: '2026-11-20T10:00:00Z',
        stepId: 'holder',
        data: { holder: { name: { givenNames: 'X', familyName: 'Y' } } },
      }),
    );
    const form = document.createElement('efa-form');
    form.lang = 'de';
    form.prefilled = {
      data: { holder: { name: { givenNames: 'Erika', familyName: 'Mustermann' } } },
      locked: ['holder.name'],
    };
    form.definition = testDefinition;
    document.body.append(form);
    await form.updateComplete;
    const name = field(form, 'holder.name') as FormField & { readonly: boolean };
    expect(name.readonly).toBe(true);
    expect(name.modelValue).toEqual({ givenNames: 'Erika', familyName: 'Mustermann' });
    const inputs = [...(name.shadowRoot?.querySelectorAll('input') ?? [])];
    expect(inputs.every((input) => input.readOnly)).toBe(true);
  });

  it("puts the server's field errors on their step with the error summary (mock of a rejecting router)", async () => {
    const original = window.fetch;
    window.fetch = async () =>
      new Response(
        JSON.stringify({
          error: {
            message: 'Die Eingaben sind unvollständig oder fehlerhaft.',
            code: -32600,
            data: {
              code: 'BAD_REQUEST',
              efaCode: 'BAD_INPUT',
              httpStatus: 400,
              fieldErrors: [
                { path: 'data.dogs.0.dogName', code: 'custom', message: 'Dieser Name ist gesperrt.' },
              ],
            },
          },
        }),
        { status: 400, headers: { 'content-type': 'application/json' } },
      );
    try {
      const form = await mount();
      form.setAttribute('endpoint', '/trpc');
      form.setAttribute('submit-procedure', 'form.submit');
      form.restore(
        {
          holder: { name: { givenNames: 'Erika', familyName: 'Mustermann' }, hasReduction: false },
          dogs: [{ dogName: 'Bello', birthDate: '2020-01-01' }],
          payment: { iban: 'DE02120300000000202051' },
        },
        '#check',
      );
      await form.updateComplete;
      await userEvent.click(page.getByRole('button', { name: 'Antrag absenden' }));
      await expect.element(page.getByText('Schritt 2 von 3')).toBeInTheDocument();
      const summary = root(form).querySelector('.summary');
      expect(summary?.textContent).toContain('Dieser Name ist gesperrt.');
      expect(root(form).activeElement).toBe(summary);
      expect(field(form, 'dogs.0.dogName').error).toBe('Dieser Name ist gesperrt.');
    } finally {
      window.fetch = original;
    }
  });
});
