import { fieldErrors, localizeIssue, messageLookup } from '@efa-kit/core';
import { describe, expect, it } from 'vitest';
import { formDefinitionSchema, missingEnglish, walkDefinition } from '../schema/index.js';
import {
  createValidator,
  fromFimSubmission,
  toFimSubmission,
  validationMessages,
} from '../validation/index.js';
import { blueprintForms, dogRegistration, geothermalDrilling, housingBenefit } from './index.js';

const today = () => '2026-11-23';
const lookup = messageLookup(validationMessages);

describe('blueprints', () => {
  it.each(Object.entries(blueprintForms()))(
    '%s is a valid definition with complete English',
    (id, definition) => {
      expect(formDefinitionSchema.safeParse(definition).success).toBe(true);
      expect(definition.id).toBe(id);
      expect(missingEnglish(definition)).toEqual([]);
    },
  );

  it('housing benefit is large: more than 50 fields over 7 steps', () => {
    const fields = [...walkDefinition(housingBenefit)].filter((e) => e.item.kind !== 'group');
    expect(fields.length).toBeGreaterThan(50);
    expect(housingBenefit.steps).toHaveLength(7);
  });
});

describe('dog registration (built from its XDatenfelder 3.0 file)', () => {
  const { definition, warnings } = dogRegistration();
  const validator = createValidator(definition, { today });
  const breeds = 'urn:de:efa-kit:codeliste:hunderasse';

  const application = {
    G99777000010: {
      F99777000011: 'Müller',
      F99777000012: 'Erika',
      F99777000013: '1980-05-17',
      G99777000014: {
        F99777000015: 'Hauptstraße',
        F99777000016: '12a',
        F99777000017: '01067',
        F99777000018: 'Dresden',
      },
      F99777000020: 'erika@example.org',
    },
    G99777000030: [
      { F99777000031: 'Bello', F99777000032: 'mischling', F99777000033: 'm', F99777000037: '2026-11-01' },
    ],
    G99777000050: { F99777000051: false },
    G99777000060: {
      F99777000061: true,
      G99777000062: { F99777000063: 'Erika Müller', F99777000064: 'DE89 3704 0044 0532 0130 00' },
    },
    G99777000070: { F99777000072: true },
  };

  it('lists the import warnings: draft status and the rule kept as documentation', () => {
    expect(warnings.map((w) => `${w.code} ${w.fimId}`)).toEqual([
      'FIM_STATUS_NOT_RELEASED S99777000001',
      'FIM_RULE_NOT_MAPPED R99777000104',
    ]);
  });

  it('has the author’s steps, the breed code list and the rules mapped to conditions', () => {
    expect(definition.steps.map((s) => s.id)).toEqual([
      'halter',
      'hunde',
      'ermaessigung',
      'zahlung',
      'erklaerung',
    ]);
    expect(definition.codeLists?.[breeds]?.options).toHaveLength(17);
    expect(definition.fim).toMatchObject({ id: 'S99777000001', version: '1.0.0', xdfVersion: '3.0' });
  });

  it('accepts a complete application and submits it keyed by FIM ids', () => {
    const result = validator.application.safeParse(application);
    expect(result.error?.issues ?? []).toEqual([]);
    const submission = toFimSubmission(definition, result.data ?? {});
    expect(submission.schema).toEqual({ id: 'S99777000001', version: '1.0.0' });
    expect(submission.data.G99777000030).toEqual([
      { F99777000031: 'Bello', F99777000032: 'mischling', F99777000033: 'm', F99777000037: '2026-11-01' },
    ]);
    expect(submission.data.G99777000060).toMatchObject({
      G99777000062: { F99777000064: 'DE89370400440532013000' },
    });
    // The receiver reads it back to the form's paths and checks it with the same validator.
    const back = fromFimSubmission(definition, submission.data);
    expect(back).toEqual(result.data);
    expect(validator.application.safeParse(back).success).toBe(true);
  });

  it.each(Object.entries(blueprintForms()))(
    '%s: keys outside the definition are dropped both ways',
    (_id, form) => {
      const data = { unknown: 1 };
      expect(fromFimSubmission(form, toFimSubmission(form, data).data)).toEqual({});
    },
  );

  it('requires the permit for a dog of a listed breed (rule R99777000101), per dog', () => {
    const data = {
      ...application,
      G99777000030: [
        ...application.G99777000030,
        {
          F99777000031: 'Rex',
          F99777000032: 'pitbull-terrier',
          F99777000033: 'm',
          F99777000037: '2026-11-01',
        },
      ],
    };
    expect(validator.isShown('G99777000030.0.F99777000038', data)).toBe(false);
    expect(validator.isShown('G99777000030.1.F99777000038', data)).toBe(true);
    const result = validator.application.safeParse(data);
    expect(fieldErrors(result.error ?? (undefined as never), 'de', lookup)).toEqual([
      {
        path: 'G99777000030.1.F99777000038',
        code: 'custom',
        message: 'Laden Sie die Erlaubnis zur Haltung eines gefährlichen Hundes hoch.',
      },
    ]);
  });

  it('asks for the reduction details only when a reduction is applied for (rule R99777000102)', () => {
    const data = { ...application, G99777000050: { F99777000051: true } };
    const errors = fieldErrors(
      validator.application.safeParse(data).error ?? (undefined as never),
      'en',
      lookup,
    );
    expect(errors.map((e) => [e.path, e.message])).toEqual([
      ['G99777000050.G99777000055.F99777000052', 'Select the reason.'],
      ['G99777000050.G99777000055.F99777000053', 'Upload the proof.'],
    ]);
  });

  it('checks the IBAN only with a direct debit mandate (rule R99777000103)', () => {
    const wrongIban = {
      ...application,
      G99777000060: {
        F99777000061: true,
        G99777000062: { F99777000063: 'E M', F99777000064: 'DE89370400440532013001' },
      },
    };
    expect(validator.application.safeParse(wrongIban).error?.issues.map((i) => i.message)).toEqual([
      'form.iban.checksum',
    ]);
    const noMandate = { ...wrongIban, G99777000060: { ...wrongIban.G99777000060, F99777000061: false } };
    expect(validator.application.safeParse(noMandate).success).toBe(true);
  });

  it('applies the author’s additions: contact condition, date bounds, declaration', () => {
    const data = {
      ...application,
      G99777000010: { ...application.G99777000010, F99777000020: '', F99777000013: '2015-01-01' },
      G99777000070: { F99777000072: false },
    };
    const errors = fieldErrors(
      validator.application.safeParse(data).error ?? (undefined as never),
      'de',
      lookup,
    );
    expect(errors.map((e) => e.path)).toEqual([
      'G99777000010.F99777000013',
      'G99777000010.F99777000019',
      'G99777000070.F99777000072',
    ]);
    expect(errors[2]?.message).toContain('Bitte bestätigen Sie diese Erklärung');
  });

  it('validates the FIM patterns from the schema (postcode, transponder number)', () => {
    // A four-digit postcode hears that five digits are needed, not "not the expected format".
    const postcode = validator.validateField('G99777000010.G99777000014.F99777000017', '1067', application);
    expect(postcode.map((i) => localizeIssue(i, 'de', lookup))).toEqual([
      'Geben Sie Ihre Postleitzahl mit genau 5 Ziffern ein.',
    ]);
    expect(postcode.map((i) => localizeIssue(i, 'en', lookup))).toEqual([
      'Enter your postcode with exactly 5 digits.',
    ]);
    expect(validator.validateField('G99777000030.0.F99777000036', '276098106543210', application)).toEqual(
      [],
    );
  });
});

