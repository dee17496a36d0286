import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { customElement } from 'lit/decorators.js';
import { groupIban } from '../validation/display.js';
import type { FieldProblem } from './form-associated-element.js';
import { EfaInputFieldBase } from './input-field-base.js';

export { groupIban };

/**
 * An IBAN. Groups the characters in fours while the user types (keeping the cursor where it
 * was), accepts pasted IBANs with spaces or dashes, and checks country, length and the
 * ISO 13616 check digits with ibantools. Submitted in electronic format without spaces.
 *
 * @summary Form-associated IBAN field with grouping and check-digit validation.
 * @csspart base - The wrapper.
 * @csspart label - The label.
 * @csspart hint - The hint.
 * @csspart error - The error message.
 * @csspart control - The input.
 * @fires change - When the user commits a change.
 */
@customElement('efa-iban-field')
export class EfaIbanFieldElement extends EfaInputFieldBase {
  /** The IBAN without spaces, upper case. */
  get iban(): string {
    return electronicFormatIBAN(this.value) ?? '';
  }

  protected override get autocompleteDefault(): string {
    return 'off';
  }

  override get modelValue(): unknown {
    return this.iban === '' ? null : this.iban;
  }
  override set modelValue(value: unknown) {
    this.value = typeof value === 'string' ? groupIban(electronicFormatIBAN(value) ?? '') : '';
  }

  protected override formValue(): string | null {
    return this.iban === '' ? null : this.iban;
  }

  override displayValue(): string {
    return groupIban(this.iban);
  }

  protected override onInput(event: Event): void {
    const input = event.target as HTMLInputElement;
    const caret = input.selectionStart ?? input.value.length;
    // Count the significant characters before the cursor, regroup, and put the cursor back
    // behind the same character: typing in the middle must not jump to the end.
    const before = input.value.slice(0, caret).replace(/[^0-9a-z]/gi, '').length;
    const grouped = groupIban((electronicFormatIBAN(input.value) ?? '').slice(0, 34));
    let position = 0;
    for (let seen = 0; position < grouped.length && seen < before; position++) {
      if (grouped[position] !== ' ') seen++;
    }
    input.value = grouped;
    input.setSelectionRange(position, position);
    this.value = grouped;
    this.userChanged();
  }

  protected override validateValue(): FieldProblem | undefined {
    const iban = this.iban;
    if (!/^[A-Z]{2}/.test(iban)) return { flag: 'typeMismatch', key: 'iban.country', anchor: this.input };
    return isValidIBAN(iban) ? undefined : { flag: 'typeMismatch', key: 'iban.invalid', anchor: this.input };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-iban-field': EfaIbanFieldElement;
  }
}
