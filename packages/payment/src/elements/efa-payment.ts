import {
  type BrowserStateSlot,
  browserStateSlot,
  createEndpointClient,
  EndpointError,
  type RouterClient,
  routerClient,
} from '@efa-kit/core/client';
import {
  type Child,
  createLazyTranslator,
  elementLocale,
  formatMoney,
  h,
  type Locale,
  type MessageParams,
} from '@efa-kit/core/elements';
import { css, type PropertyValues, ReactiveElement, unsafeCSS } from '@lit/reactive-element';
import { customElement, property, state } from '@lit/reactive-element/decorators.js';
import { uiDe as de } from '../messages/de.js';
import type { FeeAnswers, LineItem, PaymentStatus, PaymentView, Quote } from '../schema/index.js';
// Types only (erased from the bundle): the calls' inputs and outputs come from the router itself.
import type { PaymentRouter } from '../server/router.js';
import { tokenDeclarations } from './tokens.generated.js';

type Key = keyof typeof de;
// English is its own chunk, fetched only for an English payment element (issue 16).
const translate = createLazyTranslator(de, () => import('../messages/en.js').then((module) => module.uiEn));

export interface PaymentChangeDetail {
  paymentId: string;
  status: PaymentStatus;
  kassenzeichen: string;
  totalCents: number;
}

export interface PaymentRedirectDetail {
  paymentId: string;
  url: string;
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-payment': EfaPaymentElement;
  }
  interface HTMLElementEventMap {
    'efa-payment-change': CustomEvent<PaymentChangeDetail>;
    'efa-payment-redirect': CustomEvent<PaymentRedirectDetail>;
  }
}

interface OpenAttempt {
  id: string;
  answers: FeeAnswers;
}

