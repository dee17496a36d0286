import type { FormDefinition } from '../schema/definition.js';

/** A small dog registration used by the `<efa-form>` browser tests and stories. */
export const testDefinition: FormDefinition = {
  format: 'efa-form/1',
  id: 'test-dog',
  version: '1.0.0',
  title: { de: 'Hund anmelden', en: 'Register a dog' },
  steps: [
    {
      id: 'holder',
      title: { de: 'Halterin oder Halter', en: 'Owner' },
      groups: [
        {
          kind: 'group',
          id: 'holder',
          items: [
            { kind: 'personName', id: 'name', label: { de: 'Name', en: 'Name' }, required: true },
            { kind: 'email', id: 'email', label: { de: 'E-Mail-Adresse', en: 'Email address' } },
            {
              kind: 'yesNo',
              id: 'hasReduction',
              label: { de: 'Beantragen Sie eine Ermäßigung?', en: 'Do you apply for a reduction?' },
              required: true,
            },
            {
              kind: 'text',
              id: 'reductionReason',
              label: { de: 'Grund der Ermäßigung', en: 'Reason for the reduction' },
              required: true,
              showWhen: { '==': [{ var: 'holder.hasReduction' }, true] },
            },
          ],
        },
      ],
    },
    {
      id: 'dogs',
      title: { de: 'Hunde', en: 'Dogs' },
      groups: [
        {
          kind: 'group',
          id: 'dogs',
          title: { de: 'Ihre Hunde', en: 'Your dogs' },
          repeat: {
            min: 1,
            max: 3,
            itemLabel: { de: 'Hund {n}', en: 'Dog {n}' },
            addLabel: { de: 'Weiteren Hund hinzufügen', en: 'Add another dog' },
          },
          items: [
            {
              kind: 'text',
              id: 'dogName',
              label: { de: 'Name des Hundes', en: "Dog's name" },
              required: true,
              maxLength: 50,
            },
            {
              kind: 'date',
              id: 'birthDate',
              label: { de: 'Geburtsdatum des Hundes', en: "Dog's date of birth" },
              required: true,
              max: 'today',
            },
          ],
        },
      ],
    },
    {
      id: 'payment',
      title: { de: 'Zahlung', en: 'Payment' },
      groups: [
        {
          kind: 'group',
          id: 'payment',
          items: [
            {
              kind: 'static',
              id: 'note',
              text: { de: 'Die Steuer wird jährlich abgebucht.', en: 'The tax is collected yearly.' },
            },
            { kind: 'iban', id: 'iban', label: { de: 'IBAN', en: 'IBAN' }, required: true },
          ],
        },
      ],
    },
  ],
};
