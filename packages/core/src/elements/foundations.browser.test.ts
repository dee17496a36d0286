import { afterEach, describe, expect, it } from 'vitest';
import { createLazyTranslator, createTranslator, elementLocale, formatMoney, h } from './index.js';

afterEach(() => {
  document.body.replaceChildren();
  document.documentElement.lang = '';
});

describe('elementLocale', () => {
  it('takes the element’s own lang, as attribute or property, over its ancestors’', () => {
    const wrapper = h('div', { lang: 'de' }, h('span', { lang: 'en-GB' }));
    document.body.append(wrapper);
    expect(elementLocale(wrapper.firstElementChild as HTMLElement)).toBe('en');
    const span = h('span');
    wrapper.append(span);
    span.lang = 'en';
    expect(elementLocale(span)).toBe('en');
  });

  it('follows the nearest non-empty lang, then the document’s', () => {
    const outer = h('div', { lang: 'en' }, h('div', { lang: '' }, h('b')));
    document.body.append(outer);
    const bold = outer.querySelector('b') as HTMLElement;
    expect(elementLocale(bold)).toBe('en');
    outer.removeAttribute('lang');
    expect(elementLocale(bold)).toBe('de');
    document.documentElement.lang = 'en-GB';
    expect(elementLocale(bold)).toBe('en');
  });

  it('is German for a disconnected element, for any other language and with no lang at all', () => {
    expect(elementLocale(h('p'))).toBe('de');
    document.body.append(h('p', { lang: 'fr' }));
    expect(elementLocale(document.body.firstElementChild as HTMLElement)).toBe('de');
    document.documentElement.lang = 'en';
    expect(elementLocale(h('p'))).toBe('en');
  });
});

describe('the other foundations', () => {
  it('translate with {name} interpolation and keep unknown placeholders visible', () => {
    const t = createTranslator({ de: { hi: 'Hallo {name}, {rest}' }, en: { hi: 'Hello {name}, {rest}' } });
    expect(t('en', 'hi', { name: 'Ada' })).toBe('Hello Ada, {rest}');
    expect(t('de', 'hi')).toBe('Hallo {name}, {rest}');
  });

  it('format euro amounts per locale and build elements with listeners', () => {
    expect(formatMoney(1250, 'de')).toBe('12,50\u00a0€');
    expect(formatMoney(1250, 'en')).toBe('€12.50');
    let clicks = 0;
    const button = h('button', { type: 'button', disabled: false, onclick: () => clicks++ }, 'Ja', null, 0);
    button.click();
    expect([button.outerHTML, clicks]).toEqual(['<button type="button">Ja</button>', 1]);
  });
});

describe('createLazyTranslator', () => {
  it('fetches English once, only when asked, and is ready for German at once', async () => {
    let fetches = 0;
    const t = createLazyTranslator({ hi: 'Hallo {name}' }, async () => {
      fetches += 1;
      return { hi: 'Hello {name}' };
    });
    expect([t.ready('de'), fetches]).toEqual([undefined, 0]);
    const first = t.ready('en');
    expect(t.ready('en')).toBe(first);
    await first;
    expect([t.ready('en'), fetches, t('en', 'hi', { name: 'Ada' }), t('de', 'hi')]).toEqual([
      undefined,
      1,
      'Hello Ada',
      'Hallo {name}',
    ]);
  });

  it('settles a failed fetch with German text and tries again on the next call', async () => {
    let fetches = 0;
    const t = createLazyTranslator({ hi: 'Hallo' }, async () => {
      fetches += 1;
      if (fetches === 1) throw new Error('offline');
      return { hi: 'Hello' };
    });
    await t.ready('en');
    expect(t('en', 'hi')).toBe('Hallo');
    await t.ready('en');
    expect([t('en', 'hi'), fetches]).toEqual(['Hello', 2]);
  });
});
