import { token } from '@efa-kit/theme';
import { css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { controlAttributes } from './control-attributes.js';
import { fieldSheet } from './form-associated-element.js';
import { EfaInputFieldBase } from './input-field-base.js';

/**
 * A multi-line text question. With `maxlength` it counts the characters left (GOV.UK
 * character count): the count is shown under the field and announced after a pause in
 * typing, and text over the limit stays in the field, marked as an error, instead of being cut
 * off silently as the native `maxlength` would.
 *
 * @summary Form-associated multi-line text field.
 * @csspart base - The wrapper.
 * @csspart label - The label.
 * @csspart hint - The hint.
 * @csspart error - The error message.
 * @csspart control - The textarea.
 * @csspart count - The characters left.
 * @fires change - When the user commits a change.
 */
@customElement('efa-textarea')
export class EfaTextareaElement extends EfaInputFieldBase {
  static override styles = [
    css`
      ${fieldSheet}
      .over {
        color: ${token.colorDanger};
        font-weight: 600;
      }
    `,
  ];

  @property({ type: Number }) rows = 5;

  /** The count screen readers hear: updated only after typing pauses, not per keystroke. */
  @state() private spokenCount = '';
  private countTimer: ReturnType<typeof setTimeout> | undefined;

  private countText(): string {
    const left = this.maxlength - this.value.length;
    return left >= 0
      ? this.msg('field.charactersLeft', { count: left })
      : this.msg('field.charactersOver', { count: -left });
  }

  protected override onInput(event: Event): void {
    super.onInput(event);
    if (this.maxlength <= 0) return;
    clearTimeout(this.countTimer);
    this.countTimer = setTimeout(() => {
      this.spokenCount = this.countText();
    }, 1000);
  }

  protected override get singleInput(): boolean {
    return false;
  }

  protected override renderControl(describedBy: string, invalid: boolean): TemplateResult {
    return html`<textarea
      id="control"
      part="control"
      class="control"
      rows=${this.rows}
      ${controlAttributes({
        autocomplete: this.autocomplete,
        value: this.value,
        required: this.required,
        disabled: this.isDisabled,
        readOnly: this.readonly,
        invalid,
        describedBy: this.maxlength > 0 ? `${describedBy} count-hint`.trim() : describedBy,
      })}
      @input=${this.onInput}
      @change=${this.onChange}
    ></textarea>${
      this.maxlength > 0
        ? html`<div class="hint ${this.value.length > this.maxlength ? 'over' : ''}" part="count" aria-hidden="true"
              >${this.countText()}</div
            ><div id="count-hint" class="visually-hidden">${this.msg('field.charactersMax', { maximum: this.maxlength })}</div
            ><div class="visually-hidden" aria-live="polite">${this.spokenCount}</div>`
        : nothing
    }`;
  }

  protected override get focusTarget(): HTMLElement | null {
    return this.shadowRoot?.querySelector('#control') ?? null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-textarea': EfaTextareaElement;
  }
}
