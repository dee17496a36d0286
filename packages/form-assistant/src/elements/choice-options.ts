import { nothing } from 'lit';
import { Directive, directive, type ElementPart, type PartInfo, PartType } from 'lit/directive.js';

/** One answer of a choice question: the submitted code and its label (e.g. from a FIM code list). */
export interface ChoiceOption {
  value: string;
  label: string;
  hint?: string;
}

/** Options as a property, or as JSON in the `options` attribute for plain HTML pages. */
export const optionsConverter = {
  fromAttribute(value: string | null): ChoiceOption[] {
    if (!value) return [];
    try {
      const parsed = JSON.parse(value) as unknown;
      return Array.isArray(parsed)
        ? parsed.filter(
            (option): option is ChoiceOption =>
              typeof option === 'object' &&
              option !== null &&
              typeof (option as ChoiceOption).value === 'string',
          )
        : [];
    } catch {
      return [];
    }
  },
  toAttribute(value: ChoiceOption[]): string {
    return JSON.stringify(value);
  },
};

/** What the option rows of a radio or checkbox group show. */
export interface OptionRowsState {
  type: 'radio' | 'checkbox';
  /** The radios' group name inside the shadow root. */
  name?: string;
  options: readonly ChoiceOption[];
  checked: (value: string) => boolean;
  disabled: (value: string) => boolean;
  invalid: boolean;
}

interface OptionRow {
  row: HTMLDivElement;
  input: HTMLInputElement;
  label: HTMLLabelElement;
  text: Text;
  hint: HTMLSpanElement | undefined;
  /** The input's `aria-invalid`, as last set. */
  invalid: string;
}

/**
 * The rows of a choice, `<div class="option"><input id="o0" part="control"><label for="o0">…`,
 * kept in the element the directive sits on (which holds nothing else). One template instance
 * per option costs a clone, a tree walk and marker comments; a long step has hundreds of
 * options, so the rows are made and updated here directly. A first render clones all rows at
 * once from a prototype per input type and count, and writes only what differs from it.
 */
class OptionRowsDirective extends Directive {
  private rows: OptionRow[] = [];

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('optionRows is an element directive');
  }

  render(_state: OptionRowsState): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [state]: [OptionRowsState]): typeof nothing {
    const container = part.element;
    const { options, type } = state;
    const ariaInvalid = state.invalid ? 'true' : 'false';
    if (this.rows.length === 0 && options.length > 0) {
      this.rows = createRows(container, type, options.length);
    }
    options.forEach((option, index) => {
      let row = this.rows[index];
      if (!row || row.input.type !== type) {
        row?.row.remove();
        row = createRow(type, index);
        container.insertBefore(row.row, this.rows[index + 1]?.row ?? null);
        this.rows[index] = row;
      }
      const { input, label, text } = row;
      if (state.name !== undefined && input.name !== state.name) input.name = state.name;
      if (input.value !== option.value) input.value = option.value;
      const checked = state.checked(option.value);
      if (input.checked !== checked) input.checked = checked;
      const disabled = state.disabled(option.value);
      if (input.disabled !== disabled) input.disabled = disabled;
      if (row.invalid !== ariaInvalid) {
        input.setAttribute('aria-invalid', ariaInvalid);
        row.invalid = ariaInvalid;
      }
      if (text.data !== option.label) text.data = option.label;
      if (option.hint) {
        if (!row.hint) {
          row.hint = document.createElement('span');
          row.hint.id = `o${index}-hint`;
          row.hint.className = 'hint';
          label.append(row.hint);
          input.setAttribute('aria-describedby', row.hint.id);
        }
        row.hint.textContent = option.hint;
      } else if (row.hint) {
        row.hint.remove();
        row.hint = undefined;
        input.removeAttribute('aria-describedby');
      }
    });
    for (const extra of this.rows.splice(options.length)) extra.row.remove();
    return nothing;
  }
}

/** One empty row per input type, cloned for a row added later. */
const prototypeRows = new Map<string, HTMLDivElement>();
/** Empty rows per input type and count (`radio3`), cloned at once for a first render. */
const prototypeSets = new Map<string, DocumentFragment>();

function emptyRow(type: 'radio' | 'checkbox'): HTMLDivElement {
  let prototype = prototypeRows.get(type);
  if (!prototype) {
    prototype = document.createElement('div');
    prototype.className = 'option';
    const input = document.createElement('input');
    input.type = type;
    input.setAttribute('part', 'control');
    input.setAttribute('aria-invalid', 'false');
    const label = document.createElement('label');
    label.append(document.createTextNode(''));
    prototype.append(input, label);
    prototypeRows.set(type, prototype);
  }
  return prototype;
}

function rowOf(row: HTMLDivElement): OptionRow {
  const label = row.lastChild as HTMLLabelElement;
  return {
    row,
    input: row.firstChild as HTMLInputElement,
    label,
    text: label.firstChild as Text,
    hint: undefined,
    invalid: 'false',
  };
}

function createRow(type: 'radio' | 'checkbox', index: number): OptionRow {
  const row = emptyRow(type).cloneNode(true) as HTMLDivElement;
  const input = row.firstChild as HTMLInputElement;
  input.id = `o${index}`;
  (row.lastChild as HTMLLabelElement).htmlFor = input.id;
  return rowOf(row);
}

/** `count` rows appended to `container`, ids and label targets set. */
function createRows(container: Element, type: 'radio' | 'checkbox', count: number): OptionRow[] {
  const key = `${type}${count}`;
  let prototype = prototypeSets.get(key);
  if (!prototype) {
    prototype = document.createDocumentFragment();
    for (let index = 0; index < count; index++) prototype.append(createRow(type, index).row);
    prototypeSets.set(key, prototype);
  }
  const rows: OptionRow[] = [];
  const fragment = prototype.cloneNode(true);
  for (let row = fragment.firstChild; row; row = row.nextSibling) rows.push(rowOf(row as HTMLDivElement));
  container.append(fragment);
  return rows;
}

export const optionRows = directive(OptionRowsDirective);
