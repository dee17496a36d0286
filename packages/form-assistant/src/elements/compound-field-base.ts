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

  /**
   * The parts, in order (the same array while the field's configuration stays). Each subclass
   * renders them in one flat template (`renderControl`), ids being the part keys: a template
   * per part would cost a template instance and marker comments each.
   */
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

  protected override onControlInput(event: Event): void {
    const key = (event.target as Element | null)?.id as K | undefined;
    if (key !== undefined && this.specs.some((spec) => spec.key === key)) this.onPartInput(key, event);
  }

  protected override onControlChange(): void {
    this.emitChange();
  }

  /**
   * `aria-invalid` of each part: all parts of an invalid field unless its problem points at
   * one of them. Validates once per render, not once per part.
   */
  protected partInvalidity(invalid: boolean): (key: K) => boolean {
    if (!invalid) return () => false;
    const anchor = this.validate()?.anchor;
    return (key) => !anchor || anchor.id === key;
  }

  /** The value of one part's input. */
  protected partValue(key: K): string {
    return this.parts[key] ?? '';
  }

  displayValue(): string {
    return this.specs
      .map((spec) => (this.parts[spec.key] ?? '').trim())
      .filter(Boolean)
      .join(' ');
  }
}
