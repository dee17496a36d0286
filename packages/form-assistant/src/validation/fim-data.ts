import type { FormDefinition, Item } from '../schema/definition.js';
import type { FormData } from '../schema/values.js';
import { isGroup } from '../schema/walk.js';

/**
 * Application data keyed by FIM ids, the shape receiving systems expect (FITKO's generated
 * JSON Schemas key properties by element id): every element with a FIM reference appears
 * under its FIM id, elements the form author added (no FIM id) under their own id.
 */
export interface FimSubmission {
  /** The Stammdatenschema and version the data follows, when the form came from FIM. */
  schema?: { id: string; version?: string };
  form: { id: string; version: string };
  data: Record<string, unknown>;
}

function convertItems(items: readonly Item[], input: FormData, fromFim: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of items) {
    if (item.kind === 'static') continue;
    const value = input[item.id];
    if (value === undefined) continue;
    const key = item.fim?.id ?? item.id;
    // In a form built from FIM, a plain group without FIM id only arranges the page (the
    // importer's "angaben" for top-level fields): its fields belong to the level above.
    if (fromFim && isGroup(item) && !item.fim && !item.repeat && !Array.isArray(value)) {
      Object.assign(out, convertItems(item.items, value as FormData, fromFim));
      continue;
    }
    if (isGroup(item)) {
      out[key] = Array.isArray(value)
        ? value.map((entry) => convertItems(item.items, entry as FormData, fromFim))
        : convertItems(item.items, value as FormData, fromFim);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Converts validated application data (the validator's output) to FIM-keyed data. */
export function toFimSubmission(definition: FormDefinition, data: FormData): FimSubmission {
  const groups = definition.steps.flatMap((step) => step.groups);
  return {
    ...(definition.fim ? { schema: { id: definition.fim.id, version: definition.fim.version } } : {}),
    form: { id: definition.id, version: definition.version },
    data: convertItems(groups, data, definition.fim !== undefined),
  };
}
