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

function readItems(items: readonly Item[], input: Record<string, unknown>, fromFim: boolean): FormData {
  const out: FormData = {};
  for (const item of items) {
    if (item.kind === 'static') continue;
    if (fromFim && isGroup(item) && !item.fim && !item.repeat) {
      const inner = readItems(item.items, input, fromFim);
      if (Object.keys(inner).length > 0) out[item.id] = inner;
      continue;
    }
    const value = input[item.fim?.id ?? item.id];
    if (value === undefined) continue;
    const asObject = (entry: unknown) =>
      entry !== null && typeof entry === 'object' && !Array.isArray(entry)
        ? (entry as Record<string, unknown>)
        : {};
    if (isGroup(item)) {
      out[item.id] = Array.isArray(value)
        ? value.map((entry) => readItems(item.items, asObject(entry), fromFim))
        : readItems(item.items, asObject(value), fromFim);
    } else {
      out[item.id] = value as FormData[string];
    }
  }
  return out;
}

/**
 * The inverse of `toFimSubmission`: FIM-keyed data (what a receiving system decrypts) back to
 * the form's own paths, so the receiver can check it with the form's validator.
 */
export function fromFimSubmission(definition: FormDefinition, data: Record<string, unknown>): FormData {
  const groups = definition.steps.flatMap((step) => step.groups);
  return readItems(groups, data, definition.fim !== undefined);
}
