import { fieldErrors, localizeIssue, messageLookup } from '@efa-kit/core';
import { describe, expect, it } from 'vitest';
import { type FormDefinition, parseFormDefinition } from '../schema/index.js';
import {
  createValidator,
  lockedPrefillIssues,
  prefillFromIdentity,
  toFimSubmission,
  validationMessages,
} from './index.js';

const definition: FormDefinition = parseFormDefinition({
  format: 'efa-form/1',
  id: 'test-form',
  version: '1.0.0',
  title: { de: 'Test', en: 'Test' },
  fim: { id: 'S90000000001', version: '1.0.0', xdfVersion: '3.0' },
  steps: [
    {
      id: 'person',
      title: { de: 'Person', en: 'Person' },
      groups: [
        {
          kind: 'group',
          id: 'applicant',
          fim: { id: 'G90000000001' },
          items: [
            {
              kind: 'text',
              id: 'familyName',
              label: { de: 'Familienname', en: 'Family name' },
              required: true,
              maxLength: 20,
              prefill: { attribute: 'familyName' },
              fim: { id: 'F90000000001', version: '1.0.0' },
            },
            {
              kind: 'date',
              id: 'birthDate',
              label: { de: 'Geburtsdatum' },
              required: true,
              max: 'today-18y',
            },
            { kind: 'email', id: 'email', label: { de: 'E-Mail' } },
            { kind: 'iban', id: 'iban', label: { de: 'IBAN' }, required: true },
            { kind: 'yesNo', id: 'hasDogs', label: { de: 'Halten Sie Hunde?' }, required: true },
          ],
        },
      ],
    },
    {
      id: 'dogs',
      title: { de: 'Hunde', en: 'Dogs' },
      showWhen: { '==': [{ var: 'applicant.hasDogs' }, true] },
      groups: [
        {
          kind: 'group',
          id: 'dogs',
          repeat: { min: 1, max: 2 },
          items: [
            { kind: 'text', id: 'name', label: { de: 'Name' }, required: true },
            {
              kind: 'choice',
              id: 'breed',
              label: { de: 'Rasse' },
              required: true,
              options: [
                { value: 'mix', label: { de: 'Mischling' } },
                { value: 'pitbull', label: { de: 'Pitbull-Terrier' } },
              ],
            },
            {
              kind: 'text',
              id: 'certificate',
              label: { de: 'Nummer des Wesenstests' },
              requiredWhen: { '==': [{ var: 'dogs.breed' }, 'pitbull'] },
            },
            {
              kind: 'decimal',
              id: 'weight',
              label: { de: 'Gewicht' },
              min: 0.5,
              max: 120,
              fractionDigits: 1,
              showWhen: { '!=': [{ var: 'dogs.breed' }, 'mix'] },
            },
          ],
        },
      ],
    },
  ],
});

const today = () => '2025-06-15';
const validator = createValidator(definition, { today });
const lookup = messageLookup(validationMessages);

const valid = {
  applicant: {
    familyName: 'Müller',
    birthDate: '1980-02-29',
    iban: 'DE89 3704 0044 0532 0130 00',
    hasDogs: true,
  },
  dogs: [{ name: 'Bello', breed: 'mix' }],
};

