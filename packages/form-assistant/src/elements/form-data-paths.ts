import type { FormData as ApplicationData } from '../schema/values.js';

// Shared with the server's answer summary (DOM-free), re-exported for the elements.
export { displayAnswer, localized } from '../validation/display.js';

/** Reads "dogs.1.name" from application data. */
export function getPath(data: unknown, path: string): unknown {
  let current = data;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * Returns new data with the value at the path replaced (copying only the objects and arrays
 * on the way), so Lit sees a new object and every old draft stays unchanged.
 */
export function setPath(data: ApplicationData, path: string, value: unknown): ApplicationData {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return data;
  const set = (container: unknown, key: string, keys: string[]): unknown => {
    const index = /^\d+$/.test(key) ? Number(key) : undefined;
    const copy: Record<string, unknown> | unknown[] =
      index !== undefined
        ? Array.isArray(container)
          ? [...container]
          : []
        : container && typeof container === 'object' && !Array.isArray(container)
          ? { ...(container as Record<string, unknown>) }
          : {};
    const [next, ...more] = keys;
    const current = (copy as Record<string, unknown>)[key];
    (copy as Record<string, unknown>)[key] = next === undefined ? value : set(current, next, more);
    return copy;
  };
  return set(data, head, rest) as ApplicationData;
}

/** Path without item numbers ("dogs.1.name" → "dogs.name"), the form the definition uses. */
export function keyPath(path: string): string {
  return path
    .split('.')
    .filter((segment) => !/^\d+$/.test(segment))
    .join('.');
}

/** An element id for a data path, unique inside the form's shadow root. */
export function fieldId(path: string): string {
  return `f-${path.replaceAll('.', '-')}`;
}
