import type { Locale, MessageParams } from '@efa-kit/core';
import { elementLocale } from '@efa-kit/core/elements';
import { focusRing, formControlStyles, hostStyles, token, visuallyHidden } from '@efa-kit/theme';
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { t, type UiMessageKey } from '../messages/ui.js';
import { type OptionRowsState, optionRows } from './choice-options.js';

/** A broken constraint: the validity flag it sets and the catalogue text that explains it. */
export interface FieldProblem {
  flag: keyof ValidityStateFlags;
  key: UiMessageKey;
  params?: MessageParams;
  /** The inner control the browser's bubble and the error summary point at. */
  anchor?: HTMLElement | null;
}

/** Everything the conformance suite and `<efa-form>` rely on, whatever the field kind. */
export interface FormField extends HTMLElement {
  name: string;
  label: string;
  required: boolean;
  disabled: boolean;
  error: string;
  modelValue: unknown;
  readonly form: HTMLFormElement | null;
  readonly validity: ValidityState;
  readonly validationMessage: string;
  readonly willValidate: boolean;
  checkValidity(): boolean;
  reportValidity(): boolean;
  /** Shows the label and focuses the control (a compound field's `part`: that input). */
  revealAndFocus(part?: string): void;
  /** Human-readable answer for the check-your-answers page. */
  displayValue(): string;
}

const implicitSubmitTypes = new Set(['text', 'email', 'tel', 'search', 'url', 'password', 'number']);

export const fieldStyles = css`
  :host {
    display: block;
    margin-block-end: ${token.spaceL};
  }
  [hidden] {
    display: none !important;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  legend {
    padding: 0;
  }
  .field--invalid {
    border-inline-start: 4px solid ${token.colorDanger};
    padding-inline-start: ${token.spaceM};
  }
  .control:disabled,
  input:disabled,
  select:disabled,
  textarea:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .control[readonly] {
    background: ${token.colorSurface};
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: ${token.spaceM};
  }
  .part {
    display: flex;
    flex-direction: column;
  }
  .width-2 {
    width: 5ch;
    flex: 0 0 auto;
    box-sizing: content-box;
  }
  .width-4 {
    width: 7ch;
    flex: 0 0 auto;
    box-sizing: content-box;
  }
  .width-5 {
    max-width: 10ch;
  }
  .width-10 {
    max-width: 20ch;
  }
  .width-20 {
    max-width: 34ch;
  }
  .sublabel {
    display: block;
    margin-block-end: ${token.spaceXs};
  }
  .option {
    display: flex;
    align-items: flex-start;
    gap: ${token.spaceS};
    margin-block-end: ${token.spaceS};
    min-height: 44px;
  }
  .option input {
    width: 1.5rem;
    height: 1.5rem;
    margin: 0.1rem 0 0;
    flex: 0 0 auto;
    accent-color: ${token.colorAction};
  }
  .option label {
    padding-block: 0.1rem;
    cursor: pointer;
  }
  .inline {
    display: flex;
    flex-wrap: wrap;
    gap: 0 ${token.spaceL};
  }
  .affix {
    display: flex;
    align-items: stretch;
  }
  .affix .control {
    border-start-end-radius: 0;
    border-end-end-radius: 0;
  }
  .affix span {
    display: flex;
    align-items: center;
    padding-inline: ${token.spaceS};
    border: ${token.borderWidth} solid ${token.colorInputBorder};
    border-inline-start: 0;
    background: ${token.colorSurface};
  }
`;

/**
 * Theme and field styles as one stylesheet: every field's shadow root adopts it, and adopting
 * one sheet costs a fraction of adopting five (a step may hold hundreds of fields).
 */
export const fieldSheet = css`
  ${hostStyles}
  ${focusRing}
  ${visuallyHidden}
  ${formControlStyles}
  ${fieldStyles}
`;

/**
 * The one base of every field: a form-associated custom element on `ElementInternals`. It
 * submits its value with the surrounding `<form>`, reports validity (so `form.checkValidity()`
 * and `:invalid` work), resets, follows `<fieldset disabled>`, restores its state after
 * navigation, and keeps label, hint and error in the same shadow root as the control, because
 * ARIA references cannot cross a shadow boundary.
 *
 * Custom states (`:state(...)`) for styling from outside: `required`, `optional`, `invalid`,
 * `valid`, `user-invalid`, `user-valid`, `disabled`.
 */
export abstract class EfaFormAssociatedElement extends LitElement implements FormField {
  static formAssociated = true;
  static override shadowRootOptions: ShadowRootInit = {
    ...LitElement.shadowRootOptions,
    delegatesFocus: true,
  };
  static override styles = [fieldSheet];