function newKey(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

/** The answers in one spelling (keys sorted), to tell whether two attempts asked the same fee. */
function answersKey(answers: FeeAnswers): string {
  return JSON.stringify(Object.entries(answers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Collects the fee for a service: shows the line items and the total the server computed,
 * the payment methods on offer, and sends the citizen to the payment provider. Back from the
 * provider (the page URL carries `?payment=<id>`), it asks the server for the status, which
 * the server in turn fetches from the provider, and announces it in a polite live region;
 * failures offer a retry, and a payment left open in a closed tab offers a resume link.
 *
 * @summary Fee summary and payment through an XBezahldienste provider.
 * @fires efa-payment-change - The payment's status became known or changed; `detail` has id, status, Kassenzeichen and total.
 * @fires efa-payment-redirect - Cancelable; about to leave for the provider's pay page (`detail.url`).
 * @csspart table - The table of line items.
 * @csspart total - The total row.
 * @csspart pay-button - The "pay now" button.
 * @csspart status - The status message after returning.
 * @cssprop --efa-color-action - Button and link colour.
 * @cssprop --efa-color-success-background - Background of the paid message.
 * @cssprop --efa-color-danger-background - Background of failure messages.
 */
@customElement('efa-payment')
export class EfaPaymentElement extends ReactiveElement {
  static override styles = css`
:host{${unsafeCSS(tokenDeclarations)}display:block;container-type:inline-size;box-sizing:border-box;font-family:var(--_font);font-size:var(--_body);line-height:var(--_lh);color:var(--_text)}
:host([hidden]){display:none}
*,*::before,*::after{box-sizing:inherit}
h2{font-size:var(--_h);line-height:1.25;margin:0 0 var(--_m)}
p{margin:0 0 var(--_m)}
a{color:var(--_action)}
:focus-visible{outline:var(--_focus-w) solid var(--_focus);outline-offset:2px}
.vh{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.button{display:inline-flex;align-items:center;justify-content:center;min-height:var(--_control);min-width:44px;padding:var(--_s) var(--_m);border:var(--_border) solid var(--_action);border-radius:var(--_radius);background:var(--_action);color:var(--_on-action);font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.secondary{background:var(--_bg);color:var(--_action)}
.button:disabled{opacity:.6;cursor:not-allowed}
table{width:100%;table-layout:fixed;border-collapse:collapse;margin-block-end:var(--_m)}
th,td{overflow-wrap:break-word;hyphens:manual;text-align:start;padding:var(--_s) var(--_s) var(--_s) 0;border-block-end:1px solid var(--_line);vertical-align:top}
.num{text-align:end;white-space:nowrap;width:6.5em}
.qty{width:4.5em}
.sub{display:block;color:var(--_muted);font-size:var(--_small)}
tfoot>tr>*{font-weight:700;border:0;font-size:var(--_large)}
ul{margin:0 0 var(--_m)}
.notice{padding:var(--_m);border-inline-start:6px solid var(--_info);background:var(--_info-bg);margin-block-end:var(--_m)}
[data-tone=success]{border-color:var(--_success);background:var(--_success-bg)}
[data-tone=danger]{border-color:var(--_danger);background:var(--_danger-bg)}
.notice p:last-child{margin:0}
.actions{display:flex;flex-wrap:wrap;gap:var(--_s)}
.hint{color:var(--_muted)}
@container (max-width:26rem){table,thead,tbody,tfoot{display:block}tr{display:grid;grid-template-columns:1fr auto;gap:0 var(--_m);padding-block:var(--_s);border-block-end:1px solid var(--_line)}th,td,.num{padding:0;border:0;width:auto}tr>:first-child{grid-column:1/-1}tfoot>tr{border:0}tfoot>tr>:first-child{grid-column:1}.qty{text-align:start}}
`;

  /** Base URL of the tRPC endpoint that serves `payment.*`. */
  @property() endpoint = '/trpc';
  /** Language: `de` (default) or `en`; otherwise taken from the nearest `lang` attribute. */
  @property() override lang = '';
  /** The Leistung (14-digit key) whose fee is collected. */
  @property() service = '';
  /** Form answers the fee depends on (e.g. `{ dogs: 2 }`); as an attribute, JSON. */
  @property({ type: Object }) answers: FeeAnswers = {};
  /**
   * The application the fee is for (the id the form assistant submits it under). The payment
   * is bound to it (`payment.create`'s `applicationId`), which the fee check at submit looks
   * for, and the open or paid payment is remembered per application, so two applications for
   * the same service never share one. Empty: a payment bound to no application.
   */
  @property({ attribute: 'application-id' }) applicationId = '';
  /** A payment to show the status of; read from the page URL's `payment` parameter when empty. */
  @property({ attribute: 'payment-id' }) paymentId = '';
  /** Same-origin path the provider returns to; the current page when empty. */
  @property({ attribute: 'return-path' }) returnPath = '';
  /**
   * Whose browser state this is: the portal's opaque per-person token (its `stateScope`), under
   * which the open payment is remembered in localStorage until logout clears it. Empty: the
   * open payment is remembered for this tab only (sessionStorage), so the next person on a
   * shared device is never offered it.
   */
  @property({ attribute: 'state-scope' }) stateScope = '';
  /** A quote the page already has (server-rendered); skips the first request. */
  @property({ attribute: false }) quote: Quote | undefined;
  /** A payment the page already has; shows its status without a request. */
  @property({ attribute: false }) payment: PaymentView | undefined;

  @state() private busy: '' | 'quote' | 'create' | 'status' = '';
  @state() private error = '';
  /** An open payment from an earlier visit, offered for resuming. */
  @state() private resumable: PaymentView | undefined;

  private client: RouterClient<PaymentRouter> | undefined;
  private attemptKey = newKey();
  private polls = 0;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private announced: PaymentStatus | undefined;

  get locale(): Locale {
    return elementLocale(this);
  }

  private t(key: Key, params?: MessageParams): string {
    return translate(this.locale, key, params);
  }

  private money(cents: number): string {
    return formatMoney(cents, this.locale);
  }

  private stateSlot(): BrowserStateSlot | undefined {
    return this.applicationId
      ? browserStateSlot(this.stateScope, 'payment', this.service, this.applicationId)
      : browserStateSlot(this.stateScope, 'payment', this.service);
  }

  private api(): RouterClient<PaymentRouter> {
    this.client ??= routerClient<PaymentRouter>(
      createEndpointClient({ endpoint: this.endpoint, locale: this.locale }),
      'payment',
    );
    return this.client;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    try {
      // Earlier versions kept the open payment under one key for everybody on the device.
      localStorage.removeItem(`efa-payment:${this.service}`);
    } catch {
      // No storage: nothing was kept either.
    }
    if (!this.paymentId && !this.payment) {
      this.paymentId = new URLSearchParams(location.search).get('payment') ?? '';
    }
    if (this.paymentId && !this.payment) void this.loadStatus(this.paymentId);
    else if (!this.quote && !this.payment && this.service) void this.loadQuote();
    if (!this.paymentId && !this.payment) void this.checkResumable();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.pollTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('endpoint') || changed.has('lang')) this.client = undefined;
    if (!this.hasUpdated || !this.isConnected) return;
    const answersChanged =
      changed.has('answers') && answersKey(changed.get('answers') ?? {}) !== answersKey(this.answers);
    if (answersChanged || changed.has('service') || changed.has('applicationId')) {
      // Another fee (the form's answers changed) or another application: what was shown
      // belongs to the old one; the quote and any payment of this one are asked for anew.
      clearTimeout(this.pollTimer);
      this.quote = undefined;
      this.payment = undefined;
      this.resumable = undefined;
      this.paymentId = '';
      this.announced = undefined;
      this.error = '';
      this.attemptKey = newKey();
      if (this.service) void this.loadQuote();
      void this.checkResumable();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('payment') && this.payment && this.payment.status !== this.announced) {
      this.announced = this.payment.status;
      const { id, status, kassenzeichen, totalCents } = this.payment;
      this.dispatchEvent(
        new CustomEvent('efa-payment-change', {
          detail: { paymentId: id, status, kassenzeichen, totalCents },
          bubbles: true,
          composed: true,
        }),
      );
    }
  }

  private readAttempt(): OpenAttempt | undefined {
    const slot = this.stateSlot();
    try {
      const raw = slot?.storage.getItem(slot.key);
      return raw ? (JSON.parse(raw) as OpenAttempt) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Kept only while the attempt may still be resumed or retried; removed once it is over. */
  private writeAttempt(attempt: OpenAttempt | undefined): void {
    const slot = this.stateSlot();
    try {
      if (attempt) slot?.storage.setItem(slot.key, JSON.stringify(attempt));
      else slot?.storage.removeItem(slot.key);
    } catch {
      // Storage may be off (private mode); resuming is a convenience, paying works without it.
    }
  }

  private fail(error: unknown): void {
    this.error = error instanceof EndpointError || error instanceof Error ? error.message : String(error);
  }

  async loadQuote(): Promise<void> {
    this.busy = 'quote';
    this.error = '';
    try {
      this.quote = await this.api().query('quote', {
        serviceId: this.service,
        answers: this.answers,
      });
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = '';
    }
  }

  private async checkResumable(): Promise<void> {
    const attempt = this.readAttempt();
    if (!attempt) return;
    try {
      const view = await this.api().query('status', { id: attempt.id });
      const sameFee = answersKey(attempt.answers) === answersKey(this.answers);
      if (view.status === 'pending' && view.redirectUrl) this.resumable = view;
      else if (view.status === 'paid' && sameFee) this.payment = view;
      // A paid fee for other answers is kept: the citizen may change them back.
      else if (view.status !== 'paid') this.writeAttempt(undefined);
    } catch {
      // An attempt the server no longer knows: forget it.
      this.writeAttempt(undefined);
    }
  }

  /** Asks the server (which asks the provider); polls a little while the provider is slow. */
  async loadStatus(id: string): Promise<void> {
    this.busy = 'status';
    this.error = '';
    clearTimeout(this.pollTimer);
    try {
      const view = await this.api().query('status', { id });
      if (this.applicationId && view.applicationId !== this.applicationId) {
        // The page URL names a payment of another application (an old link): not this fee.
        this.busy = '';
        this.paymentId = '';
        void this.loadQuote();
        void this.checkResumable();
        return;
      }
      this.payment = view;
      if (view.status === 'pending' && this.polls < 3) {
        // Providers may take a few seconds to report the outcome (slow status changes).
        this.polls += 1;
        this.pollTimer = setTimeout(() => void this.loadStatus(id), 1000 * this.polls);
        return;
      }
      this.busy = '';
      if (view.status !== 'pending' && view.status !== 'created') {
        // Paid, refunded or otherwise over: nothing to resume; a retry keeps the answers.
        // A fee paid for an application stays remembered with it: back at the form, the
        // citizen sees it paid instead of being offered to pay again.
        const attempt = this.readAttempt();
        const keep = view.status === 'paid' && this.applicationId !== '';
        if (attempt?.id === view.id && !view.retryable && !keep) this.writeAttempt(undefined);
      }
    } catch (error) {
      this.busy = '';
      this.fail(error);
    }
  }

  /** Starts (or, for a failed attempt, retries) the payment and leaves for the provider. */
  async pay(): Promise<void> {
    const retryOf = this.payment?.retryable ? this.payment.id : undefined;
    const answers = (retryOf && this.readAttempt()?.answers) || this.answers;
    this.busy = 'create';
    this.error = '';
    try {
      const quote = this.quote ?? (await this.api().query('quote', { serviceId: this.service, answers }));
      this.quote = quote;
      const returnPath = this.returnPath || `${location.pathname}${this.cleanSearch()}`;
      const view = await this.api().mutation('create', {
        serviceId: this.service,
        answers,
        idempotencyKey: this.attemptKey,
        expectedTotalCents: quote.totalCents,
        returnPath,
        ...(retryOf ? { retryOf } : {}),
        ...(this.applicationId ? { applicationId: this.applicationId } : {}),
      });
      // The next attempt (after a failure) is a new one; this key stays with this attempt.
      this.attemptKey = newKey();
      this.writeAttempt({ id: view.id, answers });
      if (view.status === 'pending' && view.redirectUrl) {
        this.redirect(view.id, view.redirectUrl);
        return;
      }
      this.payment = view;
      this.busy = '';
    } catch (error) {
      this.busy = '';
      this.fail(error);
    }
  }

  private cleanSearch(): string {
    const params = new URLSearchParams(location.search);
    params.delete('payment');
    const search = params.toString();
    return search ? `?${search}` : '';
  }

  private redirect(paymentId: string, url: string): void {
    const event = new CustomEvent('efa-payment-redirect', {
      detail: { paymentId, url },
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    if (this.dispatchEvent(event)) location.assign(url);
    else this.busy = '';
  }

  private renderItems(items: readonly LineItem[], total: number): HTMLElement {
    const locale = this.locale;
    return h(
      'table',
      { part: 'table' },
      h('caption', { class: 'vh' }, this.t('ui.heading')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, this.t('ui.item')),
          h('th', { scope: 'col', class: 'num qty' }, this.t('ui.quantity')),
          h('th', { scope: 'col', class: 'num' }, this.t('ui.amount')),
        ),
      ),
      h(
        'tbody',
        {},
        ...items.map((item) =>
          h(
            'tr',
            {},
            h(
              'th',
              { scope: 'row' },
              item.description[locale],
              item.quantity > 1 &&
                h('span', { class: 'sub' }, `${item.quantity} × ${this.money(item.unitCents)}`),
              ...item.reductions.map((reduction) =>
                h('span', { class: 'sub' }, `${reduction[locale]}: −${this.money(item.discountCents)}`),
              ),
            ),
            h('td', { class: 'num qty' }, String(item.quantity)),
            h('td', { class: 'num' }, this.money(item.totalCents)),
          ),
        ),
      ),
      h(
        'tfoot',
        { part: 'total' },
        h(
          'tr',
          {},
          h('th', { scope: 'row', colspan: '2' }, this.t('ui.total')),
          h('td', { class: 'num' }, this.money(total)),
        ),
      ),
    );
  }

  private button(key: Key, action: () => void, secondary = false): HTMLElement {
    return h(
      'button',
      {
        class: secondary ? 'button secondary' : 'button',
        type: 'button',
        'data-key': key,
        disabled: this.busy !== '',
        onclick: action,
      },
      this.t(key),
    );
  }

  private renderQuote(quote: Quote): Child[] {
    if (!quote.paymentRequired) return [h('p', {}, this.t('ui.noFee'))];
    const locale = this.locale;
    const pay = this.button('ui.payNow', () => void this.pay());
    pay.setAttribute('part', 'pay-button');
    pay.setAttribute('aria-describedby', 'pay-hint');
    return [
      this.renderItems(quote.items, quote.totalCents),
      h('p', { id: 'methods-label' }, this.t('ui.methods')),
      h(
        'ul',
        { 'aria-labelledby': 'methods-label' },
        ...quote.methods.map((method) => h('li', {}, method.label[locale])),
      ),
      h('div', { class: 'actions' }, pay),
      h('p', { id: 'pay-hint', class: 'hint' }, this.t('ui.payNowHint')),
    ];
  }

  private renderPayment(payment: PaymentView): Child[] {
    const tone = payment.status === 'paid' ? 'success' : payment.retryable ? 'danger' : 'info';
    const open = payment.status === 'pending' || payment.status === 'created';
    return [
      h(
        'div',
        { class: 'notice', 'data-tone': tone, part: 'status' },
        h('p', {}, h('strong', {}, this.statusText(payment))),
        h(
          'p',
          {},
          `${this.t('ui.kassenzeichen')}: `,
          h('span', { 'data-kassenzeichen': true }, payment.kassenzeichen),
        ),
      ),
      payment.status !== 'paid' && this.renderItems(payment.items, payment.totalCents),
      h(
        'div',
        { class: 'actions' },
        payment.retryable && this.button('ui.retry', () => void this.pay()),
        payment.status === 'pending' &&
          payment.redirectUrl &&
          h('a', { class: 'button', href: payment.redirectUrl }, this.t('ui.resume')),
        open &&
          this.busy === '' &&
          this.button(
            'ui.checkAgain',
            () => {
              this.polls = 3;
              void this.loadStatus(payment.id);
            },
            true,
          ),
      ),
    ];
  }

  private statusText(payment: PaymentView): string {
    return this.t(`ui.status.${payment.status}`, { amount: this.money(payment.totalCents) });
  }

  private liveText(): string {
    if (this.busy === 'quote') return this.t('ui.loading');
    if (this.busy === 'create') return this.t('ui.redirecting');
    if (this.busy === 'status' && !this.payment) return this.t('ui.checking');
    return this.payment ? this.statusText(this.payment) : '';
  }

  private live: HTMLElement | undefined;
  private body: HTMLElement | undefined;

  /**
   * Renders with plain DOM calls instead of lit-html, which keeps the element, Lit's reactive
   * core included, within its bundle budget. The live region is created once and only its text
   * changes, so screen readers announce every new status.
   */
  /** An English element renders once its texts are here: no German flashes first. */
  // biome-ignore lint/suspicious/noConfusingVoidType: Lit's own signature of scheduleUpdate.
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = translate.ready(this.locale);
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const root = this.renderRoot;
    if (!this.live || !this.body) {
      this.live = h('div', { role: 'status', 'aria-live': 'polite', class: 'vh' });
      this.body = h('div');
      root.append(h('h2', {}, this.t('ui.heading')), this.live, this.body);
    }
    const heading = root.querySelector('h2');
    if (heading) heading.textContent = this.t('ui.heading');
    const text = this.liveText();
    if (this.live.textContent !== text) this.live.textContent = text;
    // Re-rendering replaces the DOM; keep keyboard users on the same control.
    const focused = (root as ShadowRoot).activeElement?.getAttribute('data-key');
    const resumable = this.resumable;
    this.body.replaceChildren(
      ...[
        this.error &&
          h(
            'div',
            { class: 'notice', 'data-tone': 'danger', role: 'alert' },
            h('p', {}, h('strong', {}, `${this.t('ui.error')}:`), ` ${this.error}`),
          ),
        resumable &&
          !this.payment &&
          h(
            'div',
            { class: 'notice' },
            h('p', {}, this.t('ui.resumeHint')),
            h('p', {}, h('a', { href: resumable.redirectUrl ?? '' }, this.t('ui.resume'))),
          ),
        ...(this.payment
          ? this.renderPayment(this.payment)
          : this.quote
            ? this.renderQuote(this.quote)
            : [this.busy === 'quote' && h('p', { 'aria-hidden': 'true' }, this.t('ui.loading'))]),
      ].filter((child): child is HTMLElement => Boolean(child)),
    );
    if (focused) this.body.querySelector<HTMLElement>(`[data-key="${focused}"]`)?.focus();
  }
}
