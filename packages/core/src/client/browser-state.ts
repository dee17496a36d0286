/**
 * Where elements keep state in the browser (a form draft, the open payment), so that on a
 * shared device one person never sees another's (issue 11, finding 4):
 * - with a `scope` (the portal sets one per signed-in person, an opaque hash of the subject),
 *   state goes to localStorage under that person's key and is removed at logout and at
 *   session end by `clearBrowserState()`;
 * - without one (anonymous use), state goes to sessionStorage: it lives as long as the tab
 *   and is never offered to the next person who opens the portal.
 * Every key starts with `browserStatePrefix`, so clearing removes exactly the kit's state.
 */
export const browserStatePrefix = 'efa-kit:';

export interface BrowserStateSlot {
  readonly key: string;
  readonly storage: Storage;
}

/** A scope is a short opaque token; anything else is treated as no scope. */
const scopePattern = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * The storage and key for one piece of an element's state, e.g.
 * `browserStateSlot(this.stateScope, 'form-draft', formId)`; undefined when the browser
 * offers no storage (private mode, blocked storage, server-side).
 */
export function browserStateSlot(
  scope: string | null | undefined,
  ...name: string[]
): BrowserStateSlot | undefined {
  const scoped = typeof scope === 'string' && scopePattern.test(scope);
  try {
    const storage = scoped ? globalThis.localStorage : globalThis.sessionStorage;
    if (!storage) return undefined;
    return { key: `${browserStatePrefix}${scoped ? scope : 'tab'}:${name.join(':')}`, storage };
  } catch {
    // Reading localStorage throws where the user or a policy blocks storage.
    return undefined;
  }
}

/** Removes every piece of kit state from localStorage and sessionStorage; returns how many. */
export function clearBrowserState(): number {
  let removed = 0;
  for (const name of ['localStorage', 'sessionStorage'] as const) {
    let storage: Storage | undefined;
    try {
      storage = globalThis[name];
    } catch {
      continue;
    }
    if (!storage) continue;
    const keys: string[] = [];
    for (let index = 0; index < storage.length; index += 1) {
      const key = storage.key(index);
      if (key?.startsWith(browserStatePrefix)) keys.push(key);
    }
    for (const key of keys) storage.removeItem(key);
    removed += keys.length;
  }
  return removed;
}
