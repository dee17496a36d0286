import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { controlAttributes } from './control-attributes.js';
import { EfaFormAssociatedElement, type FieldProblem } from './form-associated-element.js';

/**
 * Shared by fields that are one `<input>`: text, email, phone, numbers, money and IBAN. The
 * `value` attribute is the default value (as with a native input); the `value` property is the
 * current text.
 */
export abstract class EfaInputFieldBase extends EfaFormAssociatedElement {
  /** The default value, restored by a form reset. */
  @property({ attribute: 'value' }) defaultValue = '';
  @property({ type: Number }) minlength = 0;
  /**
   * Longest answer. Checked, not enforced by the input: a native `maxlength` would cut pasted
   * text off without telling anyone (GOV.UK's advice), so longer text stays and is an error.
   */
  @property({ type: Number }) maxlength = 0;
  /** A regular expression the whole value must match (as in HTML's `pattern`). */
  @property() pattern = '';
  /** Character width of the input (GOV.UK fixed widths: 2, 4, 5, 10, 20); 0 fills the line. */
  @property({ type: Number }) width = 0;

  protected get input(): HTMLElement | null {
    return this.shadowRoot?.querySelector('#control') ?? null;
  }

  private current: string | undefined;

  /** The text as typed. */
  get value(): string {
    return this.current ?? this.defaultValue;
  }
  set value(value: string) {
    const old = this.value;
    this.current = String(value ?? '');
    this.requestUpdate('value', old);
  }

  protected get inputType(): string {
    return 'text';
  }
  /** The host's own `inputmode` attribute is passed on; kinds set their own default. */
  protected get controlInputMode(): string | undefined {
    return this.getAttribute('inputmode') ?? undefined;
  }
  protected get autocompleteDefault(): string | undefined {
    return undefined;
  }
  protected get suffix(): string | undefined {
    return undefined;
  }

  protected get focusTarget(): HTMLElement | null {
    return this.input;
  }

  protected resetValue(): void {
    this.current = undefined;
    this.requestUpdate();
  }

  protected formValue(): string | FormData | null {
    return this.value === '' ? null : this.value;
  }

  get modelValue(): unknown {
    const trimmed = this.value.trim();
    return trimmed === '' ? null : trimmed;
  }
  set modelValue(value: unknown) {
    this.value = value === null || value === undefined ? '' : String(value);
  }

  displayValue(): string {
    return this.value.trim();
  }

  /** Kind-specific checks after required, length and pattern. */
  protected validateValue(_value: string): FieldProblem | undefined {
    return undefined;
  }

  protected validate(): FieldProblem | undefined {
    const value = this.value.trim();
    const anchor = this.input;
    if (value === '')
      return this.required ? { flag: 'valueMissing', key: 'field.required', anchor } : undefined;
    if (this.minlength > 0 && value.length < this.minlength) {
      return { flag: 'tooShort', key: 'field.tooShort', params: { minimum: this.minlength }, anchor };
    }
    if (this.maxlength > 0 && value.length > this.maxlength) {
      return { flag: 'tooLong', key: 'field.tooLong', params: { maximum: this.maxlength }, anchor };
    }
    if (this.pattern && !new RegExp(`^(?:${this.pattern})$`, 'u').test(value)) {
      return { flag: 'patternMismatch', key: 'field.pattern', anchor };
    }
    return this.validateValue(value);
  }

  protected onInput(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.value = input.value;
    this.userChanged();
  }

  /** Reformats on leaving the field (money, numbers); the default keeps the text. */
  protected normalise(): void {}

  protected onChange(): void {
    this.normalise();
    this.emitChange();
  }

  /**
   * Whether the control is one `<input>` (with the kind's suffix); then `render` writes label,
   * hint, error and input in one template (a step holds hundreds of these fields). Subclasses
   * with another control turn it off and implement `renderControl`.
   */
  protected get singleInput(): boolean {
    return true;
  }

  override render(): TemplateResult {
    if (!this.singleInput) return super.render();
    const { invalid, message, describedBy, label, prefix } = this.fieldTexts();
    const suffix = this.suffix;
    const control = controlAttributes({
      className: this.width ? `control width-${this.width}` : 'control',
      type: this.inputType,
      inputMode: this.controlInputMode,
      autocomplete: this.autocomplete || this.autocompleteDefault,
      value: this.value,
      required: this.required,
      disabled: this.isDisabled,
      readOnly: this.readonly,
      invalid,
      describedBy,
    });
    // The base template with the input where `renderControl` would go; the input's changing
    // attributes in one part.
    return suffix
      ? html`<div class="field ${invalid ? 'field--invalid' : ''}" part="base"
          ><label class="label" part="label" for="control" .textContent=${label}></label
          >${this.renderNotes(invalid, prefix, message)}<div class="affix"
            ><input id="control" part="control" class="control" spellcheck="false" ${control}
              @input=${this.onInput} @change=${this.onChange}
            /><span aria-hidden="true" .textContent=${suffix}></span></div
        ></div>`
      : html`<div class="field ${invalid ? 'field--invalid' : ''}" part="base"
          ><label class="label" part="label" for="control" .textContent=${label}></label
          >${this.renderNotes(invalid, prefix, message)}<input id="control" part="control" class="control" spellcheck="false" ${control}
            @input=${this.onInput} @change=${this.onChange}
        /></div>`;
  }

  /** Only called when a subclass turns `singleInput` off; it then renders its control here. */
  protected renderControl(_describedBy: string, _invalid: boolean): unknown {
    return nothing;
  }
}
