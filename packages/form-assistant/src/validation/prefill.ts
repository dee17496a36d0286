import type { $ZodIssue } from 'zod/v4/core';
import type { FormDefinition, IdentityAttribute } from '../schema/definition.js';
import type { FormData } from '../schema/values.js';
import { isGroup, isValueField, walkDefinition } from '../schema/walk.js';

/** What the identity provider said about the applicant; `verified` for eID-confirmed values. */
export type IdentityAttributes = Partial<Record<IdentityAttribute, { value: unknown; verified: boolean }>>;

export interface Prefilled {
  /** Application data with the prefilled values, ready to merge into a draft. */
  data: FormData;
  /** Paths whose values are locked (shown read-only, enforced by the server). */
  locked: string[];
}

/**
 * Paths of prefillable fields outside repeatable groups: a repeated item has no single
 * identity value (the second dog has no owner name of its own), so prefill stops there.
 */
function prefillTargets(definition: FormDefinition) {
  const targets: Array<{ path: string; attribute: IdentityAttribute; lock: boolean }> = [];
  for (const entry of walkDefinition(definition)) {
    const { item, ancestors, path } = entry;
    if (isGroup(item) || !isValueField(item) || !item.prefill) continue;
    if (ancestors.some((group) => group.repeat)) continue;
    targets.push({ path, attribute: item.prefill.attribute, lock: item.prefill.lockVerified !== false });
  }
  return targets;
}

function setPath(data: FormData, path: string, value: unknown): void {
  const segments = path.split('.');
  let current: FormData = data;
  for (const segment of segments.slice(0, -1)) {
    const next = current[segment];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) current[segment] = {};
    current = current[segment] as FormData;
  }
  current[segments[segments.length - 1] as string] = value as FormData[string];
}

function getPath(data: unknown, path: string): unknown {
  let current = data;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Values from the identity for the fields that ask for them, and which of them are locked. */
export function prefillFromIdentity(definition: FormDefinition, identity: IdentityAttributes): Prefilled {
  const data: FormData = {};
  const locked: string[] = [];
  for (const target of prefillTargets(definition)) {
    const attribute = identity[target.attribute];
    if (!attribute || attribute.value === undefined || attribute.value === null) continue;
    setPath(data, target.path, attribute.value);
    if (attribute.verified && target.lock) locked.push(target.path);
  }
  return { data, locked };
}

function normalize(value: unknown): unknown {
  if (typeof value === 'string') return value.trim().replace(/\s+/g, ' ');
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== '')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, normalize(v)]),
    );
  }
  return value;
}

/**
 * The server's side of the lock: a submitted value for a locked field must equal the verified
 * identity value (whitespace aside). Returns issues with the `form.prefill.locked` key.
 */
export function lockedPrefillIssues(
  definition: FormDefinition,
  data: unknown,
  identity: IdentityAttributes,
): $ZodIssue[] {
  const issues: $ZodIssue[] = [];
  for (const target of prefillTargets(definition)) {
    const attribute = identity[target.attribute];
    if (!target.lock || !attribute?.verified || attribute.value === undefined) continue;
    const submitted = getPath(data, target.path);
    // An absent value for a hidden field is fine; a present one must match.
    if (submitted === undefined) continue;
    if (JSON.stringify(normalize(submitted)) !== JSON.stringify(normalize(attribute.value))) {
      issues.push({
        code: 'custom',
        message: 'form.prefill.locked',
        path: target.path.split('.'),
        input: submitted,
      });
    }
  }
  return issues;
}
