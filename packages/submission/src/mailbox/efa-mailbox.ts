import { EndpointError } from '@efa-kit/core/client';
import { elementLocale, h, type Locale } from '@efa-kit/core/elements';
import {
  buttonStyles,
  focusRing,
  formControlStyles,
  hostStyles,
  typography,
  visuallyHidden,
} from '@efa-kit/theme';
import { css, type PropertyValues, ReactiveElement } from '@lit/reactive-element';
import { customElement, property, state } from '@lit/reactive-element/decorators.js';
import { type MailboxMessageKey, type Translate, textsReady, translator } from './messages.js';
import {
  type MailboxApplication,
  type MailboxConsent,
  type MailboxMessage,
  type MailboxSource,
  trpcMailboxSource,
} from './source.js';

declare global {
  interface HTMLElementTagNameMap {
    'efa-mailbox': EfaMailboxElement;
  }
}

const dateTime = {
  de: new Intl.DateTimeFormat('de-DE', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  }),
};
const dateOnly = {
  de: new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
};

/**
 * The citizen's mailbox ("Mein Postfach"): per application its status (the six states of
 * BundID's status monitor) and history, the authority's messages with the trust level they
 * need, decisions with the dates the law needs (provided, notification sent, first retrieved,
 * deemed notified), downloads with their SHA-512, an answer form for questions, and the
 * revocable consent to electronic notification. Opening a message sends the read receipt.
 *
 * @summary Citizen mailbox: status track, messages, decisions, answers, consent.
 * @fires efa-mailbox-answered - After an answer was taken by the server; detail `{ messageId }`.
 */
@customElement('efa-mailbox')
export class EfaMailboxElement extends ReactiveElement {
  static override styles = [
    hostStyles,
    focusRing,
    visuallyHidden,
    typography,
    buttonStyles,
    formControlStyles,
    css`
      :host { display: block; }
      .application { border: 1px solid var(--efa-color-border, #6b6b76); border-radius: 0.25rem; padding: 1rem; margin-block-end: 1rem; }
      .application h3 { margin-block: 0 0.25rem; overflow-wrap: anywhere; }
      .meta { color: var(--efa-color-text-muted, #4a4a55); font-size: 0.875rem; margin: 0 0 0.5rem; overflow-wrap: anywhere; }
      .status { font-weight: 600; margin: 0 0 0.5rem; }
      .badge { display: inline-block; padding: 0 0.5rem; border-radius: 1rem; background: var(--efa-color-info-background, #e8eef9); color: var(--efa-color-info, #1f3d7a); font-size: 0.875rem; margin-inline-start: 0.5rem; }
      ol.track { margin: 0 0 0.5rem; padding-inline-start: 1.25rem; }
      ul.messages { list-style: none; margin: 0.5rem 0 0; padding: 0; }
      ul.messages > li { border-block-start: 1px solid var(--efa-color-border, #6b6b76); padding-block: 0.75rem; }
      .message-title { font-weight: 600; overflow-wrap: anywhere; }
      .body { white-space: pre-wrap; overflow-wrap: anywhere; }
      dl { margin: 0.5rem 0; } dt { font-weight: 600; } dd { margin: 0 0 0.25rem 1rem; }
      .notice { padding: 0.75rem 1rem; border-inline-start: 6px solid var(--efa-color-info, #1f3d7a); background: var(--efa-color-info-background, #e8eef9); margin-block: 0.5rem; }
      [data-tone='danger'] { border-color: var(--efa-color-danger, #b00020); background: var(--efa-color-danger-background, #fdecee); }
      [data-tone='success'] { border-color: var(--efa-color-success, #1e6b34); background: var(--efa-color-success-background, #e9f5ec); }
      .field textarea { display: block; width: 100%; max-width: 40rem; min-height: 6rem; font: inherit; }
      .consent { display: flex; gap: 0.5rem; align-items: flex-start; }
      .consent input { width: 1.5rem; height: 1.5rem; flex: none; margin: 0; }
      .mono { font-family: ui-monospace, monospace; overflow-wrap: anywhere; font-size: 0.8125rem; }
      .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
    `,
  ];

  /** Base URL of the tRPC endpoint that serves `mailbox.*` (used when `source` is not set). */
  @property() endpoint = '/trpc';
  /** Where decision PDFs are downloaded: `<attachment-base>/<message id>/<n>`. */
  @property({ attribute: 'attachment-base' }) attachmentBase = '/postfach/anlage';
  /** Language: `de` (default) or `en`; otherwise the nearest `lang` attribute. */
  @property() override lang = '';
  /** Where the mailbox comes from; default: the tRPC procedures at `endpoint`. */
  @property({ attribute: false }) source: MailboxSource | undefined;