describe('generated validation (whole application)', () => {
  it('accepts a complete application and normalizes it', () => {
    const result = validator.application.safeParse(valid);
    expect(result.success).toBe(true);
    expect(result.data?.applicant).toEqual({
      familyName: 'Müller',
      birthDate: '1980-02-29',
      iban: 'DE89370400440532013000',
      hasDogs: true,
    });
  });

  it('reports each missing required field by name (GOV.UK), in German and English', () => {
    const result = validator.application.safeParse({ applicant: {}, dogs: [] });
    expect(result.success).toBe(false);
    const de = fieldErrors(result.error ?? (undefined as never), 'de', lookup);
    expect(de).toContainEqual({
      path: 'applicant.familyName',
      code: 'custom',
      message: 'Geben Sie Ihren Familiennamen ein.',
    });
    expect(de.find((e) => e.path === 'applicant.iban')?.message).toBe('Geben Sie die IBAN ein.');
    expect(de.find((e) => e.path === 'applicant.hasDogs')?.message).toBe(
      'Wählen Sie „Ja“ oder „Nein“: Halten Sie Hunde?',
    );
    // No two messages are the same.
    expect(new Set(de.map((e) => e.message)).size).toBe(de.length);
    // The dogs step is hidden while "hasDogs" is unanswered: its repeat minimum does not apply.
    expect(de.some((e) => e.path.startsWith('dogs'))).toBe(false);
    const en = fieldErrors(result.error ?? (undefined as never), 'en', lookup);
    expect(en.find((e) => e.path === 'applicant.familyName')?.message).toBe('Enter your family name.');
  });

  it('checks IBAN check digits with ibantools', () => {
    const result = validator.application.safeParse({
      ...valid,
      applicant: { ...valid.applicant, iban: 'DE88370400440532013000' },
    });
    const errors = fieldErrors(result.error ?? (undefined as never), 'de', lookup);
    expect(errors).toEqual([
      {
        path: 'applicant.iban',
        code: 'custom',
        message: 'Die Prüfziffern der IBAN stimmen nicht. Bitte prüfen Sie Ihre Eingabe.',
      },
    ]);
  });

  it('checks ISO dates and relative date bounds', () => {
    const tooYoung = validator.application.safeParse({
      ...valid,
      applicant: { ...valid.applicant, birthDate: '2010-01-01' },
    });
    expect(tooYoung.error?.issues.map((i) => i.message)).toEqual(['form.date.tooLate']);
    // The bound is named in the message, as the date field itself says it (today is 2025-06-15).
    const young = validator.validateField('applicant.birthDate', '2010-01-01');
    expect(young.map((issue) => localizeIssue(issue, 'de', lookup))).toEqual([
      'Das Datum darf nicht nach dem 15. Juni 2007 liegen.',
    ]);
    expect(young.map((issue) => localizeIssue(issue, 'en', lookup))).toEqual([
      'The date must not be after 15 June 2007.',
    ]);
    const notADate = validator.application.safeParse({
      ...valid,
      applicant: { ...valid.applicant, birthDate: '1981-02-29' },
    });
    // 29 February 1981 does not exist: said as such, not as "enter a date".
    expect(notADate.error?.issues.map((i) => i.message)).toEqual(['form.date.noSuchDay']);
    expect(fieldErrors(notADate.error ?? (undefined as never), 'de', lookup)[0]?.message).toBe(
      'Dieses Datum gibt es nicht: Der Monat hat nur 28 Tage. Prüfen Sie Tag und Monat.',
    );
    const noMonth = validator.validateField('applicant.birthDate', '1981-13-01');
    expect(noMonth.map((issue) => localizeIssue(issue, 'en', lookup))).toEqual([
      'This date does not exist: the month is a number from 1 to 12.',
    ]);
    // Not date-shaped at all: the general text.
    expect(validator.validateField('applicant.birthDate', 'gestern').map((i) => i.message)).toEqual([
      'form.date.invalid',
    ]);
  });

  it('enforces repeat minimum and maximum when the group is shown', () => {
    const none = validator.application.safeParse({ ...valid, dogs: [] });
    expect(fieldErrors(none.error ?? (undefined as never), 'de', lookup)).toEqual([
      { path: 'dogs', code: 'too_small', message: 'Bitte geben Sie mindestens 1 Einträge an.' },
    ]);
    const three = validator.application.safeParse({
      ...valid,
      dogs: [valid.dogs[0], valid.dogs[0], valid.dogs[0]],
    });
    expect(three.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['dogs', 'form.repeat.tooMany'],
    ]);
  });

  it('evaluates conditions per repeated item (requiredWhen, showWhen)', () => {
    const result = validator.application.safeParse({
      ...valid,
      dogs: [
        { name: 'Bello', breed: 'mix', weight: 3.25 },
        { name: 'Rex', breed: 'pitbull', weight: 30.25 },
      ],
    });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['dogs.1.certificate', 'form.missing.enter'],
      ['dogs.1.weight', 'form.decimal.fraction'],
    ]);
  });

  it('drops values of hidden fields and unknown keys from the output', () => {
    const result = validator.application.safeParse({
      ...valid,
      applicant: { ...valid.applicant, hasDogs: false, injected: 'x' },
      dogs: [{ name: 'Bello', breed: 'mix', weight: 20 }],
    });
    expect(result.success).toBe(true);
    expect(result.data?.dogs).toBeUndefined();
    expect(result.data?.applicant).not.toHaveProperty('injected');
  });

  it('rejects a non-object application', () => {
    expect(validator.application.safeParse('nope').success).toBe(false);
  });
});

