import { describe, expect, it } from 'vitest';
import { blueprintForms } from '../blueprints/index.js';
import { createValidator } from '../validation/index.js';
import { exampleApplications } from './index.js';

describe('example applications', () => {
  const forms = blueprintForms();
  it.each(Object.entries(exampleApplications()))(
    '%s passes the generated validation unchanged',
    (id, data) => {
      const definition = forms[id];
      if (!definition) throw new Error(`no blueprint ${id}`);
      const result = createValidator(definition).application.safeParse(data);
      expect(result.error?.issues ?? []).toEqual([]);
    },
  );
});
