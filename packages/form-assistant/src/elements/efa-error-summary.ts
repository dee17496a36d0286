import { elementLocale, type Locale } from '@efa-kit/core/elements';
import { token } from '@efa-kit/theme';
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { t } from '../messages/ui.js';

/** One problem of the summary: what is wrong, and the id of the control where it is fixed. */
export interface ErrorSummaryItem {
  message: string;
  /** The id (without "#") of the element the link leads to, in the summary's own root. */
  target: string;
}

export interface ErrorSummarySelectDetail {
  item: ErrorSummaryItem;
  index: number;
}

/**
 * The light-DOM styles, added once to whichever root the summary is in (a document or a shadow
 * root): the summary renders into its own light DOM, so the page (or the form) around it can
 * reach its links, and stays one element the payment and portal pages reuse.
 */
const summaryStyles = css`
  efa-error-summary {
    display: block;
  }
  efa-error-summary > .summary {
    border: 4px solid ${token.colorDanger};
    padding: ${token.spaceM};
    margin-block-end: ${token.spaceL};
  }
  efa-error-summary > .summary:focus {
    outline: ${token.focusWidth} solid ${token.colorFocus};
    outline-offset: 2px;
  }
  efa-error-summary h2 {
    font-size: ${token.fontSizeLarge};
    margin-block: 0 ${token.spaceS};
  }
  efa-error-summary ul {
    margin: 0;
    padding-inline-start: ${token.spaceL};
  }
  efa-error-summary li + li {
    margin-block-start: ${token.spaceXs};
  }
  /* 24 px targets (WCAG 2.5.8) on any page, whatever its line height. */
  efa-error-summary a {
    display: inline-block;
    min-block-size: 24px;
    line-height: 1.5;
    color: ${token.colorDanger};
    font-weight: 600;
  }
`;

let instances = 0;

/**
 * The GOV.UK error summary: a bordered box at the top of the page, "Es gibt ein Problem", and
 * one link per problem to the control where it is fixed. It takes focus when it first shows
 * problems (unless `disable-auto-focus`, for a host that decides when, like `<efa-form>`);
 * a link reveals the field's label and focuses the control (`revealAndFocus` of the kit's
 * fields, plain focus otherwise), and fires a cancelable `efa-error-summary-select` first.
 *
 * @summary The error summary at the top of a form or page, reusable outside `<efa-form>`.
 * @fires efa-error-summary-select - A problem's link was followed (cancelable: cancel to move the focus yourself); detail `{ item, index }`.
 * @csspart error-summary - The box (on the inner element, styled from the light DOM).
 */
@customElement('efa-error-summary')
export class EfaErrorSummaryElement extends LitElement {
  /** The problems, in the order of the fields on the page. */
  @property({ attribute: false }) errors: readonly ErrorSummaryItem[] = [];
  /** The heading; empty: "Es gibt ein Problem" / "There is a problem". */
  @property() heading = '';
  /** Do not take focus when problems first show (the host focuses the summary itself). */
  @property({ type: Boolean, attribute: 'disable-auto-focus' }) disableAutoFocus = false;
  @property() override lang = '';

  private readonly titleId = `efa-error-summary-${++instances}`;

  get locale(): Locale {
    return elementLocale(this);
  }

  /** An English summary renders once the English texts are here: no German flashes first. */
  // biome-ignore lint/suspicious/noConfusingVoidType: Lit's own signature of scheduleUpdate.
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = t.ready(this.locale);
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The root may be a document or a shadow root; a stylesheet object is shared, not copied.
    const root = this.getRootNode() as Document | ShadowRoot;
    const sheet = summaryStyles.styleSheet;
    if (sheet && 'adoptedStyleSheets' in root && !root.adoptedStyleSheets.includes(sheet)) {
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    }
  }

  /** Focuses the box (screen readers read its heading and links). */
  override focus(options?: FocusOptions): void {
    this.querySelector<HTMLElement>('.summary')?.focus(options);
  }

  protected override updated(changed: PropertyValues<this>): void {
    const before = changed.get('errors');
    if (
      changed.has('errors') &&
      !this.disableAutoFocus &&
      this.errors.length > 0 &&
      (before === undefined || before.length === 0)
    ) {
      this.focus();
    }
  }

  private select(event: Event, item: ErrorSummaryItem, index: number): void {
    // A fragment cannot reach into shadow roots, and the label should show above the field.
    event.preventDefault();
    const detail: ErrorSummarySelectDetail = { item, index };
    const proceed = this.dispatchEvent(
      new CustomEvent('efa-error-summary-select', {
        detail,
        bubbles: true,
        composed: true,
        cancelable: true,
      }),
    );
    if (!proceed) return;
    const root = this.getRootNode() as Document | ShadowRoot;
    const target = root.getElementById(item.target);
    if (target && 'revealAndFocus' in target && typeof target.revealAndFocus === 'function')
      target.revealAndFocus();
    else target?.focus();
  }

  protected override render(): TemplateResult | typeof nothing {
    if (this.errors.length === 0) return nothing;
    return html`<div class="summary" part="error-summary" tabindex="-1" aria-labelledby=${this.titleId}>
      <h2 id=${this.titleId}>${this.heading || t(this.locale, 'form.errorSummary')}</h2>
      <ul>
        ${this.errors.map(
          (item, index) =>
            html`<li><a href="#${item.target}" @click=${(event: Event) => this.select(event, item, index)}
                >${item.message}</a
              ></li>`,
        )}
      </ul>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-error-summary': EfaErrorSummaryElement;
  }
  interface HTMLElementEventMap {
    'efa-error-summary-select': CustomEvent<ErrorSummarySelectDetail>;
  }
}
