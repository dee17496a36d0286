import { customElement } from 'lit/decorators.js';
import type { FieldProblem } from './form-associated-element.js';
import { EfaInputFieldBase } from './input-field-base.js';

/**
 * A telephone number question. Accepts the ways people write German and international numbers
 * ("0351 123 45-67", "+49 (351) 1234567"); at least 5 and at most 15 digits (ITU-T E.164).
 *
 * @summary Form-associated telephone field.
 * @csspart base - The wrapper.
 * @csspart label - The label.
 * @csspart hint - The hint.
 * @csspart error - The error message.
 * @csspart control - The input.
 * @fires change - When the user commits a change.
 */
@customElement('efa-phone-field')
export class EfaPhoneFieldElement extends EfaInputFieldBase {
  protected override get inputType(): string {
    return 'tel';
  }
  protected override get autocompleteDefault(): string {
    return 'tel';
  }
  protected override validateValue(value: string): FieldProblem | undefined {
    const digits = value.replace(/\D/g, '').length;
    const ok = /^\+?[0-9 ()/.-]+$/.test(value) && digits >= 5 && digits <= 15;
    return ok ? undefined : { flag: 'typeMismatch', key: 'field.phone', anchor: this.input };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-phone-field': EfaPhoneFieldElement;
  }
}
