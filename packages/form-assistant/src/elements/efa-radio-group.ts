import { nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { type ChoiceOption, type OptionRowsState, optionsConverter } from './choice-options.js';
import { EfaFormAssociatedElement, type FieldProblem } from './form-associated-element.js';

/**
 * A single choice as radio buttons in a fieldset (native radios: arrow keys move and select,
 * Tab leaves the group).
 *
 * @summary Form-associated radio group.
 * @csspart base - The wrapper.
 * @csspart label - The legend.
 * @csspart hint - The hint.
 * @csspart error - The error message.
 * @csspart control - Each radio input.
 * @fires change - When the user picks an answer.
 */
@customElement('efa-radio-group')
export class EfaRadioGroupElement extends EfaFormAssociatedElement {
  @property({ converter: optionsConverter }) options: ChoiceOption[] = [];
  /** Default answer, restored by a form reset. */
  @property({ attribute: 'value' }) defaultValue = '';
  /** Options side by side (for two short answers such as yes/no). */
  @property({ type: Boolean }) inline = false;

  @state() private current: string | undefined;

  protected override get grouped(): boolean {
    return true;
  }

  protected get choices(): ChoiceOption[] {
    return this.options;
  }

  get value(): string {
    return this.current ?? this.defaultValue;
  }
  set value(value: string) {
    this.current = value;
  }

  get modelValue(): unknown {
    return this.value || null;
  }
  set modelValue(value: unknown) {
    this.current = typeof value === 'string' ? value : '';
  }

  displayValue(): string {
    return this.choices.find((option) => option.value === this.value)?.label ?? '';
  }

  protected formValue(): string | null {
    return this.value || null;
  }
  protected resetValue(): void {
    this.current = undefined;
  }

  protected get focusTarget(): HTMLElement | null {
    const root = this.shadowRoot;
    return root?.querySelector('input:checked') ?? root?.querySelector('input') ?? null;
  }

  protected validate(): FieldProblem | undefined {
    if (this.required && !this.value)
      return { flag: 'valueMissing', key: 'field.choiceRequired', anchor: this.focusTarget };
    return undefined;
  }

  protected override onControlChange(event: Event): void {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'radio') return;
    this.current = input.value;
    this.userChanged();
    this.touched();
    this.emitChange();
  }

  /** Never called: the rows are in the field's own template (`optionRowsOf`). */
  protected renderControl(): typeof nothing {
    return nothing;
  }

  protected override optionRowsOf(invalid: boolean): { className: string; rows: OptionRowsState } {
    const value = this.value;
    const disabled = this.isDisabled;
    const readonly = this.readonly;
    return {
      className: this.inline ? 'inline' : '',
      rows: {
        type: 'radio',
        name: 'choice',
        options: this.choices,
        checked: (option) => option === value,
        disabled: (option) => disabled || (readonly && option !== value),
        invalid,
      },
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-radio-group': EfaRadioGroupElement;
  }
}
