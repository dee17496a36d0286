import { elementLocale, type Locale } from '@efa-kit/core/elements';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { duration, type TimeoutMessageKey as MessageKey, tTimeout as t } from '../messages/index.js';
import { accountClient, baseStyles, currentPath, readCookie } from './shared.js';

export interface EfaSessionTimeoutDetail {
  /** When the session now ends without activity (ISO date-time), or null once it has ended. */
  idleExpiresAt: string | null;
}

type Phase = 'idle' | 'warning' | 'expired';

/**
 * Warns before the idle timeout ends the session and lets the user extend it with one action
 * (WCAG 2.2.1 Timing Adjustable): a modal dialog opens `warn-before` seconds ahead (two minutes
 * by default, at least 20 seconds), announces the remaining time, and offers "Angemeldet
 * bleiben" and "Jetzt abmelden". When the time is up it says so and offers a new login.
 *
 * Reads the session's end from `account.me`, or takes it from `expires-at`.
 *
 * @summary Accessible warning before the session's idle timeout.
 * @fires efa-session-extend - The user chose to stay logged in; detail `EfaSessionTimeoutDetail`.
 * @fires efa-session-expire - The session ended by timeout; detail `EfaSessionTimeoutDetail`.
 * @csspart dialog - The modal dialog.
 * @csspart button - The dialog's buttons.
 * @cssprop --efa-color-warning - Accent of the warning.
 */