describe('housing benefit', () => {
  const validator = createValidator(housingBenefit, { today });
  it('switches between rent and burden allowance', () => {
    const base = { benefit: { kind: 'lastenzuschuss' } };
    expect(validator.isShown('rent.totalRent', base)).toBe(false);
    expect(validator.isShown('burden.debtService', base)).toBe(true);
    expect(
      validator
        .step('wohnung')
        .safeParse(base)
        .error?.issues.some((i) => i.path[0] === 'rent'),
    ).toBe(false);
  });

  it('requires the degree of disability per household member only where recognised', () => {
    const data = {
      members: [
        {
          name: { givenNames: 'Max', familyName: 'M' },
          birthDate: '2010-01-01',
          relationship: 'kind',
          disabled: true,
          inEducation: true,
        },
        {
          name: { givenNames: 'Eva', familyName: 'M' },
          birthDate: '2012-01-01',
          relationship: 'kind',
          disabled: false,
          inEducation: true,
        },
      ],
    };
    const issues = validator.step('haushalt').safeParse(data).error?.issues ?? [];
    expect(issues.map((i) => i.path.join('.'))).toEqual(['members.0.disabilityDegree']);
  });
});

describe('housing benefit income', () => {
  const validator = createValidator(housingBenefit, { today });
  it('asks for the employer only for wages (a condition over a multiple choice)', () => {
    const wages = { incomes: [{ hasIncome: true, kinds: ['rente', 'nichtselbstaendig'] }] };
    const pension = { incomes: [{ hasIncome: true, kinds: ['rente'] }] };
    expect(validator.isRequired('incomes.0.employer', wages)).toBe(true);
    expect(validator.isShown('incomes.0.employer', pension)).toBe(false);
  });
});

