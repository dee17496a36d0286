import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../index.js';
import type { AuthoritySelectDetail, EfaJurisdictionFinderElement } from './efa-jurisdiction-finder.js';

const endpoint = `http://${location.hostname}:${inject('jurisdictionBackendPort')}/trpc`;

afterEach(() => {
  document.body.replaceChildren();
});

async function mount(attributes: Record<string, string> = {}): Promise<EfaJurisdictionFinderElement> {
  const element = document.createElement('efa-jurisdiction-finder');
  element.setAttribute('endpoint', endpoint);
  // The test page itself is lang="en"; German is what most users get.
  element.setAttribute('lang', 'de');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  await element.updateComplete;
  return element;
}

const root = (element: EfaJurisdictionFinderElement) => element.shadowRoot as ShadowRoot;
const inputs = (element: EfaJurisdictionFinderElement) =>
  [...root(element).querySelectorAll<HTMLInputElement>('input[role=combobox]')] as [
    HTMLInputElement,
    HTMLInputElement,
  ];
const focused = (element: EfaJurisdictionFinderElement) => root(element).activeElement;
const status = (element: EfaJurisdictionFinderElement) =>
  root(element).querySelector('[role=status]')?.textContent?.trim() ?? '';
const result = (element: EfaJurisdictionFinderElement) =>
  root(element).querySelector('[part=result]')?.textContent ?? '';

/** Waits for a condition, not for a time: generous, so a busy machine only makes it slower. */
async function until(check: () => boolean, ms = 30_000): Promise<void> {
  await vi.waitFor(
    () => {
      if (!check()) throw new Error('not yet');
    },
    { timeout: ms, interval: 25 },
  );
}

/** Types into the focused combobox, waits for suggestions, arrows down `steps` times and presses Enter. */
async function pick(element: EfaJurisdictionFinderElement, input: HTMLInputElement, text: string, steps = 1) {
  await userEvent.keyboard(text);
  // The suggestions for the whole text, not those of a prefix still on the way.
  await until(
    () =>
      input.getAttribute('aria-expanded') === 'true' &&
      root(element).querySelector('[role=option]') !== null &&
      input.getAttribute('aria-busy') !== 'true',
  );
  for (let i = 0; i < steps; i += 1) await userEvent.keyboard('{ArrowDown}');
  // The highlighted option is rendered after the key press: wait for it to be there.
  await until(() => {
    const id = input.getAttribute('aria-activedescendant') ?? '';
    return id !== '' && root(element).getElementById(id)?.getAttribute('aria-selected') === 'true';
  });
  const active = input.getAttribute('aria-activedescendant') ?? '';
  const option = root(element).getElementById(active);
  expect(option?.getAttribute('role')).toBe('option');
  expect(option?.getAttribute('aria-selected')).toBe('true');
  await userEvent.keyboard('{Enter}');
  return option?.textContent?.trim() ?? '';
}

