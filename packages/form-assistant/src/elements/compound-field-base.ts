import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { UiMessageKey } from '../messages/ui.js';
import { EfaFormAssociatedElement, type FieldProblem } from './form-associated-element.js';

/** One input of a compound field (address, name). */
export interface PartSpec<K extends string> {
  key: K;
  label: UiMessageKey;
  autocomplete: string;
  required: boolean;
  width?: 5 | 10 | 20;
  inputMode?: 'numeric';
  maxLength: number;
  /** Id of a datalist with suggestions. */
  list?: string;
}

/**
 * Fields made of several text inputs that form one value object. Submitted as FormData
 * entries `name.part` (e.g. `applicant.postcode`), so a plain form posts every part.
 */
export abstract class EfaCompoundFieldBase<K extends string> extends EfaFormAssociatedElement {
  @state() protected parts: Partial<Record<K, string>> = {};

  protected abstract get specs(): PartSpec<K>[];

  protected override get grouped(): boolean {
    return true;
  }

  get modelValue(): unknown {
    if (this.isEmpty()) return null;
    const value: Partial<Record<K, string>> = {};
    for (const spec of this.specs) {
      const text = (this.parts[spec.key] ?? '').trim();
      if (text !== '' || spec.required) value[spec.key] = text;
    }
    return value;
  }
  set modelValue(value: unknown) {
    const next: Partial<Record<K, string>> = {};
    if (value && typeof value === 'object') {
      for (const spec of this.specs) {
        const part = (value as Record<string, unknown>)[spec.key];
        if (typeof part === 'string') next[spec.key] = part;
      }
    }
    this.parts = next;
  }

  protected isEmpty(): boolean {
    return this.specs.every((spec) => (this.parts[spec.key] ?? '').trim() === '');
  }

  protected formValue(): FormData | null {
    if (this.isEmpty()) return null;
    const data = new FormData();
    for (const spec of this.specs) {
      const text = (this.parts[spec.key] ?? '').trim();
      if (text !== '') data.append(`${this.name}.${spec.key}`, text);
    }
    return data;
  }

  protected resetValue(): void {
    this.parts = {};
  }

  protected inputOf(key: K): HTMLInputElement | null {
    return this.shadowRoot?.querySelector(`#${key}`) ?? null;
  }

  protected get focusTarget(): HTMLElement | null {
    const first = this.specs[0];
    return first ? this.inputOf(first.key) : null;
  }

  /** Key of the message when some required parts are missing. */
  protected abstract get incompleteKey(): UiMessageKey;

  protected validateParts(): FieldProblem | undefined {
    return undefined;
  }

  protected validate(): FieldProblem | undefined {
    if (this.isEmpty()) {
      return this.required
        ? { flag: 'valueMissing', key: 'field.required', anchor: this.focusTarget }
        : undefined;
    }
    const missing = this.specs.find((spec) => spec.required && (this.parts[spec.key] ?? '').trim() === '');
    if (missing) return { flag: 'valueMissing', key: this.incompleteKey, anchor: this.inputOf(missing.key) };
    return this.validateParts();
  }

  protected onPartInput(key: K, event: Event): void {
    this.parts = { ...this.parts, [key]: (event.target as HTMLInputElement).value };
    this.userChanged();
  }

  /** Which parts are marked invalid (all of them unless a subclass knows better). */
  protected partInvalid(key: K, invalid: boolean): boolean {
    if (!invalid) return false;
    const problem = this.validate();
    return problem?.anchor ? problem.anchor.id === key : true;
  }

  protected renderPart(spec: PartSpec<K>, invalid: boolean): TemplateResult {
    return html`<div class="part">
      <label class="sublabel" for=${spec.key}>${this.msg(spec.label)}</label>
      <input
        id=${spec.key}
        part="control"
        class="control ${spec.width ? `width-${spec.width}` : ''}"
        type="text"
        inputmode=${spec.inputMode ?? nothing}
        autocomplete=${spec.autocomplete}
        maxlength=${spec.maxLength}
        list=${spec.list ?? nothing}
        .value=${this.parts[spec.key] ?? ''}
        ?disabled=${this.isDisabled}
        ?readonly=${this.readonly}
        aria-invalid=${this.partInvalid(spec.key, invalid) ? 'true' : 'false'}
        @input=${(event: Event) => this.onPartInput(spec.key, event)}
        @change=${this.onPartChange}
      />
    </div>`;
  }

  protected onPartChange(): void {
    this.emitChange();
  }

  protected renderControl(_describedBy: string, invalid: boolean): TemplateResult {
    return html`${this.specs.map((spec) => this.renderPart(spec, invalid))}`;
  }

  displayValue(): string {
    return this.specs
      .map((spec) => (this.parts[spec.key] ?? '').trim())
      .filter(Boolean)
      .join(' ');
  }
}
