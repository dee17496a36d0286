import type { FormDefinition, Step } from '../schema/definition.js';
import { fieldOptions, isValueField, walkDefinition } from '../schema/walk.js';
import { type FieldTag, fieldTag } from './field-props.js';

/** How a field element's module is fetched; none: the page defines the fields itself. */
let chunkLoader: ((tag: FieldTag) => Promise<unknown>) | undefined;

/**
 * Installs the loader of the field chunks (field-chunks.ts, imported by the `/form` entry). Kept
 * out of `<efa-form>` itself: a bundle with `import()` in it wraps every module the chunks reach
 * for lazy start, which defeats tree shaking where the whole kit is bundled into one file.
 */
export function installFieldChunks(loader: (tag: FieldTag) => Promise<unknown>): void {
  chunkLoader = loader;
}

const tagsByItems = new WeakMap<object, FieldTag[]>();

/** The field elements a definition (or one of its steps) can show, under any condition. */
export function fieldTagsOf(definition: FormDefinition, step?: Step): FieldTag[] {
  const key = step ?? definition;
  let tags = tagsByItems.get(key);
  if (!tags) {
    const found = new Set<FieldTag>();
    for (const { item, step: on } of walkDefinition(definition)) {
      if ((!step || on === step) && isValueField(item))
        found.add(fieldTag(item, fieldOptions(definition, item).length));
    }
    tags = [...found];
    tagsByItems.set(key, tags);
  }
  return tags;
}

/** Whether every field element of the list is defined. */
export function fieldElementsDefined(tags: readonly FieldTag[]): boolean {
  return tags.every((tag) => customElements.get(tag) !== undefined);
}

/**
 * Loads the field elements of the list that are not defined yet; undefined when all are (the
 * common case after the first step: no promise, no extra task before rendering).
 */
export function loadFieldElements(tags: readonly FieldTag[]): Promise<void> | undefined {
  const load = chunkLoader;
  const missing = tags.filter((tag) => customElements.get(tag) === undefined);
  if (!load || missing.length === 0) return undefined;
  return Promise.all(missing.map((tag) => load(tag))).then(() => undefined);
}
