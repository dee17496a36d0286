import { describe, expect, it } from 'vitest';
import type { PageContext } from './capability.js';
import { readConfig } from './config.js';
import { html } from './html.js';
import { languageSwitchHref, renderLayout } from './layout.js';

function page(url: string, locale: 'de' | 'en'): string {
  const context: PageContext = {
    locale,
    url: new URL(url),
    session: null,
    config: readConfig({}),
    stateScope: null,
  };
  return renderLayout({
    context,
    title: 'Test',
    main: html`<h1>Test</h1>`,
    nav: [],
    assets: [],
    currentPath: context.url.pathname,
    developmentServices: [],
  });
}

function switchHref(document: string): string {
  const match = /<a class="language-switch" href="([^"]*)"/.exec(document);
  if (!match?.[1]) throw new Error('no language switch');
  return match[1].replaceAll('&amp;', '&');
}

describe('the language switch', () => {
  it('names German explicitly, so the English cookie cannot keep the page English (issue 12)', () => {
    expect(switchHref(page('http://localhost:3000/zustaendigkeit?lang=en', 'en'))).toBe(
      '/zustaendigkeit?lang=de',
    );
    // English chosen earlier and remembered in the cookie: the URL has no lang at all.
    expect(switchHref(page('http://localhost:3000/zustaendigkeit', 'en'))).toBe('/zustaendigkeit?lang=de');
  });

  it('keeps the rest of the query, so the citizen stays on the same state of the page', () => {
    expect(switchHref(page('http://localhost:3000/gebuehr-bezahlen?hunde=2&lang=de', 'de'))).toBe(
      '/gebuehr-bezahlen?hunde=2&lang=en',
    );
    expect(languageSwitchHref('/', new URLSearchParams('lang=en&lang=en'), 'de')).toBe('/?lang=de');
  });
});
