import { EndpointError } from '@efa-kit/core/client';
import { elementLocale, h } from '@efa-kit/core/elements';
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
import { renderMessages } from './case-messages.js';
import { renderCaseTable } from './case-table.js';
import { renderAttachments, renderData, renderRejectSelect, renderVerification } from './case-view.js';
import { isEncryptedAnswer, type OpenedAnswer, openAnswer } from './citizen-answers.js';
import type { DataValidator, DecryptedAttachment } from './decrypt.js';
import { applyDataCheck } from './decrypt.js';
import {
  backupDestination,
  generateDestinationKeys,
  importKeyFile,
  type PublicJwks,
  restoreBackup,
} from './enrolment.js';
import { InboxError } from './errors.js';
import { signAccept, signReject } from './events.js';
import { type Locale, textsReady, translator } from './format.js';
import { type DestinationKeys, indexedDbKeyStore, type KeyStore } from './key-store.js';
import { type KeyAction, renderKeysPanel } from './keys-panel.js';
import type { InboxMessageKey } from './messages/de.js';
import { encryptDecision } from './reply.js';
import {
  type CaseMessage,
  type DestinationKeyInfo,
  type EncryptedCase,
  type InboxCase,
  type InboxSource,
  trpcInboxSource,
} from './source.js';
import type { VerificationReport } from './verification.js';
import { createDecryptor, type Decryptor } from './worker-client.js';

declare global {
  interface HTMLElementTagNameMap {
    'efa-inbox': EfaInboxElement;
  }
}

interface OpenedCase {
  item: InboxCase;
  encrypted: EncryptedCase;
  keys: DestinationKeys;
  report: VerificationReport;
  data: Uint8Array | null;
  attachments: Array<DecryptedAttachment & { url: string }>;
  /** Set once accept or reject was posted and taken by the delivery service. */
  answered: 'accepted' | 'rejected' | null;
  /** Messages on the case both ways; null until loaded. */
  messages: CaseMessage[] | null;
  /** Citizens' answers decrypted here, by message id. */
  answers: Map<string, OpenedAnswer>;
  confirmed: Set<string>;
}

interface LastEnrolment {
  destinationId: string;
  publicJwks: PublicJwks;
  publicUrl: string;
  backupUrl: string | null;
}

const pageSize = 200;

/**
 * The authority's inbox: the cases of the caseworker's destinations, decrypted and checked in
 * this browser with keys that never leave it. Enrols keys (import a key file, generate a pair,
 * restore a passphrase-wrapped backup); opens a case in a Web Worker (jose, FITKO's metadata
 * schema, SHA-512 of every part); accepts or rejects it with a Security Event Token signed
 * here (PS512); changes its status, asks the applicant a question, and sends the decision as
 * a PDF encrypted here for the applicant. It talks to the server only through `source`
 * (default: the `inbox.*` procedures at `endpoint`).
 *
 * @summary Caseworker inbox with in-browser decryption, verification and signed answers.
 * @csspart keys - The key enrolment section.
 * @csspart cases - The table of cases.
 * @csspart verification - The verification result of an opened case.
 * @csspart answers - The answers of an opened case.
 * @csspart attachments - The attachments of an opened case.
 * @cssprop --efa-color-action - Button and link colour.
 * @cssprop --efa-color-danger-background - Background of failed checks.
 * @cssprop --efa-color-success-background - Background of passed checks.
 */
