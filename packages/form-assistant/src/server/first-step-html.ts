import type { Locale } from '@efa-kit/core';
import { holds } from '../conditions/expression.js';
import { fieldTag, fieldTags } from '../elements/field-props.js';
import { type UiMessageKey, uiDe } from '../messages/ui-de.js';
import { uiEn } from '../messages/ui-en.js';
import type { FormDefinition, Item, ValueField } from '../schema/definition.js';
import { fieldOptions, isGroup } from '../schema/walk.js';
import { localized } from '../validation/display.js';

/**
 * The first step of a form as plain HTML, for the server to write into the page before any
 * script (ADR 0011): caption, progress, introduction, heading, groups, and every field as the
 * field element shows it, in native controls: a <label> and <input> (or <select>), a
 * <fieldset> and <legend> for a date, name, address or radio choice with a label per part or
 * option, the hint tied by aria-describedby. The page script hands it over to <efa-form> once
 * the form has rendered the same step, with what was typed or chosen meanwhile: each control
 * names its answer path (data-path) and the id of the element's input it stands for
 * (data-control). No "Weiter" button: without the script it could not check or send
 * anything, so the page's <noscript> says the form needs JavaScript.
 *
 * Undefined when step 1 holds something this does not write as the form would (a multiple
 * choice, a text area, a file, a repeat, a condition, a locked, computed or preset answer):
 * then the page is client-only, as before.
 */
export function firstStepHtml(definition: FormDefinition, locale: Locale): string | undefined {
  const step = definition.steps[0];
  if (!step || step.showWhen || definition.steps.some((candidate) => candidate.showWhen)) return undefined;
  const ui: Readonly<Record<UiMessageKey, string>> = locale === 'en' ? uiEn : uiDe;
  const text = (value: Parameters<typeof localized>[0]) => localized(value, locale);
  const stepTitle = text(step.title);
  const items = renderItems(step.groups, '', {
    definition,
    text,
    ui,
    stepTitle: stepTitle.trim().toLowerCase(),
  });
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
  definition: FormDefinition;
  text: (value: Parameters<typeof localized>[0]) => string;
  ui: Readonly<Record<UiMessageKey, string>>;
  stepTitle: string;
}

/** The kinds written as one native input, with the type and input mode the field element uses. */
const inputs: Partial<Record<ValueField['kind'], { type: string; inputMode?: string }>> = {
  text: { type: 'text' },
  email: { type: 'email' },
  phone: { type: 'tel' },
  iban: { type: 'text' },
  integer: { type: 'text', inputMode: 'numeric' },
  decimal: { type: 'text', inputMode: 'decimal' },
  money: { type: 'text', inputMode: 'decimal' },
};

/**
 * One input of a compound field as <efa-name-field> and <efa-address-field> write it: `key` is
 * the id of the input in the element's shadow root, which the hand-over types into.
 */
interface CompoundPart {
  key: string;
  label: UiMessageKey;
  autocomplete: string;
  required: boolean;
  maxLength: number;
  width?: 5 | 20;
  inputMode?: 'numeric';
  /** Has the element's (empty) suggestion list, which makes it a combobox to a screen reader. */
  list?: true;
}