  @state() private applications: MailboxApplication[] = [];
  @state() private loaded = false;
  @state() private consent: MailboxConsent | null = null;
  @state() private expanded = new Set<string>();
  @state() private messagesOf = new Map<string, MailboxMessage[]>();
  @state() private error = '';
  @state() private announcement = '';
  @state() private busy = false;
  private drafts = new Map<string, string>();
  private invalid = new Set<string>();
  private focusAfterRender: string | null = null;

  /** An English mailbox renders once its texts are here: no German flashes first. */
  // biome-ignore lint/suspicious/noConfusingVoidType: Lit's own signature of scheduleUpdate.
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = textsReady(this.locale);
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  private get locale(): Locale {
    return elementLocale(this);
  }
  private get t(): Translate {
    return translator(this.locale);
  }
  private get api(): MailboxSource {
    this.source ??= trpcMailboxSource({ endpoint: this.endpoint, locale: this.locale });
    return this.source;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private failed(error: unknown) {
    this.error = error instanceof EndpointError || error instanceof Error ? error.message : String(error);
  }

  /** Loads the applications and the consent; kept messages of open applications are reloaded. */
  async load(): Promise<void> {
    this.error = '';
    try {
      const [list, consent] = await Promise.all([this.api.list(), this.api.currentConsent()]);
      this.applications = list.applications;
      this.consent = consent.consent;
      for (const id of this.expanded) await this.loadMessages(id);
    } catch (error) {
      this.failed(error);
    } finally {
      this.loaded = true;
    }
  }

  private async loadMessages(applicationId: string) {
    const { messages } = await this.api.messages(applicationId);
    this.messagesOf = new Map(this.messagesOf).set(applicationId, messages);
  }

  private async toggle(applicationId: string) {
    const expanded = new Set(this.expanded);
    if (expanded.has(applicationId)) expanded.delete(applicationId);
    else {
      expanded.add(applicationId);
      try {
        await this.loadMessages(applicationId);
      } catch (error) {
        this.failed(error);
      }
    }
    this.expanded = expanded;
    this.focusAfterRender = `toggle-${applicationId}`;
  }

  private async open(message: MailboxMessage) {
    this.error = '';
    try {
      const opened = await this.api.open(message.messageId);
      const list = (this.messagesOf.get(message.applicationId) ?? []).map((m) =>
        m.messageId === opened.messageId ? opened : m,
      );
      this.messagesOf = new Map(this.messagesOf).set(message.applicationId, list);
      this.applications = (await this.api.list()).applications;
      this.focusAfterRender = `message-${message.messageId}`;
    } catch (error) {
      this.failed(error);
    }
  }

  private async answer(message: MailboxMessage) {
    const body = (this.drafts.get(message.messageId) ?? '').trim();
    if (!body) {
      this.invalid.add(message.messageId);
      this.focusAfterRender = `answer-${message.messageId}`;
      this.requestUpdate();
      return;
    }
    this.invalid.delete(message.messageId);
    this.busy = true;
    this.error = '';
    try {
      const { messageId } = await this.api.answer(message.messageId, body);
      this.drafts.delete(message.messageId);
      await this.loadMessages(message.applicationId);
      this.announcement = this.t('answer.sent');
      this.dispatchEvent(
        new CustomEvent('efa-mailbox-answered', { detail: { messageId }, bubbles: true, composed: true }),
      );
    } catch (error) {
      this.failed(error);
    } finally {
      this.busy = false;
    }
  }

  private async setConsent(given: boolean) {
    this.error = '';
    try {
      this.consent = (await this.api.consent(given)).consent;
      // The deemed dates depend on the consent: reload the open messages.
      for (const id of this.expanded) await this.loadMessages(id);
      this.announcement = this.consentText();
    } catch (error) {
      this.failed(error);
    }
  }

  private consentText(): string {
    const t = this.t;
    if (!this.consent) return t('consent.none');
    const at = dateTime[this.locale].format(new Date(this.consent.at));
    return t(this.consent.given ? 'consent.given' : 'consent.revoked', { at });
  }

  private when(iso: string | null): string {
    return iso ? dateTime[this.locale].format(new Date(iso)) : this.t('message.notYet');
  }

  private size(bytes: number): string {
    const n = new Intl.NumberFormat(this.locale === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: 1 });
    return bytes < 1024
      ? `${n.format(bytes)} B`
      : bytes < 1_048_576
        ? `${n.format(bytes / 1024)} KB`
        : `${n.format(bytes / 1_048_576)} MB`;
  }