@customElement('efa-inbox')
export class EfaInboxElement extends ReactiveElement {
  static override styles = [
    hostStyles,
    focusRing,
    visuallyHidden,
    typography,
    buttonStyles,
    formControlStyles,
    css`
      :host { display: block; container-type: inline-size; }
      .sub { display: block; color: var(--efa-color-text-muted, #4a4a55); font-size: 0.875rem; overflow-wrap: anywhere; }
      .mono, pre { font-family: ui-monospace, monospace; }
      pre { overflow: auto; max-height: 16rem; padding: 0.5rem; border: 1px solid currentColor; white-space: pre-wrap; overflow-wrap: anywhere; }
      table { width: 100%; border-collapse: collapse; margin-block-end: 1rem; }
      caption, .caption { text-align: start; font-weight: 600; padding-block-end: 0.5rem; }
      .cases { margin-block-end: 1rem; }
      .cases .row { display: grid; grid-template-columns: minmax(9rem, 2fr) minmax(7rem, 2fr) minmax(7rem, 1.5fr) minmax(6rem, 1fr) minmax(6rem, 1fr) 5rem; gap: 0 0.5rem; padding-block: 0.5rem; border-block-end: 1px solid var(--efa-color-border, #6b6b76); }
      .cases .body .row { content-visibility: auto; contain-intrinsic-size: auto 3rem; }
      .cases .head .row { font-weight: 600; }
      .cases [role='cell'], .cases [role='rowheader'], .cases [role='columnheader'] { overflow-wrap: anywhere; }
      .cases [role='rowheader'] { font-weight: 600; }
      th, td { text-align: start; vertical-align: top; padding: 0.5rem 0.5rem 0.5rem 0; border-block-end: 1px solid var(--efa-color-border, #6b6b76); overflow-wrap: anywhere; }
      .link { background: none; border: 0; padding: 0; font: inherit; color: var(--efa-color-action, #1f3d7a); text-decoration: underline; cursor: pointer; text-align: start; min-height: 24px; }
      .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
      .notice { padding: 1rem; border-inline-start: 6px solid var(--efa-color-info, #1f3d7a); background: var(--efa-color-info-background, #e8eef9); margin-block-end: 1rem; }
      [data-tone='success'] { border-color: var(--efa-color-success, #1e6b34); background: var(--efa-color-success-background, #e9f5ec); }
      [data-tone='danger'] { border-color: var(--efa-color-danger, #b00020); background: var(--efa-color-danger-background, #fdecee); }
      .field { margin-block-end: 1rem; }
      .field input, .field textarea, .field select { display: block; width: 100%; max-width: 40rem; min-height: 2.75rem; font: inherit; padding: 0.25rem 0.5rem; }
      .file-control { display: inline-flex; flex-direction: column; gap: 0.25rem; }
      section { margin-block-end: 1.5rem; }
      dl { margin: 0 0 1rem; } dt { font-weight: 600; } dd { margin: 0 0 0.5rem 1rem; }
      @container (max-width: 48rem) {
        .cases .head { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0, 0, 0, 0); }
        .cases .row { grid-template-columns: 1fr; }
        .cases .body .row { contain-intrinsic-size: auto 12rem; }
        .cases .body [data-label]::before { content: attr(data-label) / ''; display: block; font-size: 0.875rem; font-weight: 400; color: var(--efa-color-text-muted, #4a4a55); }
        table.destinations, table.destinations tbody, table.destinations tr, table.destinations th, table.destinations td { display: block; }
        table.destinations thead { display: none; }
      }
    `,
  ];

  /** Base URL of the tRPC endpoint that serves `inbox.*` (used when `source` is not set). */
  @property() endpoint = '/trpc';
  /** Language: `de` (default) or `en`; otherwise taken from the nearest `lang` attribute. */
  @property() override lang = '';
  /** Where cases come from and answers go; default: the tRPC procedures at `endpoint`. */
  @property({ attribute: false }) source: InboxSource | undefined;
  /** Where the keys are kept; default: this browser's IndexedDB. */
  @property({ attribute: false }) keyStore: KeyStore | undefined;
  /** Starts the decryption worker; default: the package's decrypt-worker.js next to this file. */
  @property({ attribute: false }) createWorker: (() => Worker) | undefined;
  /** The host's check of the data against the service's form definition. */
  @property({ attribute: false }) validateData: DataValidator | undefined;

