import type { FormDefinition } from '../schema/definition.js';
import { fieldOptions, isValueField, walkDefinition } from '../schema/walk.js';
import { type FieldTag, fieldTag } from './field-props.js';

/**
 * Each field element in a chunk of its own: a page loads the kinds its form uses, no more. A
 * bundler splits at each `import()`; where the whole kit is imported (`@efa-kit/form-assistant`)
 * every element is defined already and nothing is fetched.
 */
const loaders: Record<FieldTag, () => Promise<unknown>> = {
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

const tagsByDefinition = new WeakMap<FormDefinition, FieldTag[]>();

/** The field elements a definition can show, on any step and under any condition. */
export function fieldTagsOf(definition: FormDefinition): FieldTag[] {
  let tags = tagsByDefinition.get(definition);
  if (!tags) {
    const found = new Set<FieldTag>();
    for (const { item } of walkDefinition(definition)) {
      if (isValueField(item)) found.add(fieldTag(item, fieldOptions(definition, item).length));
    }
    tags = [...found];
    tagsByDefinition.set(definition, tags);
  }
  return tags;
}

/**
 * Loads the field elements a definition needs and are not defined yet; undefined when all are
 * (the common case after the first step: no promise, no extra task before rendering).
 */
export function loadFieldElements(definition: FormDefinition): Promise<void> | undefined {
  const missing = fieldTagsOf(definition).filter((tag) => customElements.get(tag) === undefined);
  if (missing.length === 0) return undefined;
  return Promise.all(missing.map((tag) => loaders[tag]())).then(() => undefined);
}
