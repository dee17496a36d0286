import { describe, expect, it } from 'vitest';
import type { FormDefinition, ValueField } from '../schema/definition.js';
import { type FieldContext, fieldProps, fieldTags } from './field-props.js';

const definition = {
  format: 'efa-form/1',
  id: 'f',
  version: '1',
  title: { de: 'F' },
  steps: [],
} as unknown as FormDefinition;
const options = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ value: `v${n}`, label: `Option ${n}` }));

function context(overrides: Partial<FieldContext> = {}): FieldContext {
  return {
    definition,
    locale: 'de',
    text: (value) => (typeof value === 'string' ? value : (value?.de ?? '')),
    required: true,
    locked: false,
    error: 'Fehlt',
    today: '2026-12-03',
    options: () => options.slice(0, 3),
    places: { endpoint: '/trpc', procedure: 'jurisdiction.searchPlaces', townLookup: undefined },
    uploads: { endpoint: '/uploads', draftHeader: undefined },
    ...overrides,
  };
}

describe('fieldProps', () => {
  it('maps every kind to its element, with the common properties', () => {
    const kinds: ValueField['kind'][] = [
      'text',
      'multiline',
      'integer',
      'decimal',
      'money',
      'date',
      'yesNo',
      'choice',
      'multiChoice',
      'email',
      'phone',
      'iban',
      'address',
      'personName',
      'file',
    ];
    for (const kind of kinds) {
      const field = { kind, id: 'x', label: { de: 'Frage' } } as ValueField;
      const { tag, props } = fieldProps(field, 'g.x', context());
      expect(tag).toBe(kind === 'choice' ? fieldTags.radio : fieldTags[kind]);
      expect(props).toMatchObject({
        label: 'Frage',
        required: true,
        error: 'Fehlt',
        name: 'g.x',
        deferErrors: true,
      });
    }
  });

  it('resolves date bounds against the render day and shows many options as a select', () => {
    const date = fieldProps(
      { kind: 'date', id: 'd', label: { de: 'D' }, max: 'today' } as ValueField,
      'd',
      context(),
    );
    expect(date.props.max).toBe('2026-12-03');
    const choice = { kind: 'choice', id: 'c', label: { de: 'C' }, options: [] } as unknown as ValueField;
    expect(fieldProps(choice, 'c', context({ options: () => options })).tag).toBe('efa-select-field');
    const radio = { ...choice, display: 'radio' } as ValueField;
    expect(fieldProps(radio, 'c', context({ options: () => options })).tag).toBe('efa-radio-group');
  });

  it('refuses a kind it has no element for', () => {
    expect(() => fieldProps({ kind: 'hologram', id: 'h' } as unknown as ValueField, 'h', context())).toThrow(
      /hologram/,
    );
  });
});