describe('<efa-jurisdiction-finder> by keyboard only', () => {
  it('finds the dog tax office for a Saxon town through both comboboxes', async () => {
    const element = await mount();
    const [service, place] = inputs(element);
    const selected = new Promise<AuthoritySelectDetail>((resolve) =>
      element.addEventListener('efa-authority-select', (event) => resolve(event.detail), { once: true }),
    );
    await userEvent.tab();
    expect(focused(element)).toBe(service);
    expect(service.getAttribute('aria-controls')).toBe(root(element).querySelector('[role=listbox]')?.id);
    const chosenService = await pick(element, service, 'Hund anmelden');
    expect(chosenService).toContain('Hundesteuer – Anmeldung');
    expect(service.value).toBe('Hundesteuer – Anmeldung');
    expect(service.getAttribute('aria-expanded')).toBe('false');

    await userEvent.tab();
    expect(focused(element)).toBe(place);
    await pick(element, place, 'Mittweida');
    await until(() => result(element).includes('Stadtverwaltung Mittweida'));
    // Focus moves to the result heading so keyboard and screen reader users land on the answer.
    expect(focused(element)?.textContent).toContain('Zuständig für „Hundesteuer – Anmeldung“ in Mittweida');
    expect(status(element)).toBe('Zuständige Stelle gefunden: Stadtverwaltung Mittweida.');
    const detail = await selected;
    expect(detail.authority.name).toBe('Stadtverwaltung Mittweida');
    expect(detail.rule.level).toBe('gemeinde');
    const online = root(element).querySelector<HTMLAnchorElement>('[part=online-button]');
    expect(online?.getAttribute('href')).toBe('/antrag/hund-anmelden');
  });

  it('announces result counts in the live region and moves through options with the arrow keys', async () => {
    const element = await mount();
    const [service] = inputs(element);
    await userEvent.tab();
    await userEvent.keyboard('Hundesteuer');
    await until(() => status(element).includes('Leistungen gefunden'));
    expect(status(element)).toBe('5 Leistungen gefunden. Mit Pfeiltasten auswählen.');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}{ArrowUp}');
    // Up from the first option wraps to the last.
    const options = root(element).querySelectorAll('[role=option]');
    expect(service.getAttribute('aria-activedescendant')).toBe(options[options.length - 1]?.id);
    await userEvent.keyboard('{Escape}');
    expect(service.getAttribute('aria-expanded')).toBe('false');
    expect(service.value).toBe('Hundesteuer');
    await userEvent.keyboard('{Escape}');
    expect(service.value).toBe('');
  });

  it('asks which municipality when a postcode covers several, then answers for the choice', async () => {
    const element = await mount();
    const [service, place] = inputs(element);
    await userEvent.tab();
    await pick(element, service, 'Hundesteuer');
    await userEvent.tab();
    expect(focused(element)).toBe(place);
    await userEvent.keyboard('08626{Enter}');
    await until(() => result(element).includes('mehreren Gemeinden'));
    // The live region is written after the result renders: wait for the announcement itself.
    await expect
      .poll(() => status(element), { timeout: 30_000 })
      .toBe('Die Postleitzahl gehört zu 3 Gemeinden. Bitte wählen Sie Ihre Gemeinde.');
    await expect
      .poll(() => focused(element)?.textContent ?? '', { timeout: 30_000 })
      .toContain('Die Postleitzahl 08626 gehört zu mehreren Gemeinden');
    await userEvent.tab();
    await userEvent.tab();
    expect(focused(element)?.textContent).toContain('Eichigt');
    await userEvent.keyboard('{Enter}');
    await until(() => result(element).includes('Gemeindeverwaltung Eichigt'));
    expect(place.value).toBe('Eichigt');
  });

  it('shows a full authority card: address, contact links, opening hours with open/closed state', async () => {
    const element = await mount({ service: '99102013104000', place: '991015001001' });
    await until(() => result(element).includes('Bürgerbüro Musterau'));
    const card = root(element).querySelector('[part=card]');
    expect(card?.querySelector('a[href^="tel:"]')?.getAttribute('href')).toBe('tel:+490000000100');
    expect(card?.querySelector('a[href^="mailto:"]')?.textContent).toBe('buergerbuero@musterau.example');
    expect(card?.textContent).toContain('Besucheranschrift');
    expect(card?.textContent).toContain('Marktplatz 1');
    expect(card?.textContent).toContain('Dienstag');
    expect(card?.textContent).toMatch(/Jetzt geöffnet bis \d\d:\d\d Uhr|Jetzt geschlossen/);
    expect(card?.textContent).toContain('Stufenloser Zugang');
  });

  it('issue 16: an English finder renders once, in English, after its catalogue chunk arrived', async () => {
    const element = document.createElement('efa-jurisdiction-finder');
    element.setAttribute('endpoint', endpoint);
    element.setAttribute('lang', 'en');
    document.body.append(element);
    const seen: string[] = [];
    const observer = new MutationObserver(() => seen.push(root(element).textContent ?? ''));
    observer.observe(root(element), { childList: true, subtree: true, characterData: true });
    await element.updateComplete;
    observer.disconnect();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((text) => text.includes('Was möchten Sie erledigen?'))).toEqual([]);
    expect(root(element).querySelector('label')?.textContent).toBe('What do you need to do?');
  });

  it('speaks English with lang="en"', async () => {
    const element = await mount({ lang: 'en' });
    const [service, place] = inputs(element);
    expect(root(element).querySelector('label')?.textContent).toBe('What do you need to do?');
    await userEvent.tab();
    await pick(element, service, 'dog tax');
    await expect.poll(() => service.value, { timeout: 30_000 }).toBe('Dog tax – registration');
    await userEvent.tab();
    await pick(element, place, '04109');
    await until(() => result(element).includes('Stadtverwaltung Leipzig'));
    await expect
      .poll(() => status(element), { timeout: 30_000 })
      .toBe('Responsible office found: Stadtverwaltung Leipzig.');
    expect(place).toBeTruthy();
  });

  it('issue 12: Enter with both fields typed looks the answer up, a misspelt town included', async () => {
    const element = await mount();
    const [service, place] = inputs(element);
    const selected = new Promise<AuthoritySelectDetail>((resolve) =>
      element.addEventListener('efa-authority-select', (event) => resolve(event.detail), { once: true }),
    );
    await userEvent.tab();
    await userEvent.keyboard('Hund anmelden');
    await userEvent.tab();
    expect(focused(element)).toBe(place);
    // Two letters swapped, and Enter at once, without waiting for or choosing a suggestion.
    await userEvent.keyboard('Prina{Enter}');
    await until(() => result(element).includes('Stadtverwaltung Pirna'));
    expect(service.value).toBe('Hundesteuer – Anmeldung');
    expect(place.value).toBe('Pirna');
    await expect
      .poll(() => focused(element)?.textContent ?? '', { timeout: 30_000 })
      .toContain('Zuständig für „Hundesteuer – Anmeldung“ in Pirna');
    const detail = await selected;
    // Developers still get the rule and the key, in the event; citizens do not see them.
    expect(detail.rule.id).not.toBe('');
    expect(detail.service.key).toMatch(/^\d{14}$/);
    const shown = root(element).textContent ?? '';
    expect(shown).not.toContain(detail.rule.id);
    expect(shown).not.toMatch(/\d{14}/);
    expect(shown).not.toContain(detail.rule.source);
  });

  it('issue 12: a misspelt town is offered in the suggestions, the exact one first', async () => {
    const element = await mount();
    const [, place] = inputs(element);
    place.focus();
    await userEvent.keyboard('Pirnaa');
    await until(
      () =>
        root(element).querySelector('[role=option]') !== null && place.getAttribute('aria-busy') !== 'true',
    );
    expect(root(element).querySelector('[role=option]')?.textContent).toContain('Pirna');
    // Service suggestions name the service, not its Leistungsschlüssel.
    const [service] = inputs(element);
    service.focus();
    await userEvent.keyboard('Hundesteuer');
    await until(() => status(element).includes('Leistungen gefunden'));
    const options = [
      ...root(element).querySelectorAll(`#${service.getAttribute('aria-controls')} [role=option]`),
    ];
    expect(options.length).toBeGreaterThan(0);
    for (const option of options) expect(option.textContent).not.toMatch(/\d{14}/);
  });

  it('issue 12: Enter in the service field alone takes the best service and moves on to the place', async () => {
    const element = await mount();
    const [service, place] = inputs(element);
    service.focus();
    await userEvent.keyboard('Hund anmelden{Enter}');
    await expect.poll(() => service.value, { timeout: 30_000 }).toBe('Hundesteuer – Anmeldung');
    await expect.poll(() => focused(element), { timeout: 30_000 }).toBe(place);
    await userEvent.keyboard('Pirna{Enter}');
    await until(() => result(element).includes('Stadtverwaltung Pirna'));
  });

  it('issue 12: the call to action speaks English in English', async () => {
    const element = await mount({ lang: 'en', service: '99102013104000', place: '146285229270' });
    await until(() => root(element).querySelector('[part=online-button]') !== null);
    const button = root(element).querySelector<HTMLAnchorElement>('[part=online-button]');
    expect(button?.textContent?.trim()).toBe('Apply online: Dog tax – registration');
    // The online service's own name is German data, and marked as German for screen readers.
    const name = button?.nextElementSibling;
    expect(name?.getAttribute('lang')).toBe('de');
  });

  it('says so when nothing matches, and when no office is recorded for the place', async () => {
    const element = await mount({ service: '99102013104000', place: '10115' });
    await until(() => result(element).includes('Keine zuständige Stelle gefunden'));
    const [service] = inputs(element);
    service.focus();
    await userEvent.keyboard('{Control>}a{/Control}{Backspace}xqzxqz');
    await until(() => root(element).querySelector('.none') !== null);
    expect(status(element)).toBe('Keine Treffer. Versuchen Sie ein anderes Wort.');
  });

  it('shows an error with a retry button when the service cannot be reached', async () => {
    const element = document.createElement('efa-jurisdiction-finder');
    element.setAttribute('endpoint', 'http://127.0.0.1:9/trpc');
    element.setAttribute('lang', 'de');
    element.setAttribute('service', '99102013104000');
    element.setAttribute('place', '01067');
    document.body.append(element);
    await until(() => root(element).querySelector('[role=alert]') !== null);
    expect(root(element).querySelector('[role=alert]')?.textContent).toContain(
      'Der Dienst ist nicht erreichbar.',
    );
    expect(root(element).querySelector('[role=alert] button')?.textContent).toBe('Erneut versuchen');
  });
});