  protected readonly internals: ElementInternals = this.attachInternals();

  /** The name the value is submitted under. */
  @property() name = '';
  /** The question, shown as the label or legend. */
  @property() label = '';
  /** A hint under the label, read with the control. */
  @property() hint = '';
  @property({ type: Boolean }) required = false;
  @property({ type: Boolean, reflect: true }) disabled = false;
  /** Locked, e.g. prefilled from a verified identity: submitted, but not editable. */
  @property({ type: Boolean }) readonly = false;
  /**
   * An error from outside (the form's schema validation, the server). While set it is the
   * validation message and is shown; the form clears it when the input becomes valid.
   */
  @property() error = '';
  /** `autocomplete` token passed to the control (browser autofill works through shadow DOM). */
  @property() autocomplete = '';
  /**
   * Show constraint errors only when asked (reportValidity, form submit, `error`), not when
   * the user leaves the field: an error appearing on blur shifts the page under a pointer on
   * its way to "Next". `<efa-form>` sets it and validates per step.
   */
  @property({ type: Boolean, attribute: 'defer-errors' }) deferErrors = false;
  /** `de` (default) or `en`; falls back to the nearest `lang` of the document. */
  @property() override lang = '';

  @state() protected formDisabled = false;
  /** Set once the user has changed the value and left the field, or on reportValidity/submit. */
  @state() protected showErrors = false;
  @state() protected dirty = false;

  /** Whether willUpdate of the current update set the validity. */
  private syncedBeforeRender = false;
  /**
   * The text value and state last handed to setFormValue (undefined: FormData). A new element
   * submits nothing, and an empty field's state is `null`: an untouched empty field (most of
   * a long step) needs no call.
   */
  private submitted: string | null | undefined = null;
  private submittedState: string | undefined = 'null';
  private statesKey = '';

  /** Whether the keyboard and focus listeners are on (from the first focus inside on). */
  private listening = false;

  constructor() {
    super();
    // Shared listener functions, not closures per field: a step creates hundreds of fields.
    // Enter and leaving the field need focus inside it first, so those listeners wait for it.
    this.addEventListener('invalid', EfaFormAssociatedElement.onInvalid);
    this.addEventListener('focusin', EfaFormAssociatedElement.onFocusIn);
  }

  private static onInvalid(event: Event): void {
    (event.currentTarget as EfaFormAssociatedElement).showErrors = true;
  }

  private static onFocusIn(event: Event): void {
    const field = event.currentTarget as EfaFormAssociatedElement;
    if (field.listening) return;
    field.listening = true;
    field.addEventListener('keydown', EfaFormAssociatedElement.onKeyDown);
    field.addEventListener('focusout', EfaFormAssociatedElement.onFocusOut);
  }

  private static onKeyDown(event: KeyboardEvent): void {
    // Implicit submission does not cross the shadow boundary: the inner input belongs to no
    // form. Enter in a one-line text input submits the host's form, as it would natively.
    const field = event.currentTarget as EfaFormAssociatedElement;
    const target = event.composedPath()[0];
    if (event.key !== 'Enter' || event.isComposing || event.defaultPrevented) return;
    if (!(target instanceof HTMLInputElement) || !implicitSubmitTypes.has(target.type)) return;
    const form = field.internals.form;
    if (!form) return;
    event.preventDefault();
    const submitter = form.querySelector<HTMLElement>(
      'button:not([type]), button[type="submit"], input[type="submit"]',
    );
    if (submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement) {
      if (!submitter.disabled) form.requestSubmit(submitter);
    } else {
      form.requestSubmit();
    }
  }

  private static onFocusOut(event: FocusEvent): void {
    const field = event.currentTarget as EfaFormAssociatedElement;
    const next = event.relatedTarget;
    if (next instanceof Node && field.contains(next)) return;
    if (field.dirty) field.touched();
  }

  get locale(): Locale {
    return elementLocale(this);
  }

  /** An English field renders once the English texts are here: no German flashes first. */
  // biome-ignore lint/suspicious/noConfusingVoidType: Lit's own signature of scheduleUpdate.
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = t.ready(this.locale);
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected msg(key: UiMessageKey, params?: MessageParams): string {
    return t(this.locale, key, params);
  }

  get form(): HTMLFormElement | null {
    return this.internals.form;
  }
  get validity(): ValidityState {
    return this.internals.validity;
  }
  get validationMessage(): string {
    return this.internals.validationMessage;
  }
  get willValidate(): boolean {
    return this.internals.willValidate;
  }
  get isDisabled(): boolean {
    return this.disabled || this.formDisabled;
  }