@customElement('efa-session-timeout')
export class EfaSessionTimeoutElement extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .visually-hidden {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
      dialog {
        max-width: min(32rem, calc(100vw - 2 * var(--_m)));
        padding: var(--_l);
        border: var(--_border) solid var(--_warn);
        border-radius: var(--_radius);
        background: var(--_bg);
        color: var(--_text);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.5);
      }
      h2 {
        margin: 0 0 var(--_m);
        font-size: var(--_large);
        line-height: 1.25;
      }
      p {
        margin: 0 0 var(--_m);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--_s);
      }
      .error {
        color: var(--_danger);
        font-weight: 600;
      }
    `,
  ];

  @property() endpoint = '/trpc';
  @property({ attribute: 'auth-base' }) authBase = '/auth';
  /** Language: `de` or `en`; otherwise the nearest `lang` attribute (German when there is none). */
  @property() override lang = '';
  /** Seconds before the timeout at which the warning opens; at least 20. */
  @property({ attribute: 'warn-before', type: Number }) warnBefore = 120;
  /** The session's idle end (ISO date-time); read from `account.me` when not set. */
  @property({ attribute: 'expires-at' }) expiresAt = '';

  @state() private phase: Phase = 'idle';
  @state() private remaining = 0;
  @state() private announcement = '';
  @state() private failed = false;
  @query('dialog') private dialog?: HTMLDialogElement;

  #timer: ReturnType<typeof setInterval> | undefined;
  #lastAnnounced = -1;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.expiresAt) void this.load();
    this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('expiresAt') && this.expiresAt) {
      this.#lastAnnounced = -1;
      this.failed = false;
      this.#tick();
    }
  }

  protected override updated(): void {
    const dialog = this.dialog;
    if (!dialog) return;
    if (this.phase !== 'idle' && !dialog.open) dialog.showModal();
    if (this.phase === 'idle' && dialog.open) dialog.close();
  }

  private async load(): Promise<void> {
    try {
      const me = await accountClient(this.endpoint).query('me', undefined);
      if (me) this.expiresAt = me.session.idleExpiresAt;
    } catch {
      // Without a session end there is nothing to warn about; the login element reports outages.
    }
  }

  #start(): void {
    clearInterval(this.#timer);
    this.#timer = setInterval(() => this.#tick(), 1000);
  }

  #tick(): void {
    if (!this.expiresAt) return;
    const end = Date.parse(this.expiresAt);
    if (Number.isNaN(end)) return;
    const left = Math.ceil((end - Date.now()) / 1000);
    this.remaining = Math.max(0, left);
    const warnAt = Math.max(20, this.warnBefore);
    if (left <= 0) {
      if (this.phase !== 'expired') {
        this.phase = 'expired';
        this.announcement = '';
        this.dispatchEvent(
          new CustomEvent<EfaSessionTimeoutDetail>('efa-session-expire', {
            detail: { idleExpiresAt: null },
            bubbles: true,
            composed: true,
          }),
        );
      }
      return;
    }
    if (left <= warnAt) {
      this.phase = 'warning';
      // Announce on opening, then every full minute and at 30 s: often enough to know, rarely
      // enough not to drown out whatever the screen reader is reading.
      const mark = left === 30 || left % 60 === 0 || this.#lastAnnounced < 0;
      if (mark && this.#lastAnnounced !== left) {
        this.#lastAnnounced = left;
        this.announcement = this.tr('timeout.announce', { time: duration(this.locale, left) });
      }
    } else if (this.phase !== 'expired') {
      this.phase = 'idle';
      this.#lastAnnounced = -1;
    }
  }

  /** An English element renders once its texts are here: no German flashes first. */
  // biome-ignore lint/suspicious/noConfusingVoidType: Lit's own signature of scheduleUpdate.
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = t.ready(this.locale);
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  get locale(): Locale {
    return elementLocale(this);
  }

  private tr(key: MessageKey, params?: Record<string, string | number>): string {
    return t(this.locale, key, params);
  }

  private async stay(): Promise<void> {
    try {
      const info = await accountClient(this.endpoint).mutation('keepAlive', undefined);
      if (!info) throw new Error('no session');
      this.phase = 'idle';
      this.expiresAt = info.idleExpiresAt;
      this.dispatchEvent(
        new CustomEvent<EfaSessionTimeoutDetail>('efa-session-extend', {
          detail: { idleExpiresAt: info.idleExpiresAt },
          bubbles: true,
          composed: true,
        }),
      );
    } catch {
      this.failed = true;
    }
  }

  /** Escape would close a modal dialog silently; here it means "stay logged in". */
  private onCancel(event: Event): void {
    event.preventDefault();
    if (this.phase === 'warning') void this.stay();
    else this.phase = 'idle';
  }

  override render() {
    if (this.phase === 'idle') return html`<dialog part="dialog" @cancel=${this.onCancel}></dialog>`;
    if (this.phase === 'expired') {
      const login = `${this.authBase}/login?${new URLSearchParams({ level: 'low', returnTo: currentPath() })}`;
      return html`<dialog part="dialog" aria-labelledby="title" aria-describedby="text" @cancel=${this.onCancel}>
        <h2 id="title">${this.tr('timeout.expiredTitle')}</h2>
        <p id="text">${this.tr('timeout.expiredText')}</p>
        <div class="actions">
          <a class="button" part="button" href=${login} autofocus>${this.tr('timeout.login')}</a>
          <button class="button button--secondary" part="button" type="button" @click=${() => {
            this.phase = 'idle';
            this.expiresAt = '';
          }}>${this.tr('timeout.close')}</button>
        </div>
      </dialog>`;
    }
    return html`<dialog part="dialog" aria-labelledby="title" aria-describedby="text" @cancel=${this.onCancel}>
      <h2 id="title">${this.tr('timeout.title')}</h2>
      <p id="text">${this.tr('timeout.text', { time: duration(this.locale, this.remaining) })}</p>
      <p class="visually-hidden" role="status">${this.announcement}</p>
      ${this.failed ? html`<p class="error" role="alert">${this.tr('timeout.extendFailed')}</p>` : nothing}
      <div class="actions">
        <button class="button" part="button" type="button" autofocus @click=${() => this.stay()}>
          ${this.tr('timeout.stay')}
        </button>
        <form method="post" action=${`${this.authBase}/logout`}>
          <input type="hidden" name="csrf" .value=${readCookie('efa_csrf')} />
          <button class="button button--secondary" part="button" type="submit">${this.tr('timeout.logout')}</button>
        </form>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-session-timeout': EfaSessionTimeoutElement;
  }
  interface HTMLElementEventMap {
    'efa-session-extend': CustomEvent<EfaSessionTimeoutDetail>;
    'efa-session-expire': CustomEvent<EfaSessionTimeoutDetail>;
  }
}
