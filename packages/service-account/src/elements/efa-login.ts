import type { TrustLevel } from '@efa-kit/core';
import { elementLocale, h, type Locale } from '@efa-kit/core/elements';
import { css, ReactiveElement } from '@lit/reactive-element';
import { customElement, property, state } from '@lit/reactive-element/decorators.js';
import { type LoginMessageKey, tLogin } from '../messages/index.js';
import type { MeOutput } from '../schema/api.js';
import { accountClient, baseStyles, currentPath, isTrustLevel, levelAtLeast, readCookie } from './shared.js';

export interface EfaLoginChangeDetail {
  loggedIn: boolean;
  displayName: string | null;
  trustLevel: TrustLevel | null;
  kind: 'person' | 'organisation' | null;
  /** True when logged in at or above `required-level`. */
  sufficient: boolean;
}

type Status = 'loading' | 'ready' | 'unavailable';

const resultCodes = [
  'ACCOUNT_LOGIN_CANCELLED',
  'ACCOUNT_LOGIN_FAILED',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DOCUMENT_EXPIRED',
  'ACCOUNT_LOGIN_EXPIRED',
  'ACCOUNT_LEVEL_TOO_LOW',
  'ACCOUNT_PROVIDER_UNAVAILABLE',
  'ACCOUNT_LOGIN_BUSY',
];

/**
 * Login status for a service-account login: a "Mit Servicekonto anmelden" button, then the
 * name, a trust-level badge and a logout button. With `required-level`, a session below that
 * level is offered a step-up login that returns to this page.
 *
 * Login and logout are real navigations (a link and a form post), so they work where scripts
 * are restricted and keep the browser's history. Built on Lit's ReactiveElement with plain DOM
 * rendering instead of lit-html: that keeps the element, Lit included, within 8 kB gzip.
 *
 * @summary Service-account login button, identity and trust level.
 * @fires efa-login-change - When the login state is known or changes; detail `EfaLoginChangeDetail`.
 * @csspart button - The login, step-up, retry and logout buttons.
 * @csspart badge - The trust-level badge.
 * @csspart name - The logged-in name.
 * @csspart message - Result of the last login (cancelled, failed) and the step-up hint.
 * @cssprop --efa-color-action - Button colour.
 * @slot - Shown after the name when logged in (for links such as "Mein Konto").
 */
