import { customElement } from 'lit/decorators.js';
import { EfaInputFieldBase } from './input-field-base.js';

/**
 * A single-line text question.
 *
 * @summary Form-associated text field with label, hint and error in one shadow root.
 * @csspart base - The wrapper.
 * @csspart label - The label.
 * @csspart hint - The hint.
 * @csspart error - The error message.
 * @csspart control - The input.
 * @fires change - When the user commits a change.
 * @fires input - While the user types.
 */
@customElement('efa-text-field')
export class EfaTextFieldElement extends EfaInputFieldBase {}

declare global {
  interface HTMLElementTagNameMap {
    'efa-text-field': EfaTextFieldElement;
  }
}