  @state() private cases: InboxCase[] = [];
  @state() private nextCursor: string | null = null;
  @state() private destinations: DestinationKeyInfo[] = [];
  @state() private enrolled = new Map<string, DestinationKeys>();
  @state() private busy: '' | 'load' | 'keys' | 'open' | 'answer' | 'status' | 'ask' | 'decide' = '';
  @state() private error = '';
  @state() private opened: OpenedCase | undefined;
  @state() private lastEnrolment: LastEnrolment | null = null;
  @state() private announcement = '';
  @state() private loaded = false;

  private decryptor: Decryptor | undefined;
  private passphrase: HTMLInputElement | undefined;
  private live: HTMLElement | undefined;
  private alert: HTMLElement | undefined;
  private main: HTMLElement | undefined;
  private regions = new Map<string, { deps: unknown[]; node: HTMLElement }>();
  private focusAfterRender: string | null = null;
  private caseForms:
    | { ask: HTMLFormElement; decide: HTMLFormElement; reject: ReturnType<typeof renderRejectSelect> }
    | undefined;

  /** An English inbox renders once its texts are here: no German flashes first. */
  // biome-ignore lint/suspicious/noConfusingVoidType: Lit's own signature of scheduleUpdate.
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = textsReady(this.locale);
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  get locale(): Locale {
    return elementLocale(this);
  }

  private get t() {
    return translator(this.locale);
  }

  private api(): InboxSource {
    this.source ??= trpcInboxSource({ endpoint: this.endpoint, locale: this.locale });
    return this.source;
  }

