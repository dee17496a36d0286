import { describe, expect, it } from 'vitest';
import {
  evaluate,
  type FormDefinition,
  findItem,
  formDefinitionSchema,
  holds,
  parseFormDefinition,
} from './index.js';

const minimal = {
  format: 'efa-form/1',
  id: 'dog-registration',
  version: '1.0.0',
  title: { de: 'Hund anmelden', en: 'Register a dog' },
  steps: [
    {
      id: 'dogs',
      title: { de: 'Hunde', en: 'Dogs' },
      groups: [
        {
          kind: 'group',
          id: 'dogs',
          repeat: { min: 1, max: 5 },
          items: [
            {
              kind: 'text',
              id: 'name',
              label: { de: 'Name des Hundes', en: 'Name of the dog' },
              required: true,
            },
            { kind: 'yesNo', id: 'listed', label: { de: 'Listenhund?', en: 'Listed breed?' } },
            {
              kind: 'text',
              id: 'certificate',
              label: { de: 'Nummer des Wesenstests' },
              showWhen: { '==': [{ var: 'dogs.listed' }, true] },
            },
          ],
        },
      ],
    },
  ],
} satisfies FormDefinition;

describe('form definition schema', () => {
  it('accepts a definition with a repeatable group and a condition', () => {
    const definition = parseFormDefinition(minimal);
    expect(findItem(definition, 'dogs.0.certificate')?.item.kind).toBe('text');
  });

  it('rejects duplicate ids on one level', () => {
    const step = minimal.steps[0];
    const group = step?.groups[0];
    if (!step || !group) throw new Error('fixture');
    const broken = {
      ...minimal,
      steps: [{ ...step, groups: [{ ...group, items: [...group.items, group.items[0]] }] }],
    };
    const result = formDefinitionSchema.safeParse(broken);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('duplicate id');
  });

  it('rejects a condition reading an unknown field', () => {
    const result = formDefinitionSchema.safeParse({
      ...minimal,
      steps: [
        {
          id: 's',
          title: { de: 'S' },
          groups: [
            {
              kind: 'group',
              id: 'g',
              items: [{ kind: 'text', id: 'a', label: { de: 'A' }, showWhen: { var: 'g.nope' } }],
            },
          ],
        },
      ],
    });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('unknown path');
  });

  it('rejects operators outside the expression language (no code in definitions)', () => {
    const result = formDefinitionSchema.safeParse({
      ...minimal,
      steps: [
        {
          id: 's',
          title: { de: 'S' },
          groups: [
            {
              kind: 'group',
              id: 'g',
              items: [{ kind: 'text', id: 'a', label: { de: 'A' }, showWhen: { eval: 'alert(1)' } }],
            },
          ],
        },
      ],
    });
    expect(result.success).toBe(false);
  });

  it('rejects groups nested deeper than the limit', () => {
    let item: Record<string, unknown> = { kind: 'text', id: 'leaf', label: { de: 'Blatt' } };
    for (let depth = 0; depth < 10; depth++) item = { kind: 'group', id: `g${depth}`, items: [item] };
    const result = formDefinitionSchema.safeParse({
      ...minimal,
      steps: [{ id: 's', title: { de: 'S' }, groups: [item] }],
    });
    expect(JSON.stringify(result.error?.issues)).toContain('nested deeper than 8');
  });

  it('rejects a newer format version', () => {
    expect(formDefinitionSchema.safeParse({ ...minimal, format: 'efa-form/2' }).success).toBe(false);
  });
});

describe('conditions', () => {
  const data = {
    dogs: [
      { name: 'Bello', listed: false },
      { name: 'Rex', listed: true },
    ],
  };

  it('reads the current repeat item for paths through a repeatable group', () => {
    const condition = { '==': [{ var: 'dogs.listed' }, true] };
    expect(holds(condition, data, { scope: new Map([['dogs', 0]]) })).toBe(false);
    expect(holds(condition, data, { scope: new Map([['dogs', 1]]) })).toBe(true);
    expect(evaluate({ var: 'dogs.1.name' }, data)).toBe('Rex');
  });

  it('compares ISO dates as dates and numbers as numbers', () => {
    expect(holds({ '<': ['2024-01-31', '2024-02-01'] }, {})).toBe(true);
    expect(holds({ '<': ['9', '10'] }, {})).toBe(true);
    expect(holds({ '<=': [1, { var: 'x' }, 3] }, { x: 2 })).toBe(true);
    expect(holds({ '>=': [{ today: [] }, '2024-01-01'] }, {}, { today: '2025-06-01' })).toBe(true);
  });

  it('never reaches prototype properties', () => {
    expect(evaluate({ var: '__proto__' }, {})).toBeUndefined();
    expect(evaluate({ var: 'constructor.name' }, {})).toBeUndefined();
  });

  it('supports JSON Logic truthiness, missing and in', () => {
    expect(holds({ '!': { var: 'list' } }, { list: [] })).toBe(true);
    expect(evaluate({ missing: ['a', 'b'] }, { a: 'x', b: '' })).toEqual(['b']);
    expect(holds({ in: ['cat', { var: 'pets' }] }, { pets: ['dog', 'cat'] })).toBe(true);
    expect(holds({ if: [{ var: 'a' }, false, true] }, { a: 0 })).toBe(true);
  });
});
