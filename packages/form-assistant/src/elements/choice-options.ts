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
}

/**
 * The rows of a choice, `<div class="option"><input id="o0" part="control"><label for="o0">…`,
 * kept in the element the directive sits on (which holds nothing else). One template instance
 * per option costs a clone, a tree walk and marker comments; a long step has hundreds of
 * options, so the rows are made and updated here directly.
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
    options.forEach((option, index) => {
      let row = this.rows[index];
      if (!row || row.input.type !== type) {
        row?.row.remove();
        row = createRow(type, index);
        container.insertBefore(row.row, this.rows[index + 1]?.row ?? null);
        this.rows[index] = row;
      }
      const { input, label, text } = row;
      if (state.name !== undefined) input.name = state.name;
      if (input.value !== option.value) input.value = option.value;
      input.checked = state.checked(option.value);
      input.toggleAttribute('disabled', state.disabled(option.value));
      input.setAttribute('aria-invalid', ariaInvalid);
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

/** One empty row per input type, cloned for each option (cheaper than building each row). */
const prototypeRows = new Map<string, HTMLDivElement>();

function createRow(type: 'radio' | 'checkbox', index: number): OptionRow {
  let prototype = prototypeRows.get(type);
  if (!prototype) {
    prototype = document.createElement('div');
    prototype.className = 'option';
    const input = document.createElement('input');
    input.type = type;
    input.setAttribute('part', 'control');
    const label = document.createElement('label');
    label.append(document.createTextNode(''));
    prototype.append(input, label);
    prototypeRows.set(type, prototype);
  }
  const row = prototype.cloneNode(true) as HTMLDivElement;
  const input = row.firstChild as HTMLInputElement;
  const label = row.lastChild as HTMLLabelElement;
  input.id = `o${index}`;
  label.htmlFor = input.id;
  return { row, input, label, text: label.firstChild as Text, hint: undefined };
}

export const optionRows = directive(OptionRowsDirective);
