import { customElement } from 'lit/decorators.js';
import type { ChoiceOption } from './choice-options.js';
import { EfaRadioGroupElement } from './efa-radio-group.js';

/**
 * A yes/no question: two inline radios, submitted as "true"/"false", model value a boolean.
 *
 * @summary Form-associated yes/no question.
 * @csspart base - The wrapper.
 * @csspart label - The legend.
 * @csspart hint - The hint.
 * @csspart error - The error message.
 * @csspart control - Each radio input.
 * @fires change - When the user picks an answer.
 */
@customElement('efa-yes-no-field')
export class EfaYesNoFieldElement extends EfaRadioGroupElement {
  override inline = true;

  protected override get choices(): ChoiceOption[] {
    return [
      { value: 'true', label: this.msg('choice.yes') },
      { value: 'false', label: this.msg('choice.no') },
    ];
  }

  override get modelValue(): unknown {
    return this.value === '' ? null : this.value === 'true';
  }
  override set modelValue(value: unknown) {
    this.value = typeof value === 'boolean' ? String(value) : '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-yes-no-field': EfaYesNoFieldElement;
  }
}
