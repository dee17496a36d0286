import { html, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { type ChoiceOption, optionsConverter } from './choice-options.js';
import { EfaFormAssociatedElement, type FieldProblem } from './form-associated-element.js';

/**
 * A single choice as a native select, for long code lists (more than about seven options).
 *
 * @summary Form-associated select.
 * @csspart base - The wrapper.
 * @csspart label - The label.
 * @csspart hint - The hint.
 * @csspart error - The error message.
 * @csspart control - The select.
 * @fires change - When the user picks an answer.
 */
@customElement('efa-select-field')
export class EfaSelectFieldElement extends EfaFormAssociatedElement {
  @property({ converter: optionsConverter }) options: ChoiceOption[] = [];
  @property({ attribute: 'value' }) defaultValue = '';

  @state() private current: string | undefined;

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
    return this.options.find((option) => option.value === this.value)?.label ?? '';
  }

  protected formValue(): string | null {
    return this.value || null;
  }
  protected resetValue(): void {
    this.current = undefined;
  }
  protected get focusTarget(): HTMLElement | null {
    return this.shadowRoot?.querySelector('select') ?? null;
  }

  protected validate(): FieldProblem | undefined {
    if (this.required && !this.value)
      return { flag: 'valueMissing', key: 'field.choiceRequired', anchor: this.focusTarget };
    return undefined;
  }

  private onPick(event: Event): void {
    this.current = (event.target as HTMLSelectElement).value;
    this.userChanged();
    this.emitChange();
  }

  protected renderControl(describedBy: string, invalid: boolean): TemplateResult {
    return html`<select
      id="control"
      part="control"
      class="control"
      autocomplete=${this.autocomplete || 'off'}
      ?disabled=${this.isDisabled || this.readonly}
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby=${describedBy || undefined}
      @change=${this.onPick}
    >
      <option value="" ?selected=${this.value === ''}>${this.msg('choice.placeholder')}</option>
      ${this.options.map((option) => html`<option .value=${option.value} ?selected=${option.value === this.value}>${option.label}</option>`)}
    </select>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-select-field': EfaSelectFieldElement;
  }
}
