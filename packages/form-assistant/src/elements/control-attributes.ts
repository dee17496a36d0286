import { nothing } from 'lit';
import { Directive, directive, type ElementPart, type PartInfo, PartType } from 'lit/directive.js';

/** What a text input (or textarea) of a field shows: its attributes and its current text. */
export interface ControlState {
  /** The whole class (the template's static `class` is its starting value); undefined: keep it. */
  className?: string;
  type?: string;
  inputMode?: string | undefined;
  autocomplete?: string | undefined;
  value: string;
  required?: boolean;
  disabled: boolean;
  readOnly: boolean;
  invalid: boolean;
  describedBy?: string;
}

/**
 * The changing attributes of an `<input>` as one element part: a binding per attribute costs
 * a part object and a commit each, on every field of a step that may hold hundreds. Only what
 * differs from what the input has is written; an input fresh from the template has the
 * template's class, no type, no value and none of the other attributes (`aria-invalid` is
 * only there while invalid: its absence means valid).
 */
class ControlAttributesDirective extends Directive {
  private className: string | undefined;
  private type = '';
  private inputMode = '';
  private autocomplete = '';
  private value = '';
  private required = false;
  private disabled = false;
  private readOnly = false;
  private invalid = false;
  private describedBy = '';

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('controlAttributes is an element directive');
  }

  render(_state: ControlState): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [state]: [ControlState]): typeof nothing {
    const input = part.element as HTMLInputElement;
    if (state.className !== undefined) {
      this.className ??= input.className;
      if (this.className !== state.className) input.className = this.className = state.className;
    }
    const type = state.type ?? '';
    if (this.type !== type) {
      this.type = type;
      if (type) input.setAttribute('type', type);
      else input.removeAttribute('type');
    }
    this.inputMode = attribute(input, 'inputmode', this.inputMode, state.inputMode ?? '');
    this.autocomplete = attribute(input, 'autocomplete', this.autocomplete, state.autocomplete ?? '');
    // As a `.value` binding: written when the text to show changed, not on every render
    // (writing back what the user just typed would move the cursor).
    if (this.value !== state.value) input.value = this.value = state.value;
    const required = state.required ?? false;
    if (this.required !== required) input.required = this.required = required;
    if (this.disabled !== state.disabled) input.disabled = this.disabled = state.disabled;
    if (this.readOnly !== state.readOnly) input.readOnly = this.readOnly = state.readOnly;
    if (this.invalid !== state.invalid) {
      this.invalid = state.invalid;
      if (state.invalid) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    this.describedBy = attribute(input, 'aria-describedby', this.describedBy, state.describedBy ?? '');
    return nothing;
  }
}

/** Sets or removes (empty) an attribute when it changed; returns the new value. */
function attribute(element: Element, name: string, old: string, value: string): string {
  if (old === value) return old;
  if (value) element.setAttribute(name, value);
  else element.removeAttribute(name);
  return value;
}

export const controlAttributes = directive(ControlAttributesDirective);