  private store(): KeyStore {
    this.keyStore ??= indexedDbKeyStore();
    return this.keyStore;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.loaded) void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.closeCase();
    this.decryptor?.close();
    this.decryptor = undefined;
    if (this.lastEnrolment) this.revoke(this.lastEnrolment);
  }

  private revoke(enrolment: LastEnrolment): void {
    URL.revokeObjectURL(enrolment.publicUrl);
    if (enrolment.backupUrl) URL.revokeObjectURL(enrolment.backupUrl);
  }

  private fail(error: unknown): void {
    if (error instanceof InboxError) this.error = this.t(error.code, error.params);
    else if (error instanceof EndpointError || error instanceof Error) this.error = error.message;
    else this.error = String(error);
  }

  private announce(key: InboxMessageKey, params?: Record<string, string>): void {
    this.announcement = this.t(key, params);
  }

  private loading: Promise<void> | undefined;

  /** Loads destinations, the keys in this browser and the first page of cases (once at a time). */
  load(): Promise<void> {
    this.loading ??= this.loadNow().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async loadNow(): Promise<void> {
    this.busy = 'load';
    this.error = '';
    try {
      const [keys, stored, list] = await Promise.all([
        this.api().destinationKeys(),
        this.store().list(),
        this.api().list({ limit: pageSize }),
      ]);
      this.destinations = keys.destinations;
      this.enrolled = new Map(stored.map((entry) => [entry.destinationId.toLowerCase(), entry]));
      this.cases = list.cases;
      this.nextCursor = list.nextCursor;
      this.loaded = true;
      this.announce('ui.list.loaded', { count: String(list.cases.length) });
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = '';
    }
  }

  async loadMore(): Promise<void> {
    if (!this.nextCursor) return;
    this.busy = 'load';
    try {
      const list = await this.api().list({ limit: pageSize, cursor: this.nextCursor });
      this.cases = [...this.cases, ...list.cases];
      this.nextCursor = list.nextCursor;
      this.announce('ui.list.loaded', { count: String(this.cases.length) });
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = '';
    }
  }

  private passphraseValue(): string {
    return this.passphrase?.value ?? '';
  }

  private async enrol(action: KeyAction, destinationId: string, file?: File): Promise<void> {
    this.busy = 'keys';
    this.error = '';
    this.announce('ui.keys.working');
    const passphrase = this.passphraseValue();
    try {
      let keys: DestinationKeys;
      let publicJwks: PublicJwks;
      let backup: string | null = null;
      if (action === 'restore') {
        const text = await (file as File).text();
        const actual = backupDestination(text);
        if (actual !== destinationId.toLowerCase())
          throw new InboxError('INBOX_BACKUP_OTHER_DESTINATION', { actual, expected: destinationId });
        keys = await restoreBackup(text, passphrase);
        publicJwks = { encryption: keys.encryption.publicJwk, signing: keys.signing.publicJwk };
      } else {
        const enrolment =
          action === 'generate'
            ? await generateDestinationKeys(destinationId, passphrase)
            : await importKeyFile(destinationId, await (file as File).text(), passphrase || undefined);
        ({ keys, publicJwks, backup } = enrolment);
      }
      await this.store().put(keys);
      this.enrolled = new Map(this.enrolled).set(keys.destinationId, keys);
      if (this.lastEnrolment) this.revoke(this.lastEnrolment);
      this.lastEnrolment = {
        destinationId: keys.destinationId,
        publicJwks,
        publicUrl: URL.createObjectURL(
          new Blob([JSON.stringify(publicJwks, null, 2)], { type: 'application/json' }),
        ),
        backupUrl: backup ? URL.createObjectURL(new Blob([backup], { type: 'application/json' })) : null,
      };
      if (this.passphrase) this.passphrase.value = '';
      const authority = this.destinations.find((d) => d.destinationId.toLowerCase() === keys.destinationId);
      this.announce('ui.keys.done', { destination: authority?.authorityName ?? keys.destinationId });
    } catch (error) {
      this.announcement = '';
      this.fail(error);
    } finally {
      this.busy = '';
    }
  }

  private closeCase(): void {
    for (const attachment of this.opened?.attachments ?? []) URL.revokeObjectURL(attachment.url);
    this.opened = undefined;
    this.caseForms = undefined;
  }

  /** Fetches, decrypts (in the worker) and checks a case, then shows it. */
  async openCase(caseId: string): Promise<void> {
    if (!this.loaded) await this.load();
    const item = this.cases.find((c) => c.caseId === caseId);
    if (!item) return;
    this.closeCase();
    this.busy = 'open';
    this.error = '';
    this.announce('ui.case.decrypting');
    try {
      const keys = this.enrolled.get(item.destinationId.toLowerCase());
      if (!keys) throw new InboxError('INBOX_KEY_MISSING', { destinationId: item.destinationId });
      const encrypted = await this.api().get(caseId);
      this.decryptor ??= createDecryptor(this.createWorker);
      const decrypted = await this.decryptor.decrypt(keys.encryption.privateKey, {
        encryptedMetadata: encrypted.encryptedMetadata,
        encryptedData: encrypted.encryptedData,
        attachments: encrypted.attachments,
        announcedAttachmentIds: encrypted.announcedAttachmentIds,
        leikaKey: item.leikaKey,
      });
      const report = await applyDataCheck(decrypted, this.validateData, item.leikaKey);
      const attachments = decrypted.attachments.map((attachment) => ({
        ...attachment,
        url: URL.createObjectURL(new Blob([attachment.bytes], { type: attachment.mimeType })),
      }));
      this.opened = {
        item,
        encrypted,
        keys,
        report,
        data: decrypted.data,
        attachments,
        answered: null,
        messages: null,
        answers: new Map(),
        confirmed: new Set(),
      };
      void this.loadMessages(caseId);
      this.focusAfterRender = 'case-heading';
      const reference = report.reference ?? item.caseId;
      this.announce('ui.case.opened', { reference, result: this.t(`verification.${report.result}`) });
      if (report.reference && report.result !== 'incomplete') {
        const result = report.result;
        this.updateCase(caseId, { reference: report.reference, verification: result });
        // The server learns the reference and the outcome, never the content.
        void this.api()
          .recordVerification({
            caseId,
            reference: report.reference,
            result,
            ...(report.findings.length ? { problems: report.findings.map((f) => f.code) } : {}),
          })
          .catch((error: unknown) => this.fail(error));
      }
    } catch (error) {
      this.announcement = '';
      this.fail(error);
    } finally {
      this.busy = '';
    }
  }

  /** The messages on the opened case (questions, answers, decisions with their read receipts). */
  async loadMessages(caseId: string): Promise<void> {
    try {
      const { messages } = await this.api().messages(caseId);
      const opened = this.opened;
      if (opened?.item.caseId !== caseId) return;
      this.opened = { ...opened, messages };
      // Answers are ciphertext for this browser: decrypt and check each one not yet opened.
      const answers = new Map(opened.answers);
      for (const message of messages)
        if (isEncryptedAnswer(message) && !answers.has(message.messageId) && this.decryptor)
          answers.set(
            message.messageId,
            await openAnswer(
              this.decryptor,
              opened.keys.encryption.privateKey,
              message,
              opened.item.leikaKey,
            ),
          );
      if (this.opened?.item.caseId === caseId) this.opened = { ...this.opened, answers };
    } catch (error) {
      this.fail(error);
    }
  }

  /** Confirms receipt of a citizen's answer: accept-submission for the answer's submission. */
  async confirmAnswer(messageId: string): Promise<void> {
    const opened = this.opened;
    const answer = opened?.answers.get(messageId);
    if (!opened || answer?.report.result !== 'valid') return;
    this.busy = 'answer';
    this.error = '';
    try {
      const set = await signAccept(
        opened.keys.signing,
        { ...this.subject(opened), submissionId: answer.submissionId },
        answer.report.authenticationTags,
      );
      const { accepted } = await this.api().postEvent({
        caseId: opened.item.caseId,
        submissionId: answer.submissionId,
        set,
      });
      if (!accepted) throw new InboxError('INBOX_EVENT_REFUSED');
      if (this.opened?.item.caseId === opened.item.caseId)
        this.opened = { ...this.opened, confirmed: new Set(this.opened.confirmed).add(messageId) };
      this.announce('ui.case.answerConfirmed');
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = '';
    }
  }

  private updateCase(caseId: string, change: Partial<InboxCase>): void {
    this.cases = this.cases.map((c) => (c.caseId === caseId ? { ...c, ...change } : c));
    if (this.opened?.item.caseId === caseId)
      this.opened = { ...this.opened, item: { ...this.opened.item, ...change } };
  }

  backToList(): void {
    const caseId = this.opened?.item.caseId;
    this.closeCase();
    if (caseId) this.focusAfterRender = `open:${caseId}`;
  }

  private subject(opened: OpenedCase) {
    return {
      destinationId: opened.item.destinationId,
      submissionId: opened.encrypted.submissionId,
      caseId: opened.item.caseId,
    };
  }

  async accept(): Promise<void> {
    const opened = this.opened;
    if (!opened || opened.report.result !== 'valid') return;
    await this.answer(opened, 'accepted', () =>
      signAccept(opened.keys.signing, this.subject(opened), opened.report.authenticationTags),
    );
  }

  async reject(choice: number): Promise<void> {
    const opened = this.opened;
    if (!opened) return;
    const chosen = this.forms(opened).reject.choices[choice];
    if (!chosen) return;
    await this.answer(opened, 'rejected', () =>
      signReject(
        opened.keys.signing,
        this.subject(opened),
        [chosen.problem],
        opened.report.authenticationTags,
      ),
    );
  }

  private async answer(opened: OpenedCase, outcome: 'accepted' | 'rejected', sign: () => Promise<string>) {
    this.busy = 'answer';
    this.error = '';
    try {
      const set = await sign();
      const { accepted } = await this.api().postEvent({
        caseId: opened.item.caseId,
        submissionId: opened.encrypted.submissionId,
        set,
      });
      if (!accepted) throw new InboxError('INBOX_EVENT_REFUSED');
      if (this.opened === opened) this.opened = { ...opened, answered: outcome };
      if (outcome === 'rejected') this.updateCase(opened.item.caseId, { status: 'rejected' });
      this.announce(outcome === 'accepted' ? 'ui.case.accepted' : 'ui.case.rejected');
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = '';
    }
  }

  async setStatus(status: 'in_progress' | 'action_required'): Promise<void> {
    const opened = this.opened;
    if (!opened) return;
    this.busy = 'status';
    this.error = '';
    try {
      const updated = await this.api().setStatus({ caseId: opened.item.caseId, status });
      this.updateCase(opened.item.caseId, { status: updated.status });
      this.announce('ui.case.statusChanged', { status: this.t(`status.${updated.status}`) });
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = '';
    }
  }

  private required(form: HTMLFormElement, names: string[]): boolean {
    for (const name of names) {
      const field = form.elements.namedItem(name) as HTMLInputElement | null;
      if (field && !field.value.trim() && field.type !== 'file') {
        const label = form.querySelector(`label[for="${field.id}"]`)?.textContent ?? name;
        this.error = this.t('ui.case.required', { field: label });
        field.setAttribute('aria-invalid', 'true');
        field.focus();
        return false;
      }
      field?.removeAttribute('aria-invalid');
    }
    return true;
  }

  private async ask(form: HTMLFormElement): Promise<void> {
    const opened = this.opened;
    if (!opened || !this.required(form, ['title', 'body'])) return;
    const data = new FormData(form);
    this.busy = 'ask';
    this.error = '';
    try {
      await this.api().ask({
        caseId: opened.item.caseId,
        title: String(data.get('title')).trim(),
        body: String(data.get('body')).trim(),
      });
      form.reset();
      this.updateCase(opened.item.caseId, { status: 'action_required' });
      this.announce('ui.case.asked');
      void this.loadMessages(opened.item.caseId);
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = '';
    }
  }

  private async decide(form: HTMLFormElement): Promise<void> {
    const opened = this.opened;
    if (!opened || !this.required(form, ['title', 'body'])) return;
    const data = new FormData(form);
    const file = data.get('decision');
    if (!(file instanceof File) || file.size === 0) {
      this.error = this.t('INBOX_DECISION_NOT_PDF');
      (form.elements.namedItem('decision') as HTMLInputElement | null)?.focus();
      return;
    }
    this.busy = 'decide';
    this.error = '';
    try {
      const { jwk } = await this.api().replyKey(opened.item.caseId);
      const decision = await encryptDecision(jwk, file.name, new Uint8Array(await file.arrayBuffer()));
      await this.api().decide({
        caseId: opened.item.caseId,
        title: String(data.get('title')).trim(),
        body: String(data.get('body')).trim(),
        decision,
      });
      form.reset();
      this.updateCase(opened.item.caseId, { status: 'decided' });
      this.announce('ui.case.decided');
      void this.loadMessages(opened.item.caseId);
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = '';
    }
  }

  /** Rebuilds a region only when one of its inputs changed (by identity). */
  private region(name: string, deps: unknown[], build: () => HTMLElement): HTMLElement {
    const cached = this.regions.get(name);
    if (cached && cached.deps.length === deps.length && cached.deps.every((dep, i) => dep === deps[i]))
      return cached.node;
    const node = build();
    this.regions.set(name, { deps, node });
    return node;
  }

  private field(id: string, label: string, control: HTMLElement): HTMLElement {
    control.id = id;
    return h('div', { class: 'field' }, h('label', { class: 'label', for: id }, label), control);
  }

  /** The ask and decide forms of an opened case: built once per case, so typing survives updates. */
  private forms(opened: OpenedCase) {
    if (this.caseForms) return this.caseForms;
    const t = this.t;
    const ask = h(
      'form',
      { novalidate: true, 'aria-labelledby': 'ask-heading' },
      h('h3', { id: 'ask-heading' }, t('ui.case.askHeading')),
      this.field(
        'ask-title',
        t('ui.case.title'),
        h('input', { name: 'title', maxlength: '200', autocomplete: 'off' }),
      ),
      this.field(
        'ask-body',
        t('ui.case.body'),
        h('textarea', { name: 'body', rows: '5', maxlength: '10000' }),
      ),
      h('button', { type: 'submit', class: 'button', 'data-key': 'ask' }, t('ui.case.send')),
    ) as HTMLFormElement;
    ask.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.ask(ask);
    });
    const decide = h(
      'form',
      { novalidate: true, 'aria-labelledby': 'decide-heading' },
      h('h3', { id: 'decide-heading' }, t('ui.case.decideHeading')),
      this.field(
        'decide-title',
        t('ui.case.title'),
        h('input', { name: 'title', maxlength: '200', autocomplete: 'off' }),
      ),
      this.field(
        'decide-body',
        t('ui.case.body'),
        h('textarea', { name: 'body', rows: '5', maxlength: '10000' }),
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { class: 'label', for: 'decide-file' }, t('ui.case.decisionFile')),
        h('span', { class: 'hint', id: 'decide-file-hint' }, t('ui.case.decisionHint')),
        h('input', {
          type: 'file',
          id: 'decide-file',
          name: 'decision',
          accept: 'application/pdf,.pdf',
          'aria-describedby': 'decide-file-hint',
        }),
      ),
      h('button', { type: 'submit', class: 'button', 'data-key': 'decide' }, t('ui.case.sendDecision')),
    ) as HTMLFormElement;
    decide.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.decide(decide);
    });
    // The reject choices depend on the report only, which does not change while the case is open.
    const reject = renderRejectSelect(opened.report, opened.encrypted.announcedAttachmentIds);
    this.caseForms = { ask, decide, reject };
    return this.caseForms;
  }

  private renderCase(opened: OpenedCase): HTMLElement {
    const t = this.t;
    const locale = this.locale;
    const report = opened.report;
    const reference = report.reference ?? opened.item.reference ?? opened.item.caseId;
    const answered = opened.answered !== null || opened.item.status === 'rejected';
    const canAccept = report.result === 'valid' && !answered;
    const forms = this.forms(opened);
    const select = forms.reject.select;
    const busy = this.busy !== '';
    for (const button of [
      ...forms.ask.querySelectorAll('button'),
      ...forms.decide.querySelectorAll('button'),
    ])
      button.disabled = busy;
    return h(
      'article',
      { class: 'case', 'data-case': opened.item.caseId },
      h(
        'p',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'button button--secondary',
            'data-key': 'back',
            onclick: () => this.backToList(),
          },
          t('ui.case.back'),
        ),
      ),
      h(
        'h2',
        { id: 'case-heading', tabindex: '-1', 'data-key': 'case-heading' },
        t('ui.case.heading', { reference }),
      ),
      h(
        'p',
        {},
        `${opened.item.serviceName ?? t('ui.list.unknownService')} · ${t(`status.${opened.item.status}`)}`,
      ),
      renderVerification(report, t),
      renderData(opened.data, t),
      renderAttachments(opened.attachments, locale, t),
      h(
        'section',
        { 'aria-labelledby': 'answer-heading' },
        h('h3', { id: 'answer-heading' }, t('ui.case.answerHeading')),
        h(
          'p',
          { class: 'actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'button',
              'data-key': 'accept',
              'aria-describedby': 'accept-hint',
              onclick: () => void this.accept(),
              ...(!canAccept || busy ? { disabled: true } : {}),
            },
            t('ui.case.accept'),
          ),
        ),
        h('p', { class: 'hint', id: 'accept-hint' }, t('ui.case.acceptHint')),
        this.field('reject-problem', t('ui.case.rejectProblem'), select),
        report.result === 'invalid' &&
          !report.findings.some((f) => f.problem) &&
          h('p', { class: 'hint' }, t('ui.case.rejectNone')),
        h(
          'p',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'button button--secondary',
              'data-key': 'reject',
              onclick: () => void this.reject(Number(select.value)),
              ...(answered || busy || select.options.length === 0 ? { disabled: true } : {}),
            },
            t('ui.case.reject'),
          ),
        ),
      ),
      h(
        'section',
        { 'aria-labelledby': 'status-heading' },
        h('h3', { id: 'status-heading' }, t('ui.case.statusHeading')),
        h(
          'p',
          { class: 'actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'button button--secondary',
              'data-key': 'in_progress',
              onclick: () => void this.setStatus('in_progress'),
              ...(busy ? { disabled: true } : {}),
            },
            t('ui.case.toInProgress'),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'button button--secondary',
              'data-key': 'action_required',
              onclick: () => void this.setStatus('action_required'),
              ...(busy ? { disabled: true } : {}),
            },
            t('ui.case.toActionRequired'),
          ),
        ),
      ),
      renderMessages(
        {
          messages: opened.messages,
          answers: opened.answers,
          confirmed: opened.confirmed,
          busy,
          onConfirm: (id) => void this.confirmAnswer(id),
        },
        locale,
        t,
      ),
      forms.ask,
      forms.decide,
    );
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const t = this.t;
    const locale = this.locale;
    const root = this.renderRoot;
    if (!this.main || !this.live || !this.alert) {
      this.live = h('div', { role: 'status', 'aria-live': 'polite', class: 'visually-hidden' });
      this.alert = h('div', { role: 'alert' });
      this.main = h('div');
      this.passphrase = h('input', {
        type: 'password',
        id: 'passphrase',
        autocomplete: 'new-password',
        'aria-describedby': 'passphrase-hint',
      }) as HTMLInputElement;
      root.append(h('h1', { class: 'visually-hidden' }, t('ui.heading')), this.live, this.alert, this.main);
    }
    if (this.live.textContent !== this.announcement) this.live.textContent = this.announcement;
    this.alert.replaceChildren(
      ...(this.error
        ? [
            h(
              'div',
              { class: 'notice', 'data-tone': 'danger' },
              h('p', {}, h('strong', {}, `${t('ui.error')}: `), this.error),
            ),
          ]
        : []),
    );
    // Re-rendering moves or replaces nodes; keep keyboard users where they were.
    const active = (root as ShadowRoot).activeElement as HTMLElement | null;
    const focusedKey = active?.getAttribute('data-key') ?? null;
    const keysBusy = this.busy === 'keys';
    const keys = this.region(
      'keys',
      [this.destinations, this.enrolled, this.lastEnrolment, keysBusy, locale],
      () =>
        renderKeysPanel(
          {
            destinations: this.destinations,
            enrolled: this.enrolled,
            passphrase: this.passphrase as HTMLInputElement,
            busy: keysBusy,
            lastEnrolment: this.lastEnrolment,
            onAction: (action, id, file) => void this.enrol(action, id, file),
          },
          t,
        ),
    );
    const list = this.region('list', [this.cases, this.nextCursor, this.loaded, locale], () =>
      h(
        'section',
        { 'aria-labelledby': 'list-heading', class: 'list' },
        h('h2', { id: 'list-heading' }, t('ui.list.heading')),
        this.loaded && this.cases.length === 0 && h('p', {}, t('ui.list.empty')),
        this.cases.length > 0 && renderCaseTable(this.cases, locale, t, (id) => void this.openCase(id)),
        this.nextCursor &&
          h(
            'button',
            {
              type: 'button',
              class: 'button button--secondary',
              'data-key': 'more',
              onclick: () => void this.loadMore(),
            },
            t('ui.list.more'),
          ),
      ),
    );
    const opened = this.opened;
    list.hidden = opened !== undefined;
    keys.hidden = opened !== undefined;
    const children: HTMLElement[] = [keys, list];
    if (this.busy === 'open' || (this.busy === 'load' && !this.loaded))
      children.push(
        h('p', { 'aria-busy': 'true' }, this.busy === 'open' ? t('ui.case.decrypting') : t('ui.loading')),
      );
    if (opened) children.push(this.renderCase(opened));
    this.main.replaceChildren(...children);
    const target = this.focusAfterRender;
    this.focusAfterRender = null;
    if (target) root.querySelector<HTMLElement>(`[data-key="${CSS.escape(target)}"]`)?.focus();
    else if (active?.isConnected) {
      if ((root as ShadowRoot).activeElement !== active) active.focus();
    } else if (focusedKey) root.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusedKey)}"]`)?.focus();
  }
}
