import type { EfaService, Leistungsschluessel } from '@efa-kit/core';
import { dogRegistrationFeeAnswers, type FeeAnswersMapping } from '../shared/fee-answers.js';

/**
 * The services this portal offers online, each defined once: one Leistungsschlüssel for the
 * finder, the form, the fee and the delivery. The finder's result links to `path`; the form's
 * submit checks `trustLevel`; the payment computes the fee from `feeScheduleId`; the delivery
 * looks up the destination of the responsible authority.
 */
export interface PortalService extends Omit<EfaService, 'destination'> {
  /**
   * The fee schedule's answers from the form's flat answers (`feeAnswersOf`): the one place
   * that knows which field of this form is the number of dogs. From src/shared/fee-answers.ts,
   * which the form page imports too (`feeAnswersMappingFor(formId)`).
   */
  feeAnswers?: FeeAnswersMapping;
}

export const portalServiceDefinitions: readonly PortalService[] = [
  {
    leikaKey: '99102013104000' as Leistungsschluessel,
    name: { de: 'Hundesteuer – Anmeldung', en: 'Dog tax – registration' },
    formId: 'dog-registration',
    path: '/antrag/hund-anmelden',
    // The verified name is locked and the address prefilled (editable); a tax assessment follows.
    trustLevel: 'substantial',
    feeScheduleId: '99102013104000',
    // The same mapping the form page uses to show and collect the fee before submitting.
    feeAnswers: dogRegistrationFeeAnswers,
  },
  {
    leikaKey: '99107023037000' as Leistungsschluessel,
    name: { de: 'Wohngeld – Mietzuschuss beantragen', en: 'Apply for housing benefit (rent subsidy)' },
    formId: 'housing-benefit',
    path: '/antrag/wohngeld',
    trustLevel: 'substantial',
  },
];

export function portalServiceForForm(formId: string): PortalService | undefined {
  return portalServiceDefinitions.find((service) => service.formId === formId);
}
