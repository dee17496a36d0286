import type { Locale } from '@efa-kit/core';
import type { AnswerLine, AnswerSection } from '@efa-kit/core/server';
import { holds, type RepeatScope } from '../conditions/expression.js';
import { t } from '../messages/ui.js';
import type { FormDefinition, Group, Item, PlaceSource } from '../schema/definition.js';
import { feeAnswersOf } from '../schema/fee-answers.js';
import type { FormData } from '../schema/values.js';
import { isGroup, walkDefinition } from '../schema/walk.js';
import { displayAnswer, localized } from '../validation/display.js';

// The browser fetches the English element texts on first use; the server answers in both
// languages from its first request, so it loads them with this module.
await t.ready('en');

/**
 * What travels with a submitted application besides its FIM data: the answers as the citizen
 * saw them (for the receipt and the application PDF), the flat values a fee check reads, and
 * the place the responsible authority is found for.
 */

function getPath(data: unknown, path: string): unknown {
  let current = data;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function repeatLabel(group: Group, n: number, locale: Locale): string {
  const label = localized(group.repeat?.itemLabel, locale);
  return label
    ? label.replaceAll('{n}', String(n))
    : t(locale, 'form.item', { label: localized(group.title, locale), n });
}

export interface SummaryInput {
  definition: FormDefinition;
  /** The application as sent: conditions are evaluated on it, as the validator does. */
  input: unknown;
  /** The validator's output: the values shown are these (normalized, only shown fields). */
  data: FormData;
  locale: Locale;
  today: string;
}

/**
 * The check-your-answers page as data: one section per step (its title), one per repeated item
 * (its label, "Hund 2"), with every shown question and its answer in the reader's language;
 * "Keine Angabe" for a shown question left empty, file fields as their file names.
 */
export function answerSections({ definition, input, data, locale, today }: SummaryInput): AnswerSection[] {
  const sections: Array<{ title: string; lines: AnswerLine[] }> = [];
  let current: { title: string; lines: AnswerLine[] } | undefined;
  let stepTitle = '';
  const open = (title: string) => {
    current = { title, lines: [] };
    sections.push(current);
    return current;
  };
  const visit = (items: readonly Item[], base: string, scope: RepeatScope, prefix: string) => {
    for (const item of items) {
      const path = base ? `${base}.${item.id}` : item.id;
      if (item.kind === 'static' || !holds(item.showWhen, input, { scope, today })) continue;
      if (isGroup(item)) {
        if (!item.repeat) {
          visit(item.items, path, scope, prefix);
          continue;
        }
        const list = getPath(data, path);
        (Array.isArray(list) ? list : []).forEach((_, index) => {
          const label = repeatLabel(item, index + 1, locale);
          open(prefix ? `${prefix} – ${label}` : label);
          const inner = new Map(scope);
          inner.set(path.replace(/\.\d+(?=\.|$)/g, ''), index);
          visit(item.items, `${path}.${index}`, inner, prefix ? `${prefix} – ${label}` : label);
        });
        // Questions after the repeat belong to the step again.
        current = undefined;
        continue;
      }
      const section = current ?? open(prefix || stepTitle);
      section.lines.push({
        label: localized(item.label, locale),
        value: displayAnswer(definition, item, getPath(data, path), locale) || t(locale, 'form.notAnswered'),
      });
    }
  };
  for (const step of definition.steps) {
    if (!holds(step.showWhen, input, { today })) continue;
    stepTitle = localized(step.title, locale);
    current = undefined;
    visit(step.groups, '', new Map(), '');
  }
  return sections.filter((section) => section.lines.length > 0);
}

/** The definition's `placeFrom`, else its first address field outside repeatable groups. */
function placeSource(definition: FormDefinition): PlaceSource | undefined {
  if (definition.placeFrom) return definition.placeFrom;
  for (const entry of walkDefinition(definition)) {
    if (entry.item.kind === 'address' && !entry.ancestors.some((group) => group.repeat)) {
      return { address: entry.path };
    }
  }
  return undefined;
}

// Pure and browser-safe: it lives with the schema so a page computes the fee from the same
// answers as the server; the server face keeps exporting it.
export { feeAnswersOf };

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** Postcode and municipality of the applicant's place, or null when the form has none or it is empty. */
export function placeOf(
  definition: FormDefinition,
  data: FormData,
): { postcode?: string; municipality?: string } | null {
  const source = placeSource(definition);
  if (!source) return null;
  let postcode: string | undefined;
  let municipality: string | undefined;
  if ('address' in source) {
    const address = getPath(data, source.address) as Record<string, unknown> | undefined;
    postcode = text(address?.postcode);
    municipality = text(address?.town);
  } else {
    postcode = text(getPath(data, source.postcode));
    municipality = source.municipality ? text(getPath(data, source.municipality)) : undefined;
  }
  if (postcode === undefined && municipality === undefined) return null;
  return { ...(postcode ? { postcode } : {}), ...(municipality ? { municipality } : {}) };
}