  checkValidity(): boolean {
    this.syncValidity();
    return this.internals.checkValidity();
  }

  reportValidity(): boolean {
    this.syncValidity();
    this.showErrors = true;
    return this.internals.reportValidity();
  }

  /** The model value `<efa-form>` reads and writes (typed per field kind). */
  abstract get modelValue(): unknown;
  abstract set modelValue(value: unknown);

  abstract displayValue(): string;

  /** The current value as submitted with a native form (null: nothing). */
  protected abstract formValue(): string | FormData | null;
  /**
   * Serialised state the browser hands back in `formStateRestoreCallback` (after back/forward
   * navigation or autofill): the model value as JSON.
   */
  protected stateValue(): string {
    return JSON.stringify(this.modelValue ?? null);
  }
  protected restoreState(state: string): void {
    try {
      this.modelValue = JSON.parse(state) as unknown;
    } catch {
      // A state from an older version of the element: keep the default rather than break.
    }
  }
  protected abstract resetValue(): void;
  protected abstract validate(): FieldProblem | undefined;
  /**
   * `describedBy` holds the hint and error ids; grouped fields put them on the fieldset, so
   * they receive an empty string and only mark their invalid parts. Not called for fields
   * with option rows (`optionRowsOf`).
   */
  protected abstract renderControl(describedBy: string, invalid: boolean): unknown;
  /**
   * The option rows of a radio or checkbox group and the class of their container: they are
   * rendered in the field's own template (no template instance for the control).
   */
  protected optionRowsOf(_invalid: boolean): { className: string; rows: OptionRowsState } | undefined {
    return undefined;
  }
  /**
   * `input` and `change` of the controls of a grouped field, listened to once on its fieldset
   * rather than on each control (an address has five inputs; a step may hold many addresses).
   */
  protected onControlInput(_event: Event): void {}
  protected onControlChange(_event: Event): void {}
  /** Fields with several controls render a fieldset with a legend instead of a label. */
  protected get grouped(): boolean {
    return false;
  }
  /** The inner control a label points at, and the first to receive focus. */
  protected abstract get focusTarget(): HTMLElement | null;

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  formResetCallback(): void {
    this.resetValue();
    this.error = '';
    this.dirty = false;
    this.showErrors = false;
  }

  formStateRestoreCallback(
    state: string | File | FormData | null,
    _reason: 'autocomplete' | 'restore',
  ): void {
    if (typeof state === 'string') this.restoreState(state);
  }

  /** GOV.UK error summary behaviour: show the question, then put the cursor in its control. */
  revealAndFocus(part?: string): void {
    const heading = this.renderRoot.querySelector('legend, label');
    heading?.scrollIntoView({ block: 'start' });
    // A compound field's part ("postcode") is the input of that id.
    const partInput =
      part && /^[A-Za-z][\w-]*$/.test(part) ? this.renderRoot.querySelector<HTMLElement>(`#${part}`) : null;
    const problem = partInput ? undefined : this.validate();
    const target = partInput ?? problem?.anchor ?? this.focusTarget;
    target?.focus({ preventScroll: true });
  }

  /** The user has committed an answer: from now on constraint errors are shown. */
  protected touched(): void {
    if (!this.deferErrors) this.showErrors = true;
  }

  /** Called by subclasses after every edit by the user. */
  protected userChanged(): void {
    this.dirty = true;
    if (this.error) this.error = '';
  }

  protected emitChange(): void {
    // `change` is not composed, so it would stop at the shadow root; re-dispatch on the host.
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }

  protected get errorShown(): boolean {
    if (this.error) return true;
    return this.showErrors && !this.internals.validity.valid;
  }

  private syncValidity(): void {
    const problem = this.isDisabled ? undefined : this.validate();
    // The anchor only when invalid: looking it up is a query in the shadow root.
    const anchor = () => problem?.anchor ?? this.focusTarget ?? undefined;
    if (this.error) {
      this.internals.setValidity({ customError: true }, this.error, anchor());
    } else if (problem) {
      this.internals.setValidity({ [problem.flag]: true }, this.msg(problem.key, problem.params), anchor());
    } else if (!this.internals.validity.valid) {
      // Valid is the default: most fields of a step never were invalid.
      this.internals.setValidity({});
    }
  }

  private setState(name: string, on: boolean): void {
    const states = this.internals.states;
    if (on === states.has(name)) return;
    if (on) states.add(name);
    else states.delete(name);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Validity before render, so the template shows the current error. The first render of a
    // field that shows no error does not depend on it: there it is set once after the render
    // (firstUpdated), when the controls the browser's bubble points at exist. A step renders
    // hundreds of fields at once, so this halves the validation work of a step.
    this.syncedBeforeRender = this.hasUpdated || this.error !== '' || this.showErrors;
    if (this.syncedBeforeRender) this.syncValidity();
  }

