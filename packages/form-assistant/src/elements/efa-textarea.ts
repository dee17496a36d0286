import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { EfaInputFieldBase } from './input-field-base.js';

/**
 * A multi-line text question.
 *
 * @summary Form-associated multi-line text field.
 * @csspart base - The wrapper.
 * @csspart label - The label.
 * @csspart hint - The hint.
 * @csspart error - The error message.
 * @csspart control - The textarea.
 * @fires change - When the user commits a change.
 */
@customElement('efa-textarea')
export class EfaTextareaElement extends EfaInputFieldBase {
  @property({ type: Number }) rows = 5;

  protected override renderControl(describedBy: string, invalid: boolean): TemplateResult {
    return html`<textarea
      id="control"
      part="control"
      class="control"
      rows=${this.rows}
      autocomplete=${this.autocomplete || nothing}
      .value=${this.value}
      ?required=${this.required}
      ?disabled=${this.isDisabled}
      ?readonly=${this.readonly}
      maxlength=${this.maxlength > 0 ? this.maxlength : nothing}
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby=${describedBy || nothing}
      @input=${this.onInput}
      @change=${this.onChange}
    ></textarea>`;
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
