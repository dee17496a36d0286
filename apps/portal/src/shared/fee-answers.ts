/**
 * Which answers of a form decide its fee: the fee schedule's answers (the payment's `answers`)
 * from the form's flat answers (`feeAnswersOf(definition, data)` of the form assistant). The
 * server computes the fee due at submit from them, and the form page shows and collects the fee
 * from them before submitting; both import this module, so the citizen pays exactly what the
 * submit then checks. Pure and browser-safe: no Node, no capability imports.
 */

/** A form's answers as `feeAnswersOf` gives them: data path → value, repeats as their count. */
export type FlatAnswers = Readonly<Record<string, string | number | boolean>>;

/** The answers a fee schedule reads (e.g. `{ dogs: 2, dangerous: false }`). */
export type FeeScheduleAnswers = Record<string, string | number | boolean>;

export type FeeAnswersMapping = (answers: FlatAnswers) => FeeScheduleAnswers;

/** Data paths of the dog registration (FIM schema S99777000001). */
const dogs = 'G99777000030';
const reductionReason = 'G99777000050.G99777000055.F99777000052';
const breedPath = new RegExp(`^${dogs}\\.\\d+\\.F99777000032$`);

/** Assistance and guide dogs are exempt from the registration fee (the schedule's `assistanceDog`). */
const exemptReasons = new Set(['blindenfuehrhund', 'assistenzhund']);

/** Breeds under § 2 HundVerbrEinfG, as the form's own rule lists them (permit required). */
const dangerousBreeds = new Set([
  'pitbull-terrier',
  'american-staffordshire-terrier',
  'staffordshire-bullterrier',
  'bullterrier',
]);

/** The dog registration's fee answers: number of dogs, a § 2 breed among them, an exemption. */
export const dogRegistrationFeeAnswers: FeeAnswersMapping = (answers) => ({
  dogs: Math.max(1, Number(answers[dogs] ?? 1)),
  dangerous: Object.entries(answers).some(
    ([path, value]) => breedPath.test(path) && dangerousBreeds.has(String(value)),
  ),
  assistanceDog: exemptReasons.has(String(answers[reductionReason] ?? '')),
  socialPass: false,
});

/** The mapping of each form that has a fee, by form id. */
const byForm: Readonly<Record<string, FeeAnswersMapping>> = {
  'dog-registration': dogRegistrationFeeAnswers,
};

/** The fee answers mapping of a form; undefined for a form without a fee. */
export function feeAnswersMappingFor(formId: string): FeeAnswersMapping | undefined {
  return Object.hasOwn(byForm, formId) ? byForm[formId] : undefined;
}
