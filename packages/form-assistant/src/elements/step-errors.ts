import type { PathMessage } from './issue-text.js';

/** A problem as the form shows it: the field it belongs to, and what is wrong there. */
export interface FieldError extends PathMessage {
  /**
   * The rendered field's path (the error's own path for a field, "holder.address" for a
   * problem with "holder.address.postcode"; a group's path for a repeat-count problem).
   */
  field: string;
}

/**
 * The rendered field an error belongs to: the longest of `fields` that is the path or a
 * prefix of it ("holder.address.postcode" → "holder.address"); the path itself when none is.
 */
export function targetPath(path: string, fields: readonly string[]): string {
  let best = path;
  let found = false;
  for (const candidate of fields) {
    if (
      (path === candidate || path.startsWith(`${candidate}.`)) &&
      (!found || candidate.length > best.length)
    ) {
      best = candidate;
      found = true;
    }
  }
  return best;
}

/** Errors in the order of the fields on the page (errors of no rendered field last). */
export function orderErrors<T extends PathMessage>(errors: readonly T[], fields: readonly string[]): T[] {
  const rank = (path: string) => {
    const index = fields.findIndex((candidate) => path === candidate || path.startsWith(`${candidate}.`));
    return index === -1 ? fields.length : index;
  };
  return [...errors].sort((a, b) => rank(a.path) - rank(b.path));
}

/**
 * One problem per path, the first: what the citizen should fix first. The parts of a compound
 * field (an address: street, postcode, town) are paths of their own, so all its missing parts
 * are reported at once rather than one per submit.
 */
export function onePerPath(errors: readonly PathMessage[], fields: readonly string[]): FieldError[] {
  const taken = new Map<string, { whole: boolean; paths: Set<string> }>();
  const result: FieldError[] = [];
  for (const error of errors) {
    const field = targetPath(error.path, fields);
    const entry = taken.get(field);
    // A problem of the whole field ("please answer") says all: it stands alone.
    if (entry?.whole) continue;
    if (error.path === field) {
      if (entry) continue;
      taken.set(field, { whole: true, paths: new Set([field]) });
    } else {
      if (entry?.paths.has(error.path)) continue;
      if (entry) entry.paths.add(error.path);
      else taken.set(field, { whole: false, paths: new Set([error.path]) });
    }
    result.push({ ...error, field });
  }
  return result;
}

/** The error text a field shows: every problem reported for it, in order. */
export function fieldMessage(errors: readonly FieldError[], field: string): string {
  let message = '';
  for (const error of errors) {
    if (error.field !== field) continue;
    message = message ? `${message} ${error.message}` : error.message;
  }
  return message;
}
