import type { Locale } from '@efa-kit/core';
import { type UiMessageKey, uiDe } from '../messages/ui-de.js';
import { uiEn } from '../messages/ui-en.js';
import type { FormDefinition, Item, ValueField } from '../schema/definition.js';
import { isGroup } from '../schema/walk.js';
import { localized } from '../validation/display.js';

/**
 * The first step of a form as plain HTML, for the server to write into the page before any
 * script (ADR 0011): caption, progress, introduction, heading, groups, and every field as a
 * native <label> and <input> with its hint tied by aria-describedby. The page script hands it
 * over to <efa-form> once the form has rendered the same step, with what was typed meanwhile
 * (inputs are named by answer path, and carry it in data-path). No "Weiter" button: without the script it could not
 * check or send anything, so the page's <noscript> says the form needs JavaScript.
 *
 * Undefined when step 1 holds something this does not write as the form would (a choice, a
 * compound field, a file, a repeat, a condition): then the page is client-only, as before.
 */
export function firstStepHtml(definition: FormDefinition, locale: Locale): string | undefined {
  const step = definition.steps[0];
  if (!step || step.showWhen || definition.steps.some((candidate) => candidate.showWhen)) return undefined;
  const ui: Readonly<Record<UiMessageKey, string>> = locale === 'en' ? uiEn : uiDe;
  const text = (value: Parameters<typeof localized>[0]) => localized(value, locale);
  const stepTitle = text(step.title);
  const items = renderItems(step.groups, '', { text, ui, stepTitle: stepTitle.trim().toLowerCase() });
  if (items === undefined) return undefined;
  const total = definition.steps.length;
  const progress = ui['form.step'].replace('{current}', '1').replace('{total}', String(total));
  return `<div class="efa-prerender" data-efa-prerender>
<p class="efa-prerender__caption">${escapeHtml(text(definition.title))}</p>
<p class="efa-prerender__progress">${escapeHtml(progress)}</p>
<div class="efa-prerender__bar" aria-hidden="true"></div>
${definition.description ? `<p class="efa-prerender__intro">${escapeHtml(text(definition.description))}</p>` : ''}
<h2>${escapeHtml(stepTitle)}</h2>
${items}
</div>`;
}

interface RenderContext {
  text: (value: Parameters<typeof localized>[0]) => string;
  ui: Readonly<Record<UiMessageKey, string>>;
  stepTitle: string;
}

/** The kinds written as one native input, with the type and input mode the field element uses. */
const inputs: Partial<Record<ValueField['kind'], { type: string; inputMode?: string; carry?: true }>> = {
  // carry: the answer is the text as typed, so the page script can hand it to the field element.
  text: { type: 'text', carry: true },
  email: { type: 'email', carry: true },
  phone: { type: 'tel', carry: true },
  iban: { type: 'text', carry: true },
  integer: { type: 'text', inputMode: 'numeric' },
  decimal: { type: 'text', inputMode: 'decimal' },
  money: { type: 'text', inputMode: 'decimal' },
};

function renderItems(items: readonly Item[], base: string, context: RenderContext): string | undefined {
  const parts: string[] = [];
  for (const item of items) {
    const path = base ? `${base}.${item.id}` : item.id;
    if ('showWhen' in item && item.showWhen) return undefined;
    let part: string | undefined;
    if (isGroup(item)) {
      if (item.repeat) return undefined;
      const title = context.text(item.title);
      // <efa-form> says a top-level group's title once when it repeats the step's heading.
      const heading = path === item.id && title.trim().toLowerCase() === context.stepTitle ? '' : title;
      const inner = renderItems(item.items, path, context);
      if (inner === undefined) return undefined;
      part = `<div class="efa-prerender__group">${heading ? `<h3>${escapeHtml(heading)}</h3>` : ''}${
        item.hint ? `<p class="efa-prerender__hint">${escapeHtml(context.text(item.hint))}</p>` : ''
      }${inner}</div>`;
    } else if (item.kind === 'static') {
      part = `<div class="efa-prerender__static">${escapeHtml(context.text(item.text))}</div>`;
    } else {
      part = renderField(item, path, context);
    }
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return parts.join('\n');
}

/** The id the prerendered control of a path gets (distinct from <efa-form>'s field ids). */
export function firstStepControlId(path: string): string {
  return `efa-pre-${path.replaceAll('.', '-')}`;
}

function renderField(field: ValueField, path: string, context: RenderContext): string | undefined {
  const id = firstStepControlId(path);
  const label = field.required
    ? context.text(field.label)
    : `${context.text(field.label)} ${context.ui['field.optional']}`;
  const hint = field.hint
    ? `<div class="efa-prerender__hint" id="${id}-hint">${escapeHtml(context.text(field.hint))}</div>`
    : '';
  const common = `${field.required ? ' required' : ''}${field.hint ? ` aria-describedby="${id}-hint"` : ''}`;
  if (field.kind === 'date') {
    // Day, month and year, as <efa-date-field> asks for them; not carried over (one answer, three inputs).
    const parts = [
      ['day', context.ui['date.day'], 2],
      ['month', context.ui['date.month'], 2],
      ['year', context.ui['date.year'], 4],
    ] as const;
    return `<fieldset class="efa-prerender__field efa-prerender__date"${field.hint ? ` aria-describedby="${id}-hint"` : ''}><legend>${escapeHtml(label)}</legend>${hint}<div class="efa-prerender__row">${parts
      .map(
        ([part, name, size]) =>
          `<div><label for="${id}-${part}">${escapeHtml(name)}</label><input id="${id}-${part}" data-path="${escapeHtml(path)}" class="efa-prerender__control efa-prerender__control--${size}" inputmode="numeric" maxlength="${size}"${field.required ? ' required' : ''}></div>`,
      )
      .join('')}</div></fieldset>`;
  }
  const input = inputs[field.kind];
  if (!input) return undefined;
  const autocomplete = field.autocomplete ? ` autocomplete="${escapeHtml(field.autocomplete)}"` : '';
  const inputMode = input.inputMode ? ` inputmode="${input.inputMode}"` : '';
  const carry = input.carry ? ' data-carry' : '';
  return `<div class="efa-prerender__field"><label for="${id}">${escapeHtml(label)}</label>${hint}<input id="${id}" class="efa-prerender__control" name="${escapeHtml(path)}" data-path="${escapeHtml(path)}" type="${input.type}"${inputMode}${autocomplete}${common}${carry}></div>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
