import { afterEach, expect, inject, it } from 'vitest';
import { page } from 'vitest/browser';
import './efa-inbox.js';
import { memoryKeyStore } from './key-store.js';
import { memoryInboxSource } from './memory-source.js';

const fixtures = inject('inboxFixtures');

afterEach(async () => {
  document.body.replaceChildren();
  await page.viewport(414, 896);
});

it('fits 320 px without scrolling sideways: the rows stack, each value under its column label', async () => {
  await page.viewport(320, 800);
  document.body.style.margin = '0';
  const element = document.createElement('efa-inbox');
  Object.assign(element, {
    lang: 'de',
    keyStore: memoryKeyStore(),
    source: memoryInboxSource({
      destinations: [
        {
          destinationId: fixtures.destinationId,
          authorityName: 'Stadt Pirna',
          encryptionKid: null,
          signingKid: null,
        },
      ],
      cases: [fixtures.valid, fixtures.tamperedHash].map((c) => ({
        summary: c.summary,
        encrypted: c.encrypted,
      })),
    }),
  });
  document.body.append(element);
  const root = element.shadowRoot as ShadowRoot;
  const end = Date.now() + 10_000;
  while (!root.querySelector('.cases') && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
  expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(320);
  const row = root.querySelector('.cases .body [role="row"]') as HTMLElement;
  const [first, second] = [...row.children] as HTMLElement[];
  // Stacked: the second cell starts below the first, not beside it.
  expect((second as HTMLElement).getBoundingClientRect().top).toBeGreaterThan(
    (first as HTMLElement).getBoundingClientRect().top,
  );
  expect(getComputedStyle(second as HTMLElement, '::before').content).toContain('Leistung');
  for (const button of root.querySelectorAll('button'))
    expect(button.getBoundingClientRect().height).toBeGreaterThanOrEqual(24);
});
