import { blueprintForms } from '@efa-kit/form-assistant/blueprints';
import { describe, expect, it } from 'vitest';
import { feeAnswersMappingFor } from '../shared/fee-answers.js';
import { portalServiceDefinitions, portalServiceForForm } from './services.js';

describe('the portal service catalogue', () => {
  it('defines each service once, for a form the portal serves', () => {
    const forms = blueprintForms();
    for (const service of portalServiceDefinitions) expect(forms[service.formId]).toBeDefined();
    expect(new Set(portalServiceDefinitions.map((s) => s.leikaKey)).size).toBe(
      portalServiceDefinitions.length,
    );
    expect(new Set(portalServiceDefinitions.map((s) => s.formId)).size).toBe(portalServiceDefinitions.length);
    expect(portalServiceForForm('dog-registration')?.leikaKey).toBe('99102013104000');
    expect(portalServiceForForm('dog-registration')?.feeScheduleId).toBe('99102013104000');
  });

  it('maps the dog form’s answers to the fee schedule’s: count, § 2 breeds, exemption', () => {
    const feeAnswers = portalServiceForForm('dog-registration')?.feeAnswers;
    expect(
      feeAnswers?.({
        G99777000030: 2,
        'G99777000030.0.F99777000032': 'mischling',
        'G99777000030.1.F99777000032': 'pitbull-terrier',
        'G99777000050.G99777000055.F99777000052': 'assistenzhund',
      }),
    ).toEqual({ dogs: 2, dangerous: true, assistanceDog: true, socialPass: false });
    expect(feeAnswers?.({})).toEqual({ dogs: 1, dangerous: false, assistanceDog: false, socialPass: false });
    // The form page computes the fee it shows and collects with the very same mapping.
    for (const service of portalServiceDefinitions) {
      expect(feeAnswersMappingFor(service.formId)).toBe(service.feeAnswers);
      expect(Boolean(service.feeScheduleId)).toBe(Boolean(service.feeAnswers));
    }
    expect(feeAnswersMappingFor('toString')).toBeUndefined();
    expect(portalServiceDefinitions.map((service) => service.path)).toEqual([
      '/antrag/hund-anmelden',
      '/antrag/wohngeld',
    ]);
  });
});
