import { expect, type Page } from '@playwright/test';

/** The control that has the keyboard, through shadow roots, with its accessible name. */
export interface Focused {
  tag: string;
  type: string;
  name: string;
  /** The legend of the fieldset around the control (date parts, radios), if any. */
  group: string;
}

export function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    let element: Element | null = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element) return { tag: '', type: '', name: '', group: '' };
    const control = element as HTMLInputElement;
    const labelled = element.getAttribute('aria-labelledby');
    const root = element.getRootNode() as Document | ShadowRoot;
    const byId = labelled
      ? labelled
          .split(/\s+/)
          .map((id) => root.getElementById?.(id)?.textContent ?? '')
          .join(' ')
      : '';
    // Only controls are named by their content: the body (focus left the page) is not.
    const content = element === document.body ? '(page)' : (element.textContent ?? '').slice(0, 200);
    const label = control.labels?.[0]?.textContent || element.getAttribute('aria-label') || byId || content;
    const legend = element.closest('fieldset')?.querySelector('legend')?.textContent ?? '';
    return {
      tag: element.tagName.toLowerCase(),
      type: control.type ?? '',
      name: label.replace(/\s+/g, ' ').trim(),
      group: legend.replace(/\s+/g, ' ').trim(),
    };
  });
}

/** Presses Tab (or Shift+Tab) until the focused control's name (and its group's legend) match. */
export async function tabTo(
  page: Page,
  name: string | RegExp,
  options: { group?: string | RegExp; limit?: number; backwards?: boolean } = {},
): Promise<void> {
  const matches = (pattern: string | RegExp, text: string) =>
    typeof pattern === 'string' ? text.startsWith(pattern) : pattern.test(text);
  const seen: string[] = [];
  const limit = options.limit ?? 80;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    if (matches(name, now.name) && (options.group === undefined || matches(options.group, now.group))) return;
    seen.push(now.group ? `${now.group}/${now.name}` : now.name);
  }
  throw new Error(`No control named ${String(name)} within ${limit} tabs; passed: ${seen.join(' | ')}`);
}

export async function typeInto(page: Page, name: string | RegExp, text: string): Promise<void> {
  await tabTo(page, name);
  await page.keyboard.type(text);
}

/** Tabs to the control and replaces what it holds (a prefilled value), as a citizen would. */
export async function replaceIn(page: Page, name: string | RegExp, text: string): Promise<void> {
  await tabTo(page, name);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

/** Day, month and year: the three inputs of the date field with this legend. */
export async function typeDate(
  page: Page,
  legend: string | RegExp,
  day: string,
  month: string,
  year: string,
): Promise<void> {
  await tabTo(page, /^(Tag|Day)$/, { group: legend });
  await page.keyboard.type(day);
  await page.keyboard.press('Tab');
  await page.keyboard.type(month);
  await page.keyboard.press('Tab');
  await page.keyboard.type(year);
}

/** Presses `key` until the focused control's value (a select, a radio group) is `value`. */
export async function pressUntilValue(page: Page, key: string, value: string, limit = 40): Promise<void> {
  const current = () =>
    page.evaluate(() => {
      let element: Element | null = document.activeElement;
      while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
      return (element as HTMLInputElement | null)?.value ?? '';
    });
  for (let i = 0; i < limit && (await current()) !== value; i++) await page.keyboard.press(key);
  expect(await current()).toBe(value);
}
