/**
 * The conformance suite every field element runs (modelled on Web Awesome's
 * runFormControlBaseTests): form participation, constraint validation, reset, fieldset
 * disabling, state restore, label association, error display and keyboard use, all in a real
 * Chromium through vitest browser mode. Not a test file itself: `fields.browser.test.ts`
 * calls it once per tag.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { FormField } from './form-associated-element.js';

export interface ConformanceFixture {
  tag: string;
  /** Extra attributes (e.g. options as JSON). */
  attributes?: Record<string, string>;
  /** Whether the field renders a fieldset with a legend (several controls). */
  grouped: boolean;
  /** Types or picks a valid answer; focus is on the field's first control. */
  fill: (field: FormField) => Promise<void>;
  /** FormData entries of the filled field named "answer". */
  entries: Array<[string, string]>;
  /** Model value after `fill`. */
  modelValue: unknown;
  /** Fills an invalid answer (besides "empty"), when the kind has one. */
  fillInvalid?: (field: FormField) => Promise<void>;
  /** True for kinds with one-line text inputs, where Enter submits the form. */
  submitsOnEnter: boolean;
  /** False for kinds whose state cannot be restored (file contents). */
  restorable?: boolean;
}

const label = 'Die Frage';

async function mount(
  fixture: ConformanceFixture,
  wrapper = '',
): Promise<{ form: HTMLFormElement; field: FormField }> {
  const form = document.createElement('form');
  // German notation ("12,5") regardless of the test page's language.
  form.lang = 'de';
  const attributes = Object.entries(fixture.attributes ?? {})
    .map(([key, value]) => ` ${key}='${value.replaceAll("'", '&#39;')}'`)
    .join('');
  const inner = `<${fixture.tag} name="answer" label="${label}" hint="Ein Hinweis" required${attributes}></${fixture.tag}>`;
  form.innerHTML = `<button type="button" id="before">Vorher</button>${wrapper ? wrapper.replace('%', inner) : inner}<button id="submit">Senden</button>`;
  document.body.append(form);
  const field = form.querySelector(fixture.tag) as FormField & { updateComplete: Promise<boolean> };
  await field.updateComplete;
  return { form, field };
}

async function settle(field: FormField): Promise<void> {
  await (field as FormField & { updateComplete: Promise<boolean> }).updateComplete;
}

async function focusFirst(field: FormField): Promise<void> {
  document.getElementById('before')?.focus();
  await userEvent.tab();
  await settle(field);
}