  private renderConsent(): HTMLElement {
    const t = this.t;
    const box = h('input', {
      type: 'checkbox',
      id: 'consent',
      'data-key': 'consent',
      'aria-describedby': 'consent-hint consent-state',
      onchange: (event: Event) => void this.setConsent((event.target as HTMLInputElement).checked),
    }) as HTMLInputElement;
    box.checked = this.consent?.given ?? false;
    return h(
      'section',
      { 'aria-labelledby': 'consent-heading' },
      h('h2', { id: 'consent-heading' }, t('consent.heading')),
      h('div', { class: 'consent' }, box, h('label', { for: 'consent' }, t('consent.label'))),
      h('p', { id: 'consent-hint', class: 'meta' }, t('consent.hint')),
      h('p', { id: 'consent-state' }, this.consentText()),
    );
  }

  private renderMessage(message: MailboxMessage): HTMLElement {
    const t = this.t;
    const kind = t(`message.kind.${message.kind}` as MailboxMessageKey);
    const unread = !message.firstRetrievedAt && message.kind !== 'answer';
    const item = h(
      'li',
      {},
      h(
        'p',
        { class: 'message-title', id: `title-${message.messageId}` },
        `${kind}: ${message.title}`,
        unread && h('span', { class: 'badge' }, t('message.unread')),
      ),
      h('p', { class: 'meta' }, `${t('message.provided')}: ${this.when(message.providedAt)}`),
    );
    if (!message.readable) {
      item.append(
        h(
          'p',
          { class: 'notice' },
          t('message.level', { level: t(`level.${message.requiredTrustLevel}` as MailboxMessageKey) }),
        ),
      );
      return item;
    }
    if (unread) {
      item.append(
        h(
          'button',
          {
            type: 'button',
            class: 'button button--secondary',
            'data-key': `open-${message.messageId}`,
            'aria-describedby': `title-${message.messageId}`,
            onclick: () => void this.open(message),
          },
          t('message.open'),
        ),
      );
      return item;
    }
    const details = h('div', { 'data-key': `message-${message.messageId}`, tabindex: '-1' });
    if (message.sender)
      details.append(h('p', { class: 'meta' }, t('message.from', { sender: message.sender })));
    if (message.body) details.append(h('p', { class: 'body' }, message.body));
    if (message.kind === 'decision') details.append(this.renderDates(message));
    for (const [n, file] of message.attachments.entries()) {
      details.append(
        h(
          'p',
          {},
          h(
            'a',
            { href: `${this.attachmentBase}/${message.messageId}/${n}`, download: file.filename },
            t('message.attachment', { filename: file.filename, size: this.size(file.size) }),
          ),
        ),
        h('details', {}, h('summary', {}, t('message.sha512')), h('p', { class: 'mono' }, file.sha512)),
      );
    }
    if (message.kind === 'question') details.append(this.renderAnswerForm(message));
    item.append(details);
    return item;
  }

  private renderDates(message: MailboxMessage): HTMLElement {
    const t = this.t;
    const day = (iso: string) => dateOnly[this.locale].format(new Date(`${iso}T00:00:00Z`));
    const list = h(
      'dl',
      {},
      h('dt', {}, t('message.provided')),
      h('dd', {}, this.when(message.providedAt)),
      h('dt', {}, t('message.notified')),
      h('dd', {}, this.when(message.notificationSentAt)),
      h('dt', {}, t('message.retrieved')),
      h('dd', {}, this.when(message.firstRetrievedAt)),
    );
    if (message.deemedNotifiedAt)
      list.append(h('dt', {}, t('message.deemed')), h('dd', {}, day(message.deemedNotifiedAt)));
    else if (message.provisionEndsOn && !message.firstRetrievedAt)
      list.append(h('dt', {}, t('message.provisionEnds')), h('dd', {}, day(message.provisionEndsOn)));
    const wrapper = h('div', {}, list);
    if (message.provisionEnded)
      wrapper.append(h('p', { class: 'notice', 'data-tone': 'danger' }, t('message.provisionEnded')));
    else if (!message.deemedNotifiedAt && !this.consent?.given)
      wrapper.append(h('p', { class: 'notice' }, t('message.noConsent')));
    return wrapper;
  }

