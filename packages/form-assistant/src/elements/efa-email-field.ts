import { customElement } from 'lit/decorators.js';
import type { FieldProblem } from './form-associated-element.js';
import { EfaInputFieldBase } from './input-field-base.js';

// The WHATWG "valid e-mail address" grammar, which is what type=email checks natively.
const emailPattern =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

/**
 * An e-mail address question (`type=email`, `autocomplete=email`).
 *
 * @summary Form-associated e-mail field.
 * @csspart base - The wrapper.
 * @csspart label - The label.
 * @csspart hint - The hint.
 * @csspart error - The error message.
 * @csspart control - The input.
 * @fires change - When the user commits a change.
 */
@customElement('efa-email-field')
export class EfaEmailFieldElement extends EfaInputFieldBase {
  protected override get inputType(): string {
    return 'email';
  }
  protected override get autocompleteDefault(): string {
    return 'email';
  }
  protected override validateValue(value: string): FieldProblem | undefined {
    return emailPattern.test(value)
      ? undefined
      : { flag: 'typeMismatch', key: 'field.email', anchor: this.input };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-email-field': EfaEmailFieldElement;
  }
}
