import type { FormDefinition, Item } from './definition.js';
import type { FormData } from './values.js';
import { isGroup } from './walk.js';

/**
 * The answers as flat `path → value` pairs for a fee check: every shown scalar answer under its
 * data path with item numbers ("G99777000030.1.F99777000032"), parts of an address or name
 * under "<path>.<part>", a multiple choice as its values joined by ",", and each repeatable
 * group under its own path with its number of items (the number of dogs). Files are left out.
 * Give it the validated data (the validator's output), as the server does at submit; a page
 * that shows the fee before submitting gets the same answers, and so the same fee.
 */
export function feeAnswersOf(
  definition: FormDefinition,
  data: FormData,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  const visit = (items: readonly Item[], value: unknown, base: string) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    for (const item of items) {
      const path = base ? `${base}.${item.id}` : item.id;
      const inner = (value as Record<string, unknown>)[item.id];
      if (inner === undefined || item.kind === 'static') continue;
      if (isGroup(item)) {
        if (item.repeat && Array.isArray(inner)) {
          out[path] = inner.length;
          inner.forEach((entry, index) => {
            visit(item.items, entry, `${path}.${index}`);
          });
        } else {
          visit(item.items, inner, path);
        }
        continue;
      }
      if (item.kind === 'file') continue;
      if (typeof inner === 'string' || typeof inner === 'number' || typeof inner === 'boolean') {
        out[path] = inner;
      } else if (Array.isArray(inner)) {
        out[path] = inner.map(String).join(',');
      } else if (inner !== null && typeof inner === 'object') {
        for (const [part, partValue] of Object.entries(inner)) {
          if (typeof partValue === 'string') out[`${path}.${part}`] = partValue;
        }
      }
    }
  };
  const root = { ...data };
  for (const step of definition.steps) visit(step.groups, root, '');
  return out;
}
