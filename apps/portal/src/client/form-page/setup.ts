import type { EfaFormElement } from '@efa-kit/form-assistant';
import { feeAnswersMappingFor } from '../../shared/fee-answers.js';
import { setUpFeeStep } from './fee-step.js';
import { setUpServerDraft } from './server-draft.js';

/** Codes of a refused submit that a new login at the service's level resolves. */
const loginCodes = new Set(['FORM_TRUST_LEVEL_TOO_LOW', 'UNAUTHORIZED']);
/** Codes of a refused submit that paying the fee resolves. */
const feeCodes = new Set(['PAYMENT_REQUIRED', 'PAYMENT_NOT_COMPLETED', 'PAYMENT_AMOUNT_CHANGED']);

/**
 * Moves the keyboard to `target` once the form has put it on its own error panel: that panel
 * (role=alert) has been announced, and the next Tab now reaches what resolves the refusal.
 */
function focusAfterForm(form: EfaFormElement, target: HTMLElement): void {
  void form.updateComplete.then(() => setTimeout(() => target.focus(), 0));
}

/**
 * The page's part of an application: everything the server rendered for the script (texts in
 * the page's language, the status page address) is in data attributes and slotted elements of
 * the <efa-form>, so this script holds no text of its own.
 */
export function setUpFormPage(form: EfaFormElement): void {
  const feeSection = form.querySelector<HTMLElement>('[data-fee-step]');
  const mapping = feeAnswersMappingFor(form.formId);
  const fee = feeSection && mapping ? setUpFeeStep(form, feeSection, mapping) : undefined;
  const loginAgain = form.querySelector<HTMLElement>('[data-login-again]');
  setUpServerDraft(form);

  form.addEventListener('efa-form-submit-error', (event) => {
    const { code } = event.detail;
    if (loginCodes.has(code) && loginAgain) {
      loginAgain.hidden = false;
      const link = loginAgain.querySelector('a');
      if (link) focusAfterForm(form, link);
    } else if (feeCodes.has(code) && fee) {
      focusAfterForm(form, fee.refused(code));
    }
  });

  form.addEventListener('efa-form-submitted', (event) => {
    const answer = event.detail.answer;
    const statusHref = form.dataset.statusHref;
    if (!answer || !statusHref) return;
    fee?.forget(answer.applicationId);
    // The status page says what the delivery service has, and follows it; its address names
    // the application, so a reload or a bookmark finds it again.
    location.assign(statusHref.replace('{applicationId}', encodeURIComponent(answer.applicationId)));
  });
}
