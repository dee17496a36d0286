import { customElement, property } from 'lit/decorators.js';
import type { FieldProblem } from './form-associated-element.js';
import { EfaInputFieldBase } from './input-field-base.js';
import { formatNumber, parseLocaleNumber } from './number-format.js';

/**
 * An integer or decimal question. Typed in the reader's notation (German "2,5"), submitted in
 * a locale-free form ("2.5"). Uses `inputmode` rather than `type=number`, which GOV.UK found
 * unreliable (scroll-wheel changes, lost leading zeros, poor screen reader support).
 *
 * @summary Form-associated integer/decimal field.
 * @csspart base - The wrapper.
 * @csspart label - The label.
 * @csspart hint - The hint.
 * @csspart error - The error message.
 * @csspart control - The input.
 * @fires change - When the user commits a change.
 */
@customElement('efa-number-field')
export class EfaNumberFieldElement extends EfaInputFieldBase {
  /** Allowed decimal places; 0 makes it an integer field. */
  @property({ type: Number }) decimals = 0;
  @property({ type: Number }) min: number | undefined;
  @property({ type: Number }) max: number | undefined;
  /** Unit shown after the input, e.g. "m" or "Hunde". */
  @property() unit = '';

  protected override get controlInputMode(): string {
    return this.decimals > 0 ? 'decimal' : 'numeric';
  }
  protected override get suffix(): string | undefined {
    return this.unit || undefined;
  }

  protected parsed(): number | undefined {
    return parseLocaleNumber(this.value, this.locale);
  }

  override get modelValue(): unknown {
    return this.value.trim() === '' ? null : (this.parsed() ?? null);
  }
  override set modelValue(value: unknown) {
    this.value = typeof value === 'number' ? formatNumber(value, this.locale) : '';
  }

  protected override formValue(): string | null {
    const parsed = this.parsed();
    if (parsed !== undefined) return String(parsed);
    return this.value === '' ? null : this.value;
  }

  override displayValue(): string {
    const parsed = this.parsed();
    const text = parsed === undefined ? this.value : formatNumber(parsed, this.locale);
    return this.unit && text ? `${text} ${this.unit}` : text;
  }

  protected override validateValue(): FieldProblem | undefined {
    const anchor = this.input;
    const parsed = this.parsed();
    const places = (String(parsed ?? '').split('.')[1] ?? '').length;
    if (parsed === undefined || places > this.decimals) {
      return { flag: 'badInput', key: this.decimals > 0 ? 'field.decimal' : 'field.integer', anchor };
    }
    if (this.min !== undefined && parsed < this.min) {
      return {
        flag: 'rangeUnderflow',
        key: 'field.rangeUnderflow',
        params: { minimum: formatNumber(this.min, this.locale) },
        anchor,
      };
    }
    if (this.max !== undefined && parsed > this.max) {
      return {
        flag: 'rangeOverflow',
        key: 'field.rangeOverflow',
        params: { maximum: formatNumber(this.max, this.locale) },
        anchor,
      };
    }
    return undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-number-field': EfaNumberFieldElement;
  }
}
