import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserStateSlot, clearBrowserState } from './browser-state.js';

/** The Web Storage API in memory (Node has no per-origin storage to test against). */
class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  clear() {
    this.#items.clear();
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
  setItem(key: string, value: string) {
    this.#items.set(key, value);
  }
}

const original = {
  local: Object.getOwnPropertyDescriptor(globalThis, 'localStorage'),
  session: Object.getOwnPropertyDescriptor(globalThis, 'sessionStorage'),
};
let local: MemoryStorage;
let session: MemoryStorage;

beforeEach(() => {
  local = new MemoryStorage();
  session = new MemoryStorage();
  Object.defineProperty(globalThis, 'localStorage', { value: local, configurable: true });
  Object.defineProperty(globalThis, 'sessionStorage', { value: session, configurable: true });
});
afterEach(() => {
  for (const [name, descriptor] of [
    ['localStorage', original.local],
    ['sessionStorage', original.session],
  ] as const) {
    if (descriptor) Object.defineProperty(globalThis, name, descriptor);
    else Reflect.deleteProperty(globalThis, name);
  }
});

describe('browser state', () => {
  it("keeps a signed-in person's state under their own key in localStorage", () => {
    const erika = browserStateSlot('erikaScope123', 'form-draft', 'dog-registration');
    const max = browserStateSlot('maxScope45678', 'form-draft', 'dog-registration');
    expect(erika?.storage).toBe(local);
    expect(erika?.key).not.toBe(max?.key);
  });

  it('keeps anonymous state in the tab only (sessionStorage)', () => {
    expect(browserStateSlot(undefined, 'payment')?.storage).toBe(session);
    expect(browserStateSlot('', 'payment')?.storage).toBe(session);
    // A scope that is not an opaque token (an attribute an attacker filled) is no scope.
    expect(browserStateSlot('../../x', 'payment')?.storage).toBe(session);
  });

  it('clears every piece of kit state and nothing else', () => {
    const draft = browserStateSlot('erikaScope123', 'form-draft', 'x');
    const tab = browserStateSlot(null, 'payment');
    draft?.storage.setItem(draft.key, '{"name":"Erika"}');
    tab?.storage.setItem(tab.key, '{"id":"p1"}');
    local.setItem('someone-else', 'kept');
    expect(clearBrowserState()).toBe(2);
    expect(local.length).toBe(1);
    expect(local.getItem('someone-else')).toBe('kept');
    expect(session.length).toBe(0);
  });

  it('answers undefined where storage is blocked', () => {
    Object.defineProperty(globalThis, 'localStorage', {
      get() {
        throw new DOMException('blocked', 'SecurityError');
      },
      configurable: true,
    });
    expect(browserStateSlot('erikaScope123', 'x')).toBeUndefined();
    expect(() => clearBrowserState()).not.toThrow();
  });
});
