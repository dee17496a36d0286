import { customElement, property } from 'lit/decorators.js';
import type { FieldProblem } from './form-associated-element.js';
import { EfaInputFieldBase } from './input-field-base.js';
import { formatCents, parseLocaleCents } from './number-format.js';

/**
 * A euro amount. Typed as "1.234,50" (de) or "1,234.50" (en), stored and submitted as integer
 * cents ("123450"), as money is everywhere in the kit; reformatted when the user leaves it.
 *
 * @summary Form-associated money field (cents).
 * @csspart base - The wrapper.
 * @csspart label - The label.
 * @csspart hint - The hint.
 * @csspart error - The error message.
 * @csspart control - The input.
 * @fires change - When the user commits a change.
 */
@customElement('efa-money-field')
export class EfaMoneyFieldElement extends EfaInputFieldBase {
  /** Smallest amount in cents. */
  @property({ type: Number }) min: number | undefined;
  /** Largest amount in cents. */
  @property({ type: Number }) max: number | undefined;

  protected override get controlInputMode(): string {
    return 'decimal';
  }
  protected override get suffix(): string {
    return '€';
  }

  /** The amount in cents, or undefined while the text is not an amount. */
  get cents(): number | undefined {
    return parseLocaleCents(this.value, this.locale);
  }

  override get modelValue(): unknown {
    return this.value.trim() === '' ? null : (this.cents ?? null);
  }
  override set modelValue(value: unknown) {
    this.value =
      typeof value === 'number' && Number.isSafeInteger(value) ? formatCents(value, this.locale) : '';
  }

  protected override formValue(): string | null {
    const cents = this.cents;
    if (cents !== undefined) return String(cents);
    return this.value === '' ? null : this.value;
  }

  override displayValue(): string {
    const cents = this.cents;
    return cents === undefined ? this.value : `${formatCents(cents, this.locale)} €`;
  }

  protected override normalise(): void {
    const cents = this.cents;
    if (cents !== undefined) this.value = formatCents(cents, this.locale);
  }

  protected override validateValue(): FieldProblem | undefined {
    const anchor = this.input;
    const cents = this.cents;
    if (cents === undefined) return { flag: 'badInput', key: 'field.money', anchor };
    if (this.min !== undefined && cents < this.min) {
      return {
        flag: 'rangeUnderflow',
        key: 'field.rangeUnderflow',
        params: { minimum: `${formatCents(this.min, this.locale)} €` },
        anchor,
      };
    }
    if (this.max !== undefined && cents > this.max) {
      return {
        flag: 'rangeOverflow',
        key: 'field.rangeOverflow',
        params: { maximum: `${formatCents(this.max, this.locale)} €` },
        anchor,
      };
    }
    return undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-money-field': EfaMoneyFieldElement;
  }
}