@customElement('efa-login')
export class EfaLoginElement extends ReactiveElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--_s) var(--_m);
      }
      .who {
        display: flex;
        flex-direction: column;
        min-width: 0;
      }
      .label {
        font-size: var(--_small);
        color: var(--_muted);
      }
      .name {
        font-weight: 700;
        overflow-wrap: anywhere;
      }
      .badge {
        padding: 0 var(--_s);
        border: 1px solid var(--_info);
        border-radius: var(--_radius);
        background: var(--_info-bg);
        font-size: var(--_small);
        font-weight: 600;
      }
    `,
  ];

  /** Base URL of the tRPC endpoint. */
  @property() endpoint = '/trpc';
  /** Base path of the login routes (`/auth/login`, `/auth/logout`). */
  @property({ attribute: 'auth-base' }) authBase = '/auth';
  /** Language: `de` or `en`; otherwise the nearest `lang` attribute (German when there is none). */
  @property() override lang = '';
  /** Level this page's service needs; a lower session is offered a step-up. */
  @property({ attribute: 'required-level' }) requiredLevel: TrustLevel | '' = '';
  /** Path to return to after login; the current page by default. */
  @property({ attribute: 'return-to' }) returnTo = '';
  /** Login provider name when the portal offers several. */
  @property() provider = '';

  /**
   * The login state as `account.me` returns it, when the page already has it (server-rendered
   * or from another element): the element then shows it without asking the server.
   */
  @property({ attribute: false }) account: MeOutput | undefined = undefined;
  /** Result code of the last login; read from the page's `?login=` parameter by default. */
  @property({ attribute: 'login-result' }) loginResult = '';

  @state() private status: Status = 'loading';
  @state() private me: MeOutput = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.loginResult ||= new URLSearchParams(window.location.search).get('login') ?? '';
    if (this.account === undefined) void this.refresh();
    else {
      this.me = this.account;
      this.status = 'ready';
    }
  }

  /** Reads the login state from the server again (after a login in another tab, say). */
  async refresh(): Promise<void> {
    this.status = 'loading';
    try {
      this.me = await accountClient(this.endpoint).query('me', undefined);
      this.status = 'ready';
    } catch {
      this.me = null;
      this.status = 'unavailable';
    }
    const me = this.me;
    const required = this.requiredLevel;
    this.dispatchEvent(
      new CustomEvent<EfaLoginChangeDetail>('efa-login-change', {
        detail: {
          loggedIn: me !== null,
          displayName: me?.displayName ?? null,
          trustLevel: me?.session.trustLevel ?? null,
          kind: me?.identity.kind ?? null,
          sufficient:
            me !== null && (!isTrustLevel(required) || levelAtLeast(me.session.trustLevel, required)),
        },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** An English element renders once its texts are here: no German flashes first. */
  // biome-ignore lint/suspicious/noConfusingVoidType: Lit's own signature of scheduleUpdate.
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = tLogin.ready(this.locale);
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  get locale(): Locale {
    return elementLocale(this);
  }

  private t(key: LoginMessageKey, params?: Record<string, string>): string {
    return tLogin(this.locale, key, params);
  }

  private loginLink(level: TrustLevel, text: string): HTMLElement {
    const params = new URLSearchParams({ level, returnTo: this.returnTo || currentPath() });
    if (this.provider) params.set('provider', this.provider);
    if (this.locale === 'en') params.set('lang', 'en');
    return h('a', { class: 'button', part: 'button', href: `${this.authBase}/login?${params}` }, text);
  }

  private message(text: string, error: boolean): HTMLElement {
    return h(
      'p',
      {
        class: error ? 'message message--error' : 'message',
        part: 'message',
        ...(error ? { role: 'alert' } : {}),
      },
      text,
    );
  }

  protected override update(changed: Map<PropertyKey, unknown>): void {
    super.update(changed);
    const root = this.renderRoot;
    const focused = (root as ShadowRoot).activeElement?.getAttribute('part');
    root.replaceChildren(...this.view());
    // Re-rendering replaces the DOM; keep keyboard users on a button rather than the page top.
    if (focused) (root.querySelector('[part="button"]') as HTMLElement | null)?.focus();
  }

  private view(): Node[] {
    const required = isTrustLevel(this.requiredLevel) ? this.requiredLevel : 'low';
    const levelName = (level: TrustLevel) => this.t(`level.${level}`);
    if (this.status === 'loading')
      return [h('div', { class: 'row', role: 'status' }, this.t('login.loading'))];
    if (this.status === 'unavailable') {
      const retry = h(
        'button',
        { class: 'button button--secondary', part: 'button', type: 'button' },
        this.t('login.retry'),
      );
      retry.addEventListener('click', () => this.refresh());
      return [h('div', { class: 'row' }, this.message(this.t('login.unavailable'), true), retry)];
    }
    const code = this.loginResult;
    const result = resultCodes.includes(code)
      ? [this.message(this.t(`result.${code}` as LoginMessageKey), true)]
      : [];
    const me = this.me;
    if (!me) return [...result, h('div', { class: 'row' }, this.loginLink(required, this.t('login.button')))];
    const level = me.session.trustLevel;
    const acting = me.identity.kind === 'organisation' ? me.identity.actingPerson : undefined;
    const stepUp = !levelAtLeast(level, required);
    const csrf = h('input', { type: 'hidden', name: 'csrf', value: readCookie('efa_csrf') });
    return [
      ...result,
      ...(stepUp ? [this.message(this.t('login.stepUpHint', { level: levelName(required) }), false)] : []),
      h(
        'div',
        { class: 'row' },
        h(
          'div',
          { class: 'who' },
          h('span', { class: 'label' }, this.t('login.loggedInAs')),
          h('span', { class: 'name', part: 'name' }, me.displayName),
          acting &&
            h(
              'span',
              { class: 'label' },
              this.t('login.organisationActing', {
                name: `${acting.givenNames ?? ''} ${acting.familyName ?? ''}`.trim(),
              }),
            ),
        ),
        h('span', { class: 'badge', part: 'badge' }, `${this.t('login.level')}: ${levelName(level)}`),
        h('slot', {}),
        stepUp && this.loginLink(required, this.t('login.stepUp', { level: levelName(required) })),
        h(
          'form',
          { method: 'post', action: `${this.authBase}/logout` },
          csrf,
          h(
            'button',
            { class: 'button button--secondary', part: 'button', type: 'submit' },
            this.t('login.logout'),
          ),
        ),
      ),
    ];
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-login': EfaLoginElement;
  }
  interface HTMLElementEventMap {
    'efa-login-change': CustomEvent<EfaLoginChangeDetail>;
  }
}