  protected override firstUpdated(changed: PropertyValues<this>): void {
    super.firstUpdated(changed);
    // The first render adds the control the browser's bubble points at: an invalid field sets
    // its validity (again) now.
    if (!this.syncedBeforeRender || !this.internals.validity.valid) this.syncValidity();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const value = this.formValue();
    const state = this.stateValue();
    // FormData values are always handed over; text is compared with what the form holds.
    if (value instanceof FormData || value !== this.submitted || state !== this.submittedState) {
      this.internals.setFormValue(value, state);
      this.submitted = value instanceof FormData ? undefined : value;
      this.submittedState = state;
    }
    const valid = this.internals.validity.valid;
    const disabled = this.isDisabled;
    const errorShown = this.errorShown;
    const userValid = this.dirty && valid;
    // One key for all custom states: most updates change none of them.
    const key = `${this.required}${valid}${errorShown}${userValid}${disabled}`;
    if (key === this.statesKey) return;
    this.statesKey = key;
    this.setState('required', this.required);
    this.setState('optional', !this.required);
    this.setState('invalid', !valid);
    this.setState('valid', valid);
    this.setState('user-invalid', errorShown);
    this.setState('user-valid', userValid);
    this.setState('disabled', disabled);
    this.internals.ariaDisabled = disabled ? 'true' : null;
  }

  /** What the label, hint and error of the field show now. */
  protected fieldTexts(): {
    invalid: boolean;
    message: string;
    describedBy: string;
    label: string;
    prefix: string;
  } {
    const invalid = this.errorShown;
    return {
      invalid,
      message: invalid ? ` ${this.error || this.internals.validationMessage}` : '',
      describedBy: this.hint ? (invalid ? 'hint error' : 'hint') : invalid ? 'error' : '',
      label: this.required ? this.label : `${this.label} ${this.msg('field.optional')}`,
      prefix: invalid ? this.msg('field.errorPrefix') : '',
    };
  }

  /**
   * Hint and error exist only while there is something to show: most fields of a long step
   * have neither, and a field costs what its shadow root holds.
   */
  protected renderHint(): TemplateResult | typeof nothing {
    return this.hint
      ? html`<div id="hint" class="hint" part="hint" .textContent=${this.hint}></div>`
      : nothing;
  }

  protected renderError(invalid: boolean, prefix: string, message: string): TemplateResult | typeof nothing {
    return invalid
      ? html`<p id="error" class="error" part="error"
          ><span class="visually-hidden" .textContent=${prefix}></span><span .textContent=${message}></span
        ></p>`
      : nothing;
  }

  /**
   * Hint and error in one child part (one marker comment per field instead of two); nothing
   * while neither is shown.
   */
  protected renderNotes(invalid: boolean, prefix: string, message: string): TemplateResult | typeof nothing {
    if (!this.hint && !invalid) return nothing;
    return html`${this.renderHint()}${this.renderError(invalid, prefix, message)}`;
  }

  override render(): TemplateResult {
    // One flat template per field, texts as properties: a step may hold hundreds of fields.
    const { invalid, message, describedBy, label, prefix } = this.fieldTexts();
    // Tags close on the next line ("</legend\n><div"): no whitespace text nodes to clone; texts
    // are properties (`.textContent`), not child parts, so no marker comments either.
    const options = this.grouped ? this.optionRowsOf(invalid) : undefined;
    if (options) {
      return html`<fieldset class="field ${invalid ? 'field--invalid' : ''}" part="base" aria-describedby=${describedBy || nothing}
          @input=${this.onControlInput} @change=${this.onControlChange}
          ><legend class="label" part="label" .textContent=${label}></legend
          >${this.renderNotes(invalid, prefix, message)}<div class=${options.className || nothing} ${optionRows(options.rows)}></div
        ></fieldset>`;
    }
    return this.grouped
      ? html`<fieldset class="field ${invalid ? 'field--invalid' : ''}" part="base" aria-describedby=${describedBy || nothing}
          @input=${this.onControlInput} @change=${this.onControlChange}
          ><legend class="label" part="label" .textContent=${label}></legend
          >${this.renderNotes(invalid, prefix, message)}${this.renderControl('', invalid)}</fieldset
        >`
      : html`<div class="field ${invalid ? 'field--invalid' : ''}" part="base"
          ><label class="label" part="label" for="control" .textContent=${label}></label
          >${this.renderNotes(invalid, prefix, message)}${this.renderControl(describedBy, invalid)}</div
        >`;
  }
}