describe('geothermal drilling notification', () => {
  const validator = createValidator(geothermalDrilling, { today });
  it('warns about protection zones I and II and deep boreholes', () => {
    expect(validator.isShown('site.zoneWarning', { site: { protectionArea: true, zone: 'II' } })).toBe(true);
    expect(validator.isShown('site.zoneWarning', { site: { protectionArea: true, zone: 'IIIB' } })).toBe(
      false,
    );
    expect(validator.isShown('plant.miningNote', { plant: { depth: 120 } })).toBe(true);
    expect(validator.isShown('plant.miningNote', { plant: { depth: 99 } })).toBe(false);
  });

  it('needs the start of drilling at least a month ahead', () => {
    const data = { schedule: { start: '2026-12-01', durationDays: 3 } };
    expect(validator.validateField('schedule.start', '2026-12-01', data).map((i) => i.message)).toEqual([
      'form.date.tooEarly',
    ]);
    expect(validator.validateField('schedule.start', '2027-01-04', data)).toEqual([]);
  });
});

describe('what a citizen met (issue 16)', () => {
  const dog = createValidator(dogRegistration().definition, { today });

  it('the dog keeper step names each missing field, none of them twice', () => {
    const issues = dog.step('halter').safeParse({}).error?.issues ?? [];
    const de = fieldErrors({ issues }, 'de', lookup).map((e) => e.message);
    expect(de).toEqual([
      'Geben Sie Ihren Familiennamen ein.',
      'Geben Sie Ihre Vornamen ein.',
      'Geben Sie Ihr Geburtsdatum ein.',
      'Geben Sie Ihre Straße ein.',
      'Geben Sie Ihre Hausnummer ein.',
      'Geben Sie Ihre Postleitzahl ein.',
      'Geben Sie Ihren Ort ein.',
      'Geben Sie Ihre Telefonnummer ein.',
    ]);
    expect(fieldErrors({ issues }, 'en', lookup).map((e) => e.message)).toEqual([
      'Enter your family name.',
      'Enter your given names.',
      'Enter your date of birth.',
      'Enter your street.',
      'Enter your house number.',
      'Enter your postcode.',
      'Enter your town.',
      'Enter your phone number.',
    ]);
  });

  it('an impossible date (31 February) has its own text, different from an empty one', () => {
    const path = 'G99777000010.F99777000013';
    const empty = dog.validateField(path, '', {}).map((i) => localizeIssue(i, 'de', lookup));
    const impossible = dog.validateField(path, '1980-02-31', {}).map((i) => localizeIssue(i, 'de', lookup));
    expect(empty).toEqual(['Geben Sie Ihr Geburtsdatum ein.']);
    expect(impossible).toEqual([
      'Dieses Datum gibt es nicht: Der Monat hat nur 29 Tage. Prüfen Sie Tag und Monat.',
    ]);
  });

  it('housing benefit: heating costs above the total rent are refused with a clear message', () => {
    const housing = createValidator(housingBenefit, { today });
    const rent = (heatingCosts: number, garage?: number) => ({
      benefit: { kind: 'mietzuschuss' },
      rent: { totalRent: 80_000, heatingCosts, ...(garage === undefined ? {} : { garage }) },
    });
    const messages = (data: ReturnType<typeof rent>, path: string, locale: 'de' | 'en' = 'de') =>
      housing
        .validateField(path, (data.rent as Record<string, unknown>)[path.split('.')[1] as string], data)
        .map((i) => localizeIssue(i, locale, lookup));
    expect(messages(rent(90_000), 'rent.heatingCosts')).toEqual([
      'Die Heizkosten sind ein Teil der Gesamtmiete und können nicht höher sein als sie. Prüfen Sie beide Beträge.',
    ]);
    expect(messages(rent(90_000), 'rent.heatingCosts', 'en')).toEqual([
      'Heating costs are part of the total rent and cannot be higher than it. Check both amounts.',
    ]);
    expect(messages(rent(80_000), 'rent.heatingCosts')).toEqual([]);
    expect(messages(rent(12_000), 'rent.heatingCosts')).toEqual([]);
    // Heating and garage together are part of the rent too.
    expect(messages(rent(60_000, 30_000), 'rent.garage')).toHaveLength(1);
    expect(messages(rent(60_000, 20_000), 'rent.garage')).toEqual([]);
    // The server says the same on submit.
    const whole = housing.step('wohnung').safeParse(rent(90_000)).error?.issues ?? [];
    expect(whole.filter((i) => i.path.join('.') === 'rent.heatingCosts').map((i) => i.message)).toEqual([
      'form.check',
    ]);
  });

  it('geothermal: coordinates in ETRS89/UTM zone 33N with plausible ranges for Saxony', () => {
    const site = geothermalDrilling.steps.flatMap((step) => step.groups).find((g) => g.id === 'site');
    const field = (id: string) => site?.items.find((item) => item.id === id);
    expect(field('east')).toMatchObject({ label: { de: 'Ostwert (ETRS89/UTM Zone 33N)' } });
    expect(field('north')).toMatchObject({ label: { en: 'Northing (ETRS89/UTM zone 33N)' } });
    expect(JSON.stringify(geothermalDrilling)).not.toMatch(/Zone 32|zone 32/);
    const geo = createValidator(geothermalDrilling, { today });
    // Dresden Frauenkirche, Plauen and Görlitz in EPSG:25833; a zone-32 easting of Dresden is not.
    for (const [east, north] of [
      [411_900, 5_656_600],
      [304_300, 5_596_900],
      [498_700, 5_667_300],
    ]) {
      expect(geo.validateField('site.east', east, {}), `east ${east}`).toEqual([]);
      expect(geo.validateField('site.north', north, {}), `north ${north}`).toEqual([]);
    }
    expect(geo.validateField('site.east', 835_000, {}).map((i) => i.message)).toEqual([
      'form.number.tooLarge',
    ]);
    // A question is answered, not entered.
    const other = { plant: { heatCarrier: 'andere' } };
    expect(
      geo.validateField('plant.heatCarrierOther', '', other).map((i) => localizeIssue(i, 'de', lookup)),
    ).toEqual(['Beantworten Sie die Frage „Welche Wärmeträgerflüssigkeit?“']);
    expect(
      geo.validateField('plant.heatCarrierOther', '', other).map((i) => localizeIssue(i, 'en', lookup)),
    ).toEqual(['Answer the question “Which heat transfer fluid?”']);
    // The author's pattern message is said by the validator, so the server says it too.
    expect(
      geo.validateField('site.flurstueck', '12a', {}).map((i) => localizeIssue(i, 'de', lookup)),
    ).toEqual([
      'Bitte geben Sie das Flurstück als Zahl an, gegebenenfalls mit Bruchnummer, zum Beispiel 123/4.',
    ]);
    expect(geo.validateField('site.north', 5_300_000, {}).map((i) => i.message)).toEqual([
      'form.number.tooSmall',
    ]);
  });
});
