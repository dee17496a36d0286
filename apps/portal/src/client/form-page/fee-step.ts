import { browserStateSlot } from '@efa-kit/core/client';
import type { EfaFormElement } from '@efa-kit/form-assistant';
import { type FormDefinition, feeAnswersOf } from '@efa-kit/form-assistant/schema';
import type { FormValidator } from '@efa-kit/form-assistant/validation';
import type { EfaPaymentElement } from '@efa-kit/payment';
import type { FeeAnswersMapping, FeeScheduleAnswers } from '../../shared/fee-answers.js';

export interface FeeStep {
  /** The submit was refused for the fee (PAYMENT_*): says what to do; returns where the keyboard goes. */
  refused(code: string): HTMLElement;
  /** The application was submitted: its payment need not be remembered in this browser any longer. */
  forget(applicationId: string): void;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * The fee on the check page, before the citizen submits: <efa-payment> with the fee answers
 * computed from the form's answers exactly as the server computes them at submit (the
 * validator's output → `feeAnswersOf` → the portal's mapping), bound to the application id the
 * submit will carry. Back from the payment provider the draft brings the citizen to the check
 * page again, where "Gebühr bezahlt" is announced and takes the keyboard, so the next Tab is
 * the submit button.
 */
export function setUpFeeStep(
  form: EfaFormElement,
  section: HTMLElement,
  mapping: FeeAnswersMapping,
): FeeStep {
  const status = section.querySelector<HTMLElement>('.fee-step__status') ?? section;
  const locale = (form.lang || document.documentElement.lang).startsWith('en') ? 'en' : 'de';
  const money = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', {
    style: 'currency',
    currency: 'EUR',
  });
  const text = (name: string) => section.dataset[`text${name}`] ?? '';
  let compiled: { definition: FormDefinition; validator: FormValidator } | undefined;
  let payment: EfaPaymentElement | undefined;
  let shownAnswers = '';
  /** Back from the provider (`?payment=` in the address): the outcome takes the keyboard once. */
  let returning = new URLSearchParams(location.search).has('payment');

  const say = (message: string) => {
    if (status.textContent !== message) status.textContent = message;
  };

  /**
   * The validator and <efa-payment> load when the check page is reached, not with step 1: the
   * validation (zod, ibantools) is most of the form page's script, and the form assistant
   * itself loads it only after the first step (issue 17: the form page's first render).
   */
  let needs: Promise<typeof import('@efa-kit/form-assistant/validation')> | undefined;
  const loadNeeds = () => {
    needs ??= Promise.all([import('@efa-kit/form-assistant/validation'), import('@efa-kit/payment')]).then(
      ([validation]) => validation,
      (error: unknown) => {
        // A lost chunk is fetched again at the next step change.
        needs = undefined;
        throw error;
      },
    );
    return needs;
  };

  const answersOf = async (definition: FormDefinition): Promise<FeeScheduleAnswers> => {
    const { createValidator } = await loadNeeds();
    if (compiled?.definition !== definition)
      compiled = { definition, validator: createValidator(definition) };
    // The server reads the validator's output (only shown questions, normalised): so do we.
    const result = compiled.validator.application.safeParse(form.value);
    return mapping(feeAnswersOf(definition, result.success ? result.data : form.value));
  };

  const newPayment = (applicationId: string, answers: FeeScheduleAnswers): EfaPaymentElement => {
    const element = document.createElement('efa-payment');
    element.endpoint = form.endpoint || '/trpc';
    element.lang = locale;
    element.service = section.dataset.service ?? '';
    element.stateScope = form.stateScope;
    element.applicationId = applicationId;
    element.answers = answers;
    section.append(element);
    return element;
  };

  const showOnCheckPage = async () => {
    const definition = form.definition;
    if (!definition || form.currentStepId !== '#check') return;
    section.hidden = false;
    const applicationId = form.ensureApplicationId();
    const answers = await answersOf(definition);
    // The citizen may have left the check page while the validation loaded.
    if (form.currentStepId !== '#check' || form.definition !== definition) return;
    const key = JSON.stringify([applicationId, answers]);
    // Other answers, another fee: what was said about the old one ("Gebühr bezahlt") is over.
    if (shownAnswers && key !== shownAnswers) say('');
    shownAnswers = key;
    if (!payment) {
      payment = newPayment(applicationId, answers);
      return;
    }
    // The element asks for the quote again when the answers changed (another fee).
    payment.applicationId = applicationId;
    payment.answers = answers;
  };

  section.addEventListener('efa-payment-change', (event) => {
    const { status: paymentStatus, totalCents, kassenzeichen } = event.detail;
    if (paymentStatus !== 'paid') {
      say('');
      return;
    }
    say(fill(text('Paid'), { amount: money.format(totalCents / 100), kassenzeichen }));
    if (returning) {
      returning = false;
      status.focus();
    }
  });

  // The definition arrives (a draft may open at the check page, e.g. back from the provider),
  // or the citizen reaches the check page; after the form's own update, whose draft it writes.
  // Without the validation no fee is shown; the submit then answers PAYMENT_REQUIRED, which
  // `refused` says, and the next step change tries to load it again.
  const afterUpdate = () =>
    void form.updateComplete.then(showOnCheckPage).catch(() => {
      if (form.currentStepId === '#check') say(text('Due'));
    });
  form.addEventListener('efa-form-load', afterUpdate);
  form.addEventListener('efa-form-step-change', afterUpdate);
  form.addEventListener('efa-form-draft-restore', afterUpdate);
  if (form.definition) afterUpdate();

  return {
    refused(code) {
      if (code === 'PAYMENT_AMOUNT_CHANGED' && payment) {
        // What was paid is not this fee: a fresh element quotes and pays the fee due now.
        const { applicationId, answers } = payment;
        payment.remove();
        payment = newPayment(applicationId, answers);
        say(text('Changed'));
      } else {
        say(text('Due'));
      }
      return status;
    },
    forget(applicationId) {
      // The element remembers a paid fee with its application (`application-id`), under this key.
      const slot = browserStateSlot(form.stateScope, 'payment', section.dataset.service ?? '', applicationId);
      try {
        slot?.storage.removeItem(slot.key);
      } catch {
        // Storage blocked: nothing was kept either.
      }
    },
  };
}