export function runFieldConformance(fixture: ConformanceFixture): void {
  describe(`<${fixture.tag}> conformance`, () => {
    afterEach(() => {
      document.body.replaceChildren();
    });

    it('is form-associated and submits its value with FormData', async () => {
      const { form, field } = await mount(fixture);
      expect(field.form).toBe(form);
      expect([...new FormData(form).keys()].filter((key) => key.startsWith('answer'))).toEqual([]);
      await focusFirst(field);
      await fixture.fill(field);
      await settle(field);
      const entries = [...new FormData(form).entries()]
        .filter(([key]) => key.startsWith('answer'))
        .map(([key, value]) => [key, typeof value === 'string' ? value : value.name]);
      expect(entries).toEqual(fixture.entries);
      expect(field.modelValue).toEqual(fixture.modelValue);
    });

    it('reports validity: required and empty is invalid, filled is valid', async () => {
      const { form, field } = await mount(fixture);
      expect(field.willValidate).toBe(true);
      expect(field.checkValidity()).toBe(false);
      expect(field.validity.valueMissing).toBe(true);
      expect(form.checkValidity()).toBe(false);
      expect(field.matches(':invalid')).toBe(true);
      expect(field.validationMessage.length).toBeGreaterThan(0);
      await focusFirst(field);
      await fixture.fill(field);
      await settle(field);
      expect(field.checkValidity()).toBe(true);
      expect(form.checkValidity()).toBe(true);
      expect(field.matches(':valid')).toBe(true);
    });

    it('shows the error in its own shadow root, linked by aria-describedby, after reportValidity', async () => {
      const { field } = await mount(fixture);
      const root = field.shadowRoot as ShadowRoot;
      expect(root.querySelector('[part="error"]:not([hidden])')).toBeNull();
      expect(field.reportValidity()).toBe(false);
      await settle(field);
      const error = root.querySelector('[part="error"]:not([hidden])');
      expect(error?.textContent).toContain(field.validationMessage);
      const described = fixture.grouped
        ? root.querySelector('fieldset')
        : root.querySelector('[part="control"]');
      expect(described?.getAttribute('aria-describedby')?.split(' ')).toContain(error?.id);
      expect(root.querySelector('[part="control"]')?.getAttribute('aria-invalid')).toBe('true');
      expect(field.matches(':state(user-invalid)')).toBe(true);
    });

    if (fixture.fillInvalid) {
      const fillInvalid = fixture.fillInvalid;
      it('rejects a wrong answer with a message after the user leaves the field', async () => {
        const { field } = await mount(fixture);
        await focusFirst(field);
        await fillInvalid(field);
        await settle(field);
        expect(field.checkValidity()).toBe(false);
        document.getElementById('submit')?.focus();
        await settle(field);
        const error = field.shadowRoot?.querySelector('[part="error"]:not([hidden])');
        expect(error?.textContent?.trim().length).toBeGreaterThan(0);
      });
    }

    it('takes an error from outside as its validation message until the user edits', async () => {
      const { field } = await mount(fixture);
      await focusFirst(field);
      await fixture.fill(field);
      field.error = 'Vom Server abgelehnt.';
      await settle(field);
      expect(field.validity.customError).toBe(true);
      expect(field.validationMessage).toBe('Vom Server abgelehnt.');
      expect(field.shadowRoot?.querySelector('[part="error"]:not([hidden])')?.textContent).toContain(
        'Vom Server abgelehnt.',
      );
    });

    it('resets to its default with the form', async () => {
      const { form, field } = await mount(fixture);
      await focusFirst(field);
      await fixture.fill(field);
      await settle(field);
      form.reset();
      await settle(field);
      expect([...new FormData(form).keys()].filter((key) => key.startsWith('answer'))).toEqual([]);
      expect(field.validity.valueMissing).toBe(true);
      expect(field.shadowRoot?.querySelector('[part="error"]:not([hidden])')).toBeNull();
    });

    it('is disabled by a disabled fieldset: not submitted, not validated, not focusable', async () => {
      const { form, field } = await mount(fixture, '<fieldset disabled>%</fieldset>');
      await settle(field);
      expect(field.matches(':disabled')).toBe(true);
      expect(field.willValidate).toBe(false);
      expect(form.checkValidity()).toBe(true);
      const controls = [...(field.shadowRoot?.querySelectorAll('input, select, textarea') ?? [])];
      expect(controls.length).toBeGreaterThan(0);
      expect(controls.every((control) => (control as HTMLInputElement).disabled)).toBe(true);
      expect(field.matches(':state(disabled)')).toBe(true);
    });

    it('restores its state (formStateRestoreCallback)', async () => {
      const { field } = await mount(fixture);
      await focusFirst(field);
      await fixture.fill(field);
      await settle(field);
      const state = JSON.stringify(field.modelValue);
      const other = document.createElement(fixture.tag) as FormField & {
        formStateRestoreCallback(state: string, reason: string): void;
      };
      for (const [key, value] of Object.entries(fixture.attributes ?? {})) other.setAttribute(key, value);
      field.form?.append(other);
      other.formStateRestoreCallback(state, 'restore');
      await settle(other);
      if (fixture.restorable === false) expect(other.modelValue).toBeNull();
      else expect(other.modelValue).toEqual(fixture.modelValue);
    });

    it('names its control by the label in the same shadow root', async () => {
      const { field } = await mount(fixture);
      const root = field.shadowRoot as ShadowRoot;
      if (fixture.grouped) {
        await expect.element(page.getByRole('group', { name: label })).toBeInTheDocument();
        expect(root.querySelector('legend')?.textContent).toContain(label);
      } else {
        const control = root.querySelector('[part="control"]') as HTMLElement;
        const labelElement = root.querySelector(`label[for="${control.id}"]`);
        expect(labelElement?.textContent).toContain(label);
        expect((control as HTMLInputElement).labels?.[0]).toBe(labelElement);
      }
      expect(root.querySelector('[part="hint"]')?.textContent).toBe('Ein Hinweis');
    });

    if (fixture.submitsOnEnter) {
      it('submits its form on Enter, as a native text input does', async () => {
        const { form, field } = await mount(fixture);
        const submitted: Array<HTMLElement | null> = [];
        form.addEventListener('submit', (event) => {
          event.preventDefault();
          submitted.push(event.submitter);
        });
        await focusFirst(field);
        await fixture.fill(field);
        await userEvent.keyboard('{Enter}');
        expect(submitted).toEqual([document.getElementById('submit')]);
      });
    }

    it('is reached with Tab and filled with the keyboard', async () => {
      const { field } = await mount(fixture);
      await focusFirst(field);
      expect(document.activeElement).toBe(field);
      expect(field.shadowRoot?.activeElement).not.toBeNull();
      await fixture.fill(field);
      await settle(field);
      expect(field.checkValidity()).toBe(true);
    });
  });
}
