import { installFieldChunks } from './field-loaders.js';
import type { FieldTag } from './field-props.js';

/**
 * Each field element in a chunk of its own: a page loads the kinds its form uses, no more (a
 * bundler splits at each `import()`). Imported by the `@efa-kit/form-assistant/form` entry only.
 */
const chunks: Record<FieldTag, () => Promise<unknown>> = {
  'efa-text-field': () => import('./efa-text-field.js'),
  'efa-textarea': () => import('./efa-textarea.js'),
  'efa-number-field': () => import('./efa-number-field.js'),
  'efa-money-field': () => import('./efa-money-field.js'),
  'efa-date-field': () => import('./efa-date-field.js'),
  'efa-yes-no-field': () => import('./efa-yes-no-field.js'),
  'efa-radio-group': () => import('./efa-radio-group.js'),
  'efa-select-field': () => import('./efa-select-field.js'),
  'efa-checkbox-group': () => import('./efa-checkbox-group.js'),
  'efa-email-field': () => import('./efa-email-field.js'),
  'efa-phone-field': () => import('./efa-phone-field.js'),
  'efa-iban-field': () => import('./efa-iban-field.js'),
  'efa-address-field': () => import('./efa-address-field.js'),
  'efa-name-field': () => import('./efa-name-field.js'),
  'efa-file-field': () => import('./efa-file-field.js'),
};

installFieldChunks((tag) => chunks[tag]());