  private renderAnswerForm(message: MailboxMessage): HTMLElement {
    const t = this.t;
    const id = `answer-${message.messageId}`;
    const invalid = this.invalid.has(message.messageId);
    const area = h('textarea', {
      id,
      name: 'answer',
      'data-key': id,
      maxlength: '10000',
      required: true,
      ...(invalid ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-error` } : {}),
      oninput: (event: Event) =>
        this.drafts.set(message.messageId, (event.target as HTMLTextAreaElement).value),
    }) as HTMLTextAreaElement;
    area.value = this.drafts.get(message.messageId) ?? '';
    return h(
      'form',
      {
        novalidate: true,
        onsubmit: (event: Event) => {
          event.preventDefault();
          void this.answer(message);
        },
      },
      h(
        'div',
        { class: 'field' },
        h('label', { for: id }, t('answer.label')),
        invalid &&
          h('p', { id: `${id}-error`, class: 'notice', 'data-tone': 'danger' }, t('answer.required')),
        area,
      ),
      h(
        'button',
        { type: 'submit', class: 'button', ...(this.busy ? { disabled: true } : {}) },
        t('answer.submit'),
      ),
    );
  }

  private renderApplication(application: MailboxApplication): HTMLElement {
    const t = this.t;
    const open = this.expanded.has(application.applicationId);
    const listId = `messages-${application.applicationId}`;
    const statusLabel = t(`status.${application.status}` as MailboxMessageKey);
    const section = h(
      'article',
      { class: 'application', 'aria-labelledby': `app-${application.applicationId}` },
      h('h3', { id: `app-${application.applicationId}` }, application.serviceName),
      h('p', { class: 'meta' }, t('application.reference', { reference: application.reference })),
      h(
        'p',
        { class: 'status' },
        t('application.status', { status: application.statusText || statusLabel }),
        application.unread > 0 &&
          h('span', { class: 'badge' }, t('application.unread', { count: String(application.unread) })),
      ),
      application.additionalInformation ? h('p', {}, application.additionalInformation) : null,
      h(
        'details',
        {},
        h('summary', {}, t('application.track')),
        h(
          'ol',
          { class: 'track' },
          ...application.track.map((step) =>
            h('li', {}, `${t(`status.${step.status}` as MailboxMessageKey)} – ${this.when(step.at)}`),
          ),
        ),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'button button--secondary',
          'aria-expanded': open ? 'true' : 'false',
          'aria-controls': listId,
          'data-key': `toggle-${application.applicationId}`,
          onclick: () => void this.toggle(application.applicationId),
        },
        t(open ? 'application.hide' : 'application.show'),
      ),
    );
    if (open) {
      const messages = this.messagesOf.get(application.applicationId) ?? [];
      section.append(
        messages.length === 0
          ? h('p', { id: listId }, t('messages.empty'))
          : h(
              'ul',
              { class: 'messages', id: listId, 'aria-label': application.serviceName },
              ...messages.map((m) => this.renderMessage(m)),
            ),
      );
    }
    return section;
  }

  private live?: HTMLElement;
  private alert?: HTMLElement;
  private main?: HTMLElement;

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const t = this.t;
    const root = this.renderRoot;
    if (!this.main || !this.live || !this.alert) {
      this.live = h('div', { role: 'status', 'aria-live': 'polite', class: 'visually-hidden' });
      this.alert = h('div', { role: 'alert' });
      this.main = h('div');
      root.append(this.live, this.alert, this.main);
    }
    if (this.live.textContent !== this.announcement) this.live.textContent = this.announcement;
    this.alert.replaceChildren(
      ...(this.error
        ? [h('p', { class: 'notice', 'data-tone': 'danger' }, h('strong', {}, `${t('error')}: `), this.error)]
        : []),
    );
    const active = (root as ShadowRoot).activeElement as HTMLElement | null;
    const activeKey = active?.getAttribute('data-key') ?? null;
    const applications = h(
      'section',
      { 'aria-labelledby': 'mailbox-heading' },
      h('h2', { id: 'mailbox-heading' }, t('heading')),
    );
    if (!this.loaded) applications.append(h('p', { 'aria-busy': 'true' }, t('loading')));
    else if (this.applications.length === 0) applications.append(h('p', {}, t('empty')));
    else applications.append(...this.applications.map((a) => this.renderApplication(a)));
    this.main.replaceChildren(applications, this.renderConsent());
    const target = this.focusAfterRender ?? activeKey;
    this.focusAfterRender = null;
    if (target) root.querySelector<HTMLElement>(`[data-key="${CSS.escape(target)}"]`)?.focus();
  }
}
