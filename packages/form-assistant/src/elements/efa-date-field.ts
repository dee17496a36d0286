import { formatDate } from '@efa-kit/core/elements';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { controlAttributes } from './control-attributes.js';
import { EfaFormAssociatedElement, type FieldProblem } from './form-associated-element.js';

interface DateParts {
  day: string;
  month: string;
  year: string;
}

const empty: DateParts = { day: '', month: '', year: '' };

function partsOf(iso: string): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return { ...empty };
  return { year: match[1] ?? '', month: String(Number(match[2])), day: String(Number(match[3])) };
}

/** The ISO date of three parts, or undefined when the parts do not make a real date. */
export function isoFromParts(parts: DateParts): string | undefined {
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d{4}$/.test(parts.year)) {
    return undefined;
  }
  const day = Number(parts.day);
  const month = Number(parts.month);
  const year = Number(parts.year);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return `${parts.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The parts as an ISO-shaped string when all three are typed as numbers, real date or not. */
function typedDate(parts: DateParts): string | undefined {
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d{4}$/.test(parts.year)) {
    return undefined;
  }
  return `${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}`;
}

/**
 * A date as three inputs for day, month and year (the GOV.UK date input pattern): easier to
 * type and to read aloud than a date picker, and right for dates people know (birth dates).
 * Submitted as ISO 8601 (`2007-03-27`).
 *
 * @summary Form-associated date field with day, month and year inputs.
 * @csspart base - The wrapper.
 * @csspart label - The legend.
 * @csspart hint - The hint.
 * @csspart error - The error message.
 * @csspart control - Each of the three inputs.
 * @fires change - When the user commits a change.
 */
@customElement('efa-date-field')
export class EfaDateFieldElement extends EfaFormAssociatedElement {
  /** Default as ISO date, restored by a form reset. */
  @property({ attribute: 'value' }) defaultValue = '';
  /** Earliest allowed date (ISO). */
  @property() min = '';
  /** Latest allowed date (ISO). */
  @property() max = '';

  @state() private parts: DateParts | undefined;

  protected override get grouped(): boolean {
    return true;
  }

  private get current(): DateParts {
    return this.parts ?? partsOf(this.defaultValue);
  }

  /** ISO date, or "" when empty or not a real date. */
  get value(): string {
    return isoFromParts(this.current) ?? '';
  }
  set value(value: string) {
    this.parts = partsOf(value);
  }

  get modelValue(): unknown {
    // A date typed in full that does not exist (31 2 2025) is handed on as typed, so the
    // form's validation says that this day does not exist rather than that nothing is there.
    return this.value || typedDate(this.current) || null;
  }
  set modelValue(value: unknown) {
    this.parts = typeof value === 'string' ? partsOf(value) : { ...empty };
  }

  displayValue(): string {
    const iso = this.value;
    return iso ? formatDate(iso, this.locale) : '';
  }

  protected formValue(): string | null {
    return this.value || null;
  }

  protected resetValue(): void {
    this.parts = undefined;
  }

  private inputOf(part: keyof DateParts): HTMLInputElement | null {
    return this.shadowRoot?.querySelector(`#${part}`) ?? null;
  }

  protected get focusTarget(): HTMLElement | null {
    return this.inputOf('day');
  }

  protected validate(): FieldProblem | undefined {
    const parts = this.current;
    const filled = (['day', 'month', 'year'] as const).filter((part) => parts[part].trim() !== '');
    if (filled.length === 0) {
      return this.required
        ? { flag: 'valueMissing', key: 'field.required', anchor: this.inputOf('day') }
        : undefined;
    }
    const missing = (['day', 'month', 'year'] as const).find((part) => parts[part].trim() === '');
    if (missing) return { flag: 'valueMissing', key: 'date.incomplete', anchor: this.inputOf(missing) };
    const iso = isoFromParts(parts);
    if (!iso) return { flag: 'badInput', key: 'date.invalid', anchor: this.inputOf('day') };
    if (this.min && iso < this.min) {
      return {
        flag: 'rangeUnderflow',
        key: 'date.tooEarly',
        params: { minimum: formatDate(this.min, this.locale) },
        anchor: this.inputOf('day'),
      };
    }
    if (this.max && iso > this.max) {
      return {
        flag: 'rangeOverflow',
        key: 'date.tooLate',
        params: { maximum: formatDate(this.max, this.locale) },
        anchor: this.inputOf('day'),
      };
    }
    return undefined;
  }

  protected override onControlInput(event: Event): void {
    const input = event.target as HTMLInputElement;
    const part = input.id;
    if (part !== 'day' && part !== 'month' && part !== 'year') return;
    this.parts = { ...this.current, [part]: input.value.trim() };
    this.userChanged();
  }

  protected override onControlChange(): void {
    this.emitChange();
  }

  /** Never called: the parts are in the field's own template (`render`). */
  protected renderControl(): typeof nothing {
    return nothing;
  }

  override render(): TemplateResult {
    // The fieldset of the base template with the parts written in: no template instance for
    // the control (a step holds many of these fields).
    const { invalid, message, describedBy, label, prefix: errorPrefix } = this.fieldTexts();
    // Day, month and year written out in one template (no template per part).
    const birthday = this.autocomplete === 'bday';
    const current = this.current;
    const disabled = this.isDisabled;
    const readonly = this.readonly;
    return html`<fieldset class="field ${invalid ? 'field--invalid' : ''}" part="base" aria-describedby=${describedBy || nothing}
        @input=${this.onControlInput} @change=${this.onControlChange}
        ><legend class="label" part="label" .textContent=${label}></legend
        >${this.renderNotes(invalid, errorPrefix, message)}<div class="row"
      ><div class="part"
        ><label class="sublabel" for="day" .textContent=${this.msg('date.day')}></label
        ><input id="day" part="control" class="control width-2" inputmode="numeric" maxlength="2"
          ${controlAttributes({ autocomplete: birthday ? 'bday-day' : 'off', value: current.day, disabled, readOnly: readonly, invalid })} /></div
      ><div class="part"
        ><label class="sublabel" for="month" .textContent=${this.msg('date.month')}></label
        ><input id="month" part="control" class="control width-2" inputmode="numeric" maxlength="2"
          ${controlAttributes({ autocomplete: birthday ? 'bday-month' : 'off', value: current.month, disabled, readOnly: readonly, invalid })} /></div
      ><div class="part"
        ><label class="sublabel" for="year" .textContent=${this.msg('date.year')}></label
        ><input id="year" part="control" class="control width-4" inputmode="numeric" maxlength="4"
          ${controlAttributes({ autocomplete: birthday ? 'bday-year' : 'off', value: current.year, disabled, readOnly: readonly, invalid })} /></div
    ></div></fieldset
      >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-date-field': EfaDateFieldElement;
  }
}
