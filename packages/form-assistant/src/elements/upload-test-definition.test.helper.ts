import type { FormDefinition } from '../schema/definition.js';

/**
 * A one-step form with a file field, for the upload and submit tests of `<efa-file-field>` and
 * `<efa-form>` (browser) and their test backend (Node), which registers it.
 */
export const uploadTestDefinition: FormDefinition = {
  format: 'efa-form/1',
  id: 'test-upload',
  version: '1.0.0',
  title: { de: 'Nachweis einreichen', en: 'Send a proof' },
  steps: [
    {
      id: 'proof',
      title: { de: 'Nachweis', en: 'Proof' },
      groups: [
        {
          kind: 'group',
          id: 'proof',
          items: [
            {
              kind: 'text',
              id: 'name',
              label: { de: 'Name des Hundes', en: 'Name of the dog' },
              required: true,
            },
            {
              kind: 'file',
              id: 'document',
              label: { de: 'Nachweis', en: 'Proof' },
              hint: { de: 'PDF oder PNG, höchstens 2 kB', en: 'PDF or PNG, at most 2 kB' },
              required: true,
              accept: ['application/pdf', 'image/png'],
              maxSize: 2048,
            },
          ],
        },
      ],
    },
  ],
};

/** A small PDF as the test uploads it. */
export const testPdfText = '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% Nachweis Tierheim\n%%EOF\n';