describe('generated validation (browser: step and field)', () => {
  it('validates one step only', () => {
    const result = validator.step('person').safeParse({ applicant: valid.applicant, dogs: [] });
    expect(result.success).toBe(true);
    expect(validator.step('dogs').safeParse({ applicant: valid.applicant, dogs: [] }).success).toBe(false);
  });

  it('validates one field value in the context of its repeat item', () => {
    const data = {
      applicant: valid.applicant,
      dogs: [
        { name: 'A', breed: 'mix' },
        { name: 'B', breed: 'pitbull' },
      ],
    };
    expect(validator.validateField('dogs.0.certificate', '', data)).toEqual([]);
    expect(
      validator.validateField('dogs.1.certificate', '', data).map((i) => localizeIssue(i, 'de', lookup)),
    ).toEqual(['Geben Sie die Nummer des Wesenstests ein.']);
    expect(validator.isRequired('dogs.1.certificate', data)).toBe(true);
    expect(validator.isShown('dogs.0.weight', data)).toBe(false);
    expect(validator.isShown('dogs.1.weight', data)).toBe(true);
  });

  it('gives a per-field zod schema with length messages carrying the limit', () => {
    const result = validator.field('applicant.familyName').safeParse('x'.repeat(21));
    expect(fieldErrors(result.error ?? (undefined as never), 'de', lookup)[0]?.message).toBe(
      'Bitte geben Sie höchstens 20 Zeichen ein.',
    );
    expect(validator.field('applicant.email').safeParse('').success).toBe(true);
    expect(validator.field('applicant.email').safeParse('not-an-address').success).toBe(false);
  });
});

describe('prefill', () => {
  const identity = { familyName: { value: 'Müller', verified: true } };

  it('prefills and locks verified identity values', () => {
    expect(prefillFromIdentity(definition, identity)).toEqual({
      data: { applicant: { familyName: 'Müller' } },
      locked: ['applicant.familyName'],
    });
    expect(
      prefillFromIdentity(definition, { familyName: { value: 'Müller', verified: false } }).locked,
    ).toEqual([]);
  });

  it('rejects a changed locked value on the server', () => {
    expect(lockedPrefillIssues(definition, valid, identity)).toEqual([]);
    const changed = { ...valid, applicant: { ...valid.applicant, familyName: 'Meier' } };
    expect(lockedPrefillIssues(definition, changed, identity).map((i) => i.message)).toEqual([
      'form.prefill.locked',
    ]);
  });
});

describe('FIM-keyed submission', () => {
  it('keys data by FIM ids where the definition has them', () => {
    const result = validator.application.parse(valid);
    const submission = toFimSubmission(definition, result);
    expect(submission.schema).toEqual({ id: 'S90000000001', version: '1.0.0' });
    expect(submission.data.G90000000001).toMatchObject({ F90000000001: 'Müller', hasDogs: true });
  });
});

describe('catalogue', () => {
  it('has the same keys in German and English', () => {
    expect(Object.keys(validationMessages.en).sort()).toEqual(Object.keys(validationMessages.de).sort());
  });
});
