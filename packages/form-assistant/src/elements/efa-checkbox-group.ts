import { nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { type ChoiceOption, type OptionRowsState, optionsConverter } from './choice-options.js';
import { EfaFormAssociatedElement, type FieldProblem } from './form-associated-element.js';

/**
 * A multiple choice as checkboxes in a fieldset. Submits one entry per selected value under
 * its name (as native checkboxes do); the model value is the array of selected values.
 *
 * @summary Form-associated checkbox group.
 * @csspart base - The wrapper.
 * @csspart label - The legend.
 * @csspart hint - The hint.
 * @csspart error - The error message.
 * @csspart control - Each checkbox.
 * @fires change - When the user checks or unchecks an answer.
 */
@customElement('efa-checkbox-group')
export class EfaCheckboxGroupElement extends EfaFormAssociatedElement {
  @property({ converter: optionsConverter }) options: ChoiceOption[] = [];
  /** Fewest answers to pick (with `required`, at least 1). */
  @property({ type: Number, attribute: 'min-selected' }) minSelected = 0;
  /** Most answers to pick; 0 for no limit. */
  @property({ type: Number, attribute: 'max-selected' }) maxSelected = 0;

  @state() private selected: string[] = [];

  protected override get grouped(): boolean {
    return true;
  }

  get value(): string[] {
    return [...this.selected];
  }
  set value(value: string[]) {
    this.selected = Array.isArray(value) ? value.map(String) : [];
  }

  get modelValue(): unknown {
    return this.value;
  }
  set modelValue(value: unknown) {
    this.value = Array.isArray(value) ? value.map(String) : [];
  }

  displayValue(): string {
    return this.options
      .filter((option) => this.selected.includes(option.value))
      .map((option) => option.label)
      .join(', ');
  }

  protected formValue(): FormData | null {
    if (this.selected.length === 0) return null;
    const data = new FormData();
    for (const value of this.selected) data.append(this.name, value);
    return data;
  }
  protected resetValue(): void {
    this.selected = [];
  }
  protected get focusTarget(): HTMLElement | null {
    return this.shadowRoot?.querySelector('input') ?? null;
  }

  protected validate(): FieldProblem | undefined {
    const count = this.selected.length;
    const anchor = this.focusTarget;
    const minimum = Math.max(this.minSelected, this.required ? 1 : 0);
    if (count === 0 && minimum > 0) return { flag: 'valueMissing', key: 'field.choiceRequired', anchor };
    if (count > 0 && count < minimum)
      return { flag: 'rangeUnderflow', key: 'choice.tooFew', params: { minimum }, anchor };
    if (this.maxSelected > 0 && count > this.maxSelected) {
      return { flag: 'rangeOverflow', key: 'choice.tooMany', params: { maximum: this.maxSelected }, anchor };
    }
    return undefined;
  }

  protected override onControlChange(event: Event): void {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'checkbox') return;
    const others = this.selected.filter((value) => value !== input.value);
    // Keep the order of the options, not the order of clicks.
    const next = input.checked ? [...others, input.value] : others;
    this.selected = this.options.map((option) => option.value).filter((value) => next.includes(value));
    this.userChanged();
    this.emitChange();
  }

  /** Never called: the rows are in the field's own template (`optionRowsOf`). */
  protected renderControl(): typeof nothing {
    return nothing;
  }

  protected override optionRowsOf(invalid: boolean): { className: string; rows: OptionRowsState } {
    const disabled = this.isDisabled || this.readonly;
    const selected = this.selected;
    return {
      className: '',
      rows: {
        type: 'checkbox',
        options: this.options,
        checked: (option) => selected.includes(option),
        disabled: () => disabled,
        invalid,
      },
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-checkbox-group': EfaCheckboxGroupElement;
  }
}