/** The parts each compound kind renders, in its order (the elements' templates). */
const compoundParts: Partial<Record<ValueField['kind'], readonly CompoundPart[]>> = {
  // The name element writes given and family name only (birth name and title are not in its template).
  personName: [
    {
      key: 'givenNames',
      label: 'name.givenNames',
      autocomplete: 'given-name',
      required: true,
      maxLength: 120,
    },
    {
      key: 'familyName',
      label: 'name.familyName',
      autocomplete: 'family-name',
      required: true,
      maxLength: 120,
    },
  ],
  address: [
    { key: 'street', label: 'address.street', autocomplete: 'address-line1', required: true, maxLength: 100 },
    {
      key: 'houseNumber',
      label: 'address.houseNumber',
      autocomplete: 'off',
      required: true,
      maxLength: 20,
      width: 5,
    },
    {
      key: 'addition',
      label: 'address.addition',
      autocomplete: 'address-line2',
      required: false,
      maxLength: 100,
    },
    {
      key: 'postcode',
      label: 'address.postcode',
      autocomplete: 'postal-code',
      required: true,
      maxLength: 5,
      width: 5,
      inputMode: 'numeric',
    },
    {
      key: 'town',
      label: 'address.town',
      autocomplete: 'address-level2',
      required: true,
      maxLength: 100,
      width: 20,
      list: true,
    },
  ],
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
  // What the form would show filled in or locked: not written here.
  if (field.readOnly || field.valueFrom || ('defaultValue' in field && field.defaultValue !== undefined))
    return undefined;
  const id = firstStepControlId(path);
  // Required as <efa-form> decides it for the empty answers it starts with ("phone unless an
  // e-mail address is given" is required then).
  const isRequired =
    field.required === true || (field.requiredWhen !== undefined && holds(field.requiredWhen, {}));
  const label = isRequired
    ? context.text(field.label)
    : `${context.text(field.label)} ${context.ui['field.optional']}`;
  const hint = field.hint
    ? `<div class="efa-prerender__hint" id="${id}-hint">${escapeHtml(context.text(field.hint))}</div>`
    : '';
  const describedBy = field.hint ? ` aria-describedby="${id}-hint"` : '';
  const required = isRequired ? ' required' : '';
  // data-path and data-control: the field element of the answer path and the id of its input
  // in the element's shadow root, where the hand-over puts what was typed or chosen here.
  const carry = (control: string) => ` data-path="${escapeHtml(path)}" data-control="${control}"`;
  const group = (inner: string) =>
    `<fieldset class="efa-prerender__field"${describedBy}><legend>${escapeHtml(label)}</legend>${hint}${inner}</fieldset>`;
  if (field.kind === 'date') {
    // Day, month and year, as <efa-date-field> asks for them (with the bday-* tokens for a birthday).
    const birthday = field.autocomplete === 'bday';
    const parts = [
      ['day', context.ui['date.day'], 2],
      ['month', context.ui['date.month'], 2],
      ['year', context.ui['date.year'], 4],
    ] as const;
    return group(
      `<div class="efa-prerender__row">${parts
        .map(
          ([part, name, size]) =>
            `<div><label for="${id}-${part}">${escapeHtml(name)}</label><input id="${id}-${part}"${carry(part)} class="efa-prerender__control efa-prerender__control--${size}" inputmode="numeric" maxlength="${size}" autocomplete="${birthday ? `bday-${part}` : 'off'}"${required}></div>`,
        )
        .join('')}</div>`,
    );
  }
  const parts = compoundParts[field.kind];
  if (parts) {
    // One fieldset, each part stacked with its own label, as the compound elements render it.
    return group(
      parts
        .map((part) => {
          const width = part.width ? ` efa-prerender__control--${part.width}` : '';
          const inputMode = part.inputMode ? ` inputmode="${part.inputMode}"` : '';
          const partRequired = isRequired && part.required ? ' required' : '';
          const list = part.list ? ` list="${id}-${part.key}-list"` : '';
          return `<div class="efa-prerender__part"><label for="${id}-${part.key}">${escapeHtml(context.ui[part.label])}</label><input id="${id}-${part.key}" class="efa-prerender__control${width}" name="${escapeHtml(`${path}.${part.key}`)}"${carry(part.key)} type="text"${inputMode} maxlength="${part.maxLength}"${list} autocomplete="${part.autocomplete}"${partRequired}></div>`;
        })
        .join('') +
        parts
          .filter((part) => part.list)
          .map((part) => `<datalist id="${id}-${part.key}-list"></datalist>`)
          .join(''),
    );
  }
  if (field.kind === 'choice' || field.kind === 'yesNo') {
    const options =
      field.kind === 'yesNo'
        ? [
            { value: 'true', label: context.ui['choice.yes'], hint: '' },
            { value: 'false', label: context.ui['choice.no'], hint: '' },
          ]
        : fieldOptions(context.definition, field).map((option) => ({
            value: option.value,
            label: context.text(option.label),
            hint: option.hint ? context.text(option.hint) : '',
          }));
    const tag = field.kind === 'yesNo' ? fieldTags.yesNo : fieldTag(field, options.length);
    if (tag === fieldTags.select) {
      // A native select with the element's empty first option ("Bitte auswählen").
      const autocomplete = ` autocomplete="${escapeHtml(field.autocomplete ?? 'off')}"`;
      return `<div class="efa-prerender__field"><label for="${id}">${escapeHtml(label)}</label>${hint}<select id="${id}" class="efa-prerender__control" name="${escapeHtml(path)}"${carry('control')}${autocomplete}${required}${describedBy}><option value="">${escapeHtml(context.ui['choice.placeholder'])}</option>${options
        .map((option) => `<option value="${escapeHtml(option.value)}">${escapeHtml(option.label)}</option>`)
        .join('')}</select></div>`;
    }
    // Radios in rows (yes/no side by side), each with its label and the option's hint in it.
    const inline = field.kind === 'yesNo' ? ' efa-prerender__options--inline' : '';
    return group(
      `<div class="efa-prerender__options${inline}">${options
        .map((option, index) => {
          const optionId = `${id}-o${index}`;
          const optionHint = option.hint
            ? `<span class="efa-prerender__hint" id="${optionId}-hint">${escapeHtml(option.hint)}</span>`
            : '';
          return `<div class="efa-prerender__option"><input id="${optionId}" type="radio" name="${escapeHtml(path)}" value="${escapeHtml(option.value)}"${carry(`o${index}`)}${required}${option.hint ? ` aria-describedby="${optionId}-hint"` : ''}><label for="${optionId}">${escapeHtml(option.label)}${optionHint}</label></div>`;
        })
        .join('')}</div>`,
    );
  }
  const input = inputs[field.kind];
  if (!input) return undefined;
  const autocomplete = field.autocomplete ? ` autocomplete="${escapeHtml(field.autocomplete)}"` : '';
  const inputMode = input.inputMode ? ` inputmode="${input.inputMode}"` : '';
  return `<div class="efa-prerender__field"><label for="${id}">${escapeHtml(label)}</label>${hint}<input id="${id}" class="efa-prerender__control" name="${escapeHtml(path)}"${carry('control')} type="${input.type}"${inputMode}${autocomplete}${required}${describedBy}></div>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
