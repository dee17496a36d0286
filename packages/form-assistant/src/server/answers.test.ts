import { describe, expect, it } from 'vitest';
import { blueprintForms } from '../blueprints/index.js';
import type { FormDefinition } from '../schema/definition.js';
import { formDefinitionSchema } from '../schema/index.js';
import { exampleGeothermalDrilling, exampleHousingBenefit } from '../testing/index.js';
import { createValidator } from '../validation/generate.js';
import { answerSections, feeAnswersOf, placeOf } from './answers.js';

const forms = blueprintForms();
const today = '2026-11-23';

function validated(definition: FormDefinition, input: unknown) {
  const result = createValidator(definition, { today: () => today }).application.safeParse(input);
  if (!result.success) throw new Error(JSON.stringify(result.error.issues.slice(0, 3)));
  return result.data;
}

describe('what travels with an application besides its data', () => {
  it('summarizes in English with repeated items as their own sections', () => {
    const definition = forms['housing-benefit'] as FormDefinition;
    const input = exampleHousingBenefit(new Date(`${today}T12:00:00Z`));
    const sections = answerSections({
      definition,
      input,
      data: validated(definition, input),
      locale: 'en',
      today,
    });
    expect(sections.map((section) => section.title)).toEqual([
      'Applicant',
      'Type of housing benefit',
      'Household member 1',
      'Household member 2',
      'Dwelling',
      'Income of person 1',
      'Income of person 2',
      'Income of person 3',
      // The step's questions after the repeated incomes, under the step's title again.
      'Income',
      'Bank account',
      'Declarations',
    ]);
    expect(
      sections.flatMap((section) => section.lines).every((line) => line.label !== '' && line.value !== ''),
    ).toBe(true);
  });

  it('takes the place from `placeFrom` (the drilling site, not the operator) and flattens fee answers', () => {
    const definition = forms['geothermal-drilling'] as FormDefinition;
    const input = exampleGeothermalDrilling(new Date(`${today}T12:00:00Z`));
    const data = validated(definition, input);
    const site = (data.site as { address: { postcode: string; town: string } }).address;
    expect(placeOf(definition, data)).toEqual({ postcode: site.postcode, municipality: site.town });
    const fees = feeAnswersOf(definition, data);
    expect(fees['site.address.postcode']).toBe(site.postcode);
    expect(Object.values(fees).every((value) => ['string', 'number', 'boolean'].includes(typeof value))).toBe(
      true,
    );
  });

  it('falls back to the first address outside repeats, and says null without one', () => {
    const definition = forms['geothermal-drilling'] as FormDefinition;
    const { placeFrom: _ignored, ...withoutPlace } = definition;
    const data = {
      operator: { address: { street: 'A', houseNumber: '1', postcode: '01067', town: 'Dresden' } },
    };
    expect(placeOf(withoutPlace, data)).toEqual({ postcode: '01067', municipality: 'Dresden' });
    expect(placeOf(withoutPlace, {})).toBeNull();
  });

  it('refuses a `placeFrom` that names no field, a repeated one or a non-address as address', () => {
    const definition = forms['dog-registration'] as FormDefinition;
    const problems = (placeFrom: FormDefinition['placeFrom']) =>
      formDefinitionSchema
        .safeParse({ ...definition, placeFrom })
        .error?.issues.map((issue) => issue.message) ?? [];
    expect(problems({ postcode: 'G99777000010.nope' })).toEqual([
      'placeFrom: placeFrom names no field at "G99777000010.nope"',
    ]);
    expect(problems({ postcode: 'G99777000030.F99777000031' })[0]).toMatch(/inside a repeatable group/);
    expect(problems({ address: 'G99777000010.F99777000011' })[0]).toMatch(/not an address field/);
    expect(problems(definition.placeFrom)).toEqual([]);
  });
});
