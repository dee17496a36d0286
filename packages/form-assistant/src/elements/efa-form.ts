import type { Locale } from '@efa-kit/core';
import { type BrowserStateSlot, browserStateSlot, EndpointError } from '@efa-kit/core/client';
import { elementLocale } from '@efa-kit/core/elements';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ref } from 'lit/directives/ref.js';
import { holds, type RepeatScope, todayIso } from '../conditions/expression.js';
import { t, type UiMessageKey } from '../messages/ui.js';
import type { FormDefinition, Group, Item, Step, ValueField } from '../schema/definition.js';
import type { ResumeCodeAnswer } from '../schema/drafts.js';
import { type DraftRef, isSubmitAnswer, type SubmitAnswer, type SubmitInput } from '../schema/submission.js';
import type { FormData as ApplicationData } from '../schema/values.js';
import { fieldOptions, findItem, isGroup } from '../schema/walk.js';
import type { FormValidator } from '../validation/generate.js';
import { isApplicationId, newApplicationId } from './application-id.js';
import type { CheckAnswersContext } from './check-answers.js';
import type { ChoiceOption } from './choice-options.js';
import type { DraftPanelActions } from './draft-panel.js';
import { DraftStore } from './draft-store.js';
import type { TownLookup } from './efa-address-field.js';
import type {
  EfaErrorSummaryElement,
  ErrorSummaryItem,
  ErrorSummarySelectDetail,
} from './efa-error-summary.js';
import { formStyles } from './efa-form.styles.js';
import { fieldList } from './field-list-directive.js';
import { fieldElementsDefined, fieldTagsOf, loadFieldElements } from './field-loaders.js';
import { type FieldContext, fieldProps } from './field-props.js';
import { formProcedure } from './form-api.js';
import type { FormField } from './form-associated-element.js';
import { fieldId, getPath, keyPath, localized, setPath } from './form-data-paths.js';
import type { IssueLike, PathMessage } from './issue-text.js';
import { type LaterParts, laterParts } from './later-parts-loader.js';
import { type ServerDraftLink, ServerDraftSync } from './server-draft.js';
import { type FieldError, fieldMessage, onePerPath, orderErrors, targetPath } from './step-errors.js';
import { type ValidationKit, validation, validationNow } from './validation-loader.js';

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Sets properties on a field element, and its model value only when it differs from what the
 * field holds: writing back what the user just typed would reformat the text under the cursor.
 */
function setFieldProps(element: HTMLElement, props: Record<string, unknown>): void {
  const target = element as unknown as Record<string, unknown>;
  for (const key in props) {
    const value = props[key];
    if (key === 'modelValue' ? !sameValue(target[key], value) : target[key] !== value) target[key] = value;
  }
}

export interface FormSubmitDetail {
  formId: string;
  version: string;
  /** The validated application: only answered, shown fields, normalised. */
  data: ApplicationData;
  /** The application's id, the same on every retry (`submit` is idempotent by it). */
  applicationId: string;
}

export interface FormSubmittedDetail {
  /** What the submit procedure answered. */
  result: unknown;
  /**
   * The submission's reference and delivery state when the procedure submitted (`form.submit`);
   * null when it only validated (`form.submitPreview`) or no procedure was called.
   */
  answer: SubmitAnswer | null;
}

export interface FormSubmitErrorDetail {
  /** The server's code ("FORM_TRUST_LEVEL_TOO_LOW", "UNAUTHORIZED") or "NETWORK". */
  code: string;
  message: string;
  status: number;
}

const checkPage = '#check';
const maxRepeat = 1_000;

/**
 * The form assistant: renders a form definition step by step, with a progress indicator,
 * back and next, per-step validation generated from the definition (the same the server
 * runs), an error summary that takes focus, repeatable groups, conditional questions, a
 * check-your-answers page with change links, and a draft kept in the browser per person (`state-scope`), or for the tab only.
 *
 * The field elements come from the entry that registers the form: `@efa-kit/form-assistant/form`
 * loads the kinds a definition uses on demand (a chunk per kind, before the step renders);
 * `@efa-kit/form-assistant` (and the CDN file) has them all in one file.
 *
 * @summary The form assistant: a whole application from a form definition.
 * @fires efa-form-load - The definition is ready; detail `{ definition }`.
 * @fires efa-form-step-change - Another step (or the check page, id "#check") is shown; detail `{ stepId, index, total }`.
 * @fires efa-form-invalid - A step or the application did not validate; detail `{ errors }`.
 * @fires efa-form-draft-restore - A saved draft was restored; detail `{ savedAt }`.
 * @fires efa-form-submit - The citizen submits a valid application (cancelable: cancel to send it yourself); detail `FormSubmitDetail`.
 * @fires efa-form-submitted - The endpoint answered; detail `FormSubmittedDetail` (`answer`: reference and delivery state, null when it only validated).
 * @fires efa-form-submit-error - Submitting failed (network, login, trust level); the draft is kept; detail `FormSubmitErrorDetail`.
 * @slot check - Shown on the check-your-answers page before the submit button (e.g. the fee to pay with `<efa-payment>`); hidden on the other steps.
 * @csspart progress - The "Schritt 2 von 5" indicator.
 * @csspart error-summary - The error summary.
 * @csspart actions - The row of buttons.
 * @cssprop --efa-color-action - Buttons and links (from the theme).
 */
@customElement('efa-form')
export class EfaFormElement extends LitElement {
  static override styles = formStyles;

  /** The form definition (takes precedence over `src` and `form-id`). */
  @property({ attribute: false }) definition: FormDefinition | undefined;
  /** URL of a definition as JSON. */
  @property() src = '';
  /** Id of a definition to fetch from `endpoint` with the `definition-procedure` query. */
  @property({ attribute: 'form-id' }) formId = '';
  /** tRPC base URL (definition, submission, place search). */
  @property() endpoint = '';
  @property({ attribute: 'definition-procedure' }) definitionProcedure = 'form.definition';
  /**
   * Mutation that takes `{ formId, version, applicationId, data }`: `form.submit` submits (and
   * answers reference and delivery state), `form.submitPreview` only validates; empty: the page
   * handles `efa-form-submit`.
   */
  @property({ attribute: 'submit-procedure' }) submitProcedure = '';
  /** The upload route its file fields send files to ("/uploads"); empty: files stay in the browser. */
  @property({ attribute: 'upload-endpoint' }) uploadEndpoint = '';
  /**
   * Query for values from the signed-in applicant's identity (`{ formId }` → `{ data, locked }`
   * or null); empty: no prefill from the endpoint.
   */
  @property({ attribute: 'prefill-procedure' }) prefillProcedure = '';
  /** Query the address fields ask for the towns of a postcode. */
  @property({ attribute: 'places-procedure' }) placesProcedure = 'jurisdiction.searchPlaces';
  /** tRPC base URL of the place search, if not `endpoint`. */
  @property({ attribute: 'places-endpoint' }) placesEndpoint = '';
  @property({ attribute: false }) townLookup: TownLookup | undefined;
  /** Values from a verified identity and which of them are locked (`prefillFromIdentity`). */
  @property({ attribute: false }) prefilled: { data: ApplicationData; locked: string[] } | undefined;
  /**
   * Namespace of the drafts router ("drafts") on `endpoint`: the draft is then also saved on the
   * server (after a pause in typing and at every step), versioned, and can be continued on
   * another device with a resume code. Empty: the browser copy only.
   */
  @property({ attribute: 'draft-procedures' }) draftProcedures = '';
  /** Do not keep a draft in the browser at all. */
  @property({ type: Boolean, attribute: 'no-autosave' }) noAutosave = false;
  /**
   * The signed-in person's browser-state scope (an opaque token the portal sets per person):
   * the draft is kept in localStorage under it and removed by `clearBrowserState()` at logout.
   * Empty (anonymous): the draft lives in sessionStorage, for this tab only.
   */
  @property({ attribute: 'state-scope' }) stateScope = '';
  @property() override lang = '';

  @state() private data: ApplicationData = {};
  @state() private stepId = '';
  @state() private errors: FieldError[] = [];
  @state() private status: 'idle' | 'loading' | 'load-error' | 'submitting' | 'submitted' | 'submit-error' =
    'idle';
  @state() private notice = '';
  @state() private announcement = '';
  /** The answer of a submit; null after a procedure that only validated. */
  @state() private submitAnswer: SubmitAnswer | null = null;
  /** The server's message for a refused submit (empty: the generic one). */
  @state() private submitErrorText = '';
  /** The application's id once it was first sent; kept with the draft. */
  private applicationId = '';
  /** Re-renders when the server draft's status changes. */
  @state() private draftTick = 0;
  @state() private resumeCode: ResumeCodeAnswer | undefined;
  private serverSync: ServerDraftSync | undefined;
  private readonly draftActions: DraftPanelActions = {
    retry: () => void this.serverSync?.save(),
    saveAsNew: () => void this.serverSync?.saveAsNew(),
    keepMine: () => void this.resolveConflict('mine'),
    takeTheirs: () => void this.resolveConflict('theirs'),
    saveForLater: () => void this.saveForLater(),
  };

  /** The definition start() ran for: the form renders it, with or without its validator yet. */
  private started: FormDefinition | undefined;
  /** Null until the validation chunk is there (validatorReady loads it). */
  private validator: FormValidator | undefined;
  private kit: ValidationKit | undefined;
  /** "today" for conditions and date bounds, fixed per render. */
  private today = todayIso();
  private returnToCheck = false;
  private loadedFrom = '';

  /** Field elements of the previous render by data path, and of the current one. */
  private fields = new Map<string, HTMLElement>();
  private renderedFields = new Map<string, HTMLElement>();

  /** The locale while rendering: looked up once per render, not once per text of 300 fields. */
  private renderLocale: Locale | undefined;

  get locale(): Locale {
    return this.renderLocale ?? elementLocale(this);
  }

  /** The current answers (a copy). */
  get value(): ApplicationData {
    return structuredClone(this.data);
  }

  /** The server draft the answers are saved as (id, and the key of a draft without login); undefined without one. */
  get serverDraft(): DraftRef | undefined {
    const link = this.serverSync?.link;
    return link ? { draftId: link.draftId, ...(link.key ? { key: link.key } : {}) } : undefined;
  }

  /** The step shown: a step's id, "#check" for the check-your-answers page, "" before a definition. */
  get currentStepId(): string {
    return this.stepId;
  }

  /**
   * The id this application is submitted under, made now if it has none yet and kept with the
   * draft at once: a page binds something to the application before its first submit (the
   * fee payment, which the server's fee check looks up by this id), and a reload or a return
   * from the payment provider keeps it.
   */
  ensureApplicationId(): string {
    if (!this.applicationId) {
      this.applicationId = newApplicationId();
      this.persistDraftNow();
    }
    return this.applicationId;
  }

  private msg(key: UiMessageKey, params?: Record<string, string | number>): string {
    return t(this.locale, key, params);
  }

  private text(value: Parameters<typeof localized>[0]): string {
    return localized(value, this.locale);
  }

  /** Events are documented in the class comment (`@fires`), where the manifest reads them. */
  private emit<T>(type: string, detail: T, cancelable = false): boolean {
    const event = new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable });
    return this.dispatchEvent(event);
  }

  // ── loading and drafts ────────────────────────────────────────────────────────────────

  /** A field element's chunk could not be loaded (offline): the form says so instead of half a step. */
  private elementsFailed = false;

  /**
   * The field elements of the step about to show are loaded (each kind its own chunk) before
   * the form renders it, so no field shows unupgraded and then jumps into shape; once they are
   * defined this adds nothing, not even a microtask. The other steps' kinds follow when the
   * browser is idle, so "Weiter" does not wait for them.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: Lit's own signature of scheduleUpdate.
  protected override scheduleUpdate(): void | Promise<unknown> {
    const definition = this.definition;
    // Before the definition starts, the step is not known yet: its first step's kinds.
    const step = definition?.steps.find((candidate) => candidate.id === this.stepId) ?? definition?.steps[0];
    const fields = definition && step ? loadFieldElements(fieldTagsOf(definition, step)) : undefined;
    // The error summary and check-your-answers: before the first render that shows one of them
    // (usually prefetched by then, see updated()). The draft panel does not hold up step 1.
    const parts = !laterParts.now() && this.showsLaterParts() ? laterParts.load() : undefined;
    // English texts are a chunk of their own: fetched with the fields, rendered once both are here.
    const texts = t.ready(this.locale);
    if (!fields && !parts && !texts) return super.scheduleUpdate();
    if (!fields && !parts) return (texts as Promise<void>).then(() => super.scheduleUpdate());
    return Promise.all([fields, parts, texts]).then(
      () => {
        this.elementsFailed = false;
        return super.scheduleUpdate();
      },
      () => {
        this.elementsFailed = true;
        return super.scheduleUpdate();
      },
    );
  }

  private showsLaterParts(): boolean {
    return this.stepId === checkPage || this.errors.length > 0;
  }

  /**
   * The later parts for the draft panel: there, or fetched and rendered when they come. Step 1
   * of a form with server drafts renders without its panel rather than wait a round trip: the
   * panel has nothing to say before the first save.
   */
  private draftPanelParts(): LaterParts | undefined {
    const parts = laterParts.now();
    if (!parts)
      void laterParts.load().then(
        () => this.requestUpdate(),
        () => undefined,
      );
    return parts;
  }

  /** A resumed draft's step whose kinds are not loaded yet: load them, then render it. */
  private awaitStepElements(definition: FormDefinition, step: Step): boolean {
    const tags = fieldTagsOf(definition, step);
    if (fieldElementsDefined(tags)) return false;
    void loadFieldElements(tags)?.then(
      () => this.requestUpdate(),
      () => {
        this.elementsFailed = true;
        this.requestUpdate();
      },
    );
    return true;
  }

  private prefetched: FormDefinition | undefined;

  protected override updated(): void {
    const definition = this.definition;
    if (!definition || this.prefetched === definition) return;
    this.prefetched = definition;
    const prefetch = () => {
      void loadFieldElements(fieldTagsOf(definition))?.catch(() => undefined);
      void this.validatorReady().catch(() => undefined);
      void laterParts.load().catch(() => undefined);
    };
    if ('requestIdleCallback' in window) requestIdleCallback(prefetch, { timeout: 2_000 });
    else setTimeout(prefetch, 0);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another person's scope: their draft (or none), never the answers on screen.
    const scopeChanged = changed.has('stateScope') && changed.get('stateScope') !== undefined;
    if (scopeChanged) this.flushDraft();
    if ((changed.has('definition') || scopeChanged) && this.definition) this.start(this.definition);
    const source = this.definition
      ? ''
      : this.src || (this.formId && this.endpoint ? `${this.endpoint}#${this.formId}` : '');
    if (source && source !== this.loadedFrom) {
      this.loadedFrom = source;
      void this.load();
    }
  }

  /** The definition from the router (typed by its `definition`; still parsed before it renders). */
  private async definitionFromEndpoint(): Promise<unknown> {
    const { api, name } = formProcedure(this.endpoint, this.locale, this.definitionProcedure);
    return api.query(name as 'definition', { id: this.formId });
  }

  private async load(): Promise<void> {
    this.status = 'loading';
    try {
      const raw = this.src
        ? await fetch(this.src, { headers: { accept: 'application/json' } }).then((response) => {
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
            return response.json() as Promise<unknown>;
          })
        : await this.definitionFromEndpoint();
      // A definition from the network is checked before it renders: the validation comes first.
      this.definition = (await validation()).parseFormDefinition(raw);
      this.status = 'idle';
    } catch {
      this.status = 'load-error';
    }
  }

  /**
   * Where the draft lives: localStorage under the signed-in person's `state-scope`, or
   * sessionStorage (this tab only) without one, so the next person on a shared device never
   * sees it (issue 11, finding 4). `clearBrowserState()` at logout removes it.
   */
  private get draftSlot(): BrowserStateSlot | undefined {
    if (!this.definition) return undefined;
    return browserStateSlot(this.stateScope, 'form-draft', this.definition.id, this.definition.version);
  }

  private readonly draftStore = new DraftStore({
    slot: () => this.draftSlot,
    snapshot: () => ({
      stepId: this.stepId,
      data: this.data,
      ...(this.applicationId ? { applicationId: this.applicationId } : {}),
      ...(this.serverSync?.link ? { server: this.serverSync.link } : {}),
    }),
    autosave: () => !this.noAutosave,
    open: () => this.status !== 'submitted',
  });

  private saveDraft(): void {
    // The server copy after a longer pause: a few requests per page of typing.
    if (this.draftStore.save()) this.serverSync?.schedule(1_500);
  }

  /** Writes a pending draft now (also called when the page is hidden or closed). */
  flushDraft(): void {
    this.draftStore.flush();
  }

  private readonly onPageHide = () => this.flushDraft();

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pagehide', this.onPageHide);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.onPageHide);
    this.flushDraft();
  }

  /**
   * Continues an application from saved answers (e.g. a server draft), at a step or at the
   * check page ("#check"); the first step when the id is unknown.
   */
  restore(data: ApplicationData, stepId?: string): void {
    this.data = this.withPrefill(structuredClone(data));
    this.errors = [];
    const steps = this.visibleSteps();
    this.stepId =
      stepId === checkPage || steps.some((step) => step.id === stepId)
        ? (stepId ?? '')
        : (steps[0]?.id ?? '');
    this.saveDraft();
  }

  // ── server drafts ────────────────────────────────────────────────────────────────────

  private setUpServerDraft(definition: FormDefinition, link: ServerDraftLink | undefined): void {
    this.serverSync?.cancel();
    this.resumeCode = undefined;
    if (!this.draftProcedures || !this.endpoint || this.noAutosave) {
      this.serverSync = undefined;
      return;
    }
    const sync = new ServerDraftSync({
      endpoint: this.endpoint,
      procedures: this.draftProcedures,
      locale: this.locale,
      formId: definition.id,
      snapshot: () => ({
        stepId: this.stepId,
        data: this.data,
        ...(this.applicationId ? { applicationId: this.applicationId } : {}),
      }),
      changed: () => {
        this.draftTick += 1;
        // The link (id, key, version) goes with the browser copy, so a reload continues the same draft.
        if (this.status !== 'submitted') this.draftStore.saveNow();
      },
    });
    if (link) {
      sync.link = link;
      if (link.savedAt && link.expiresAt)
        sync.status = { kind: 'saved', savedAt: link.savedAt, expiresAt: link.expiresAt };
    }
    this.serverSync = sync;
  }

  private stepTitle(stepId: string): string {
    if (stepId === checkPage) return this.msg('form.checkAnswers');
    const step = this.definition?.steps.find((candidate) => candidate.id === stepId);
    return step ? this.text(step.title) : stepId;
  }

  private async resolveConflict(choice: 'mine' | 'theirs'): Promise<void> {
    const sync = this.serverSync;
    if (!sync) return;
    if (choice === 'theirs') {
      const theirs = sync.takeTheirs();
      if (theirs) this.restore(theirs.data as ApplicationData, theirs.stepId);
    } else {
      await sync.keepMine();
    }
    this.announcement = this.msg('draft.conflictResolved');
    void this.focusHeading();
  }

  private async saveForLater(): Promise<void> {
    const sync = this.serverSync;
    if (!sync) return;
    try {
      this.resumeCode = await sync.createResumeCode();
    } catch (error) {
      this.resumeCode = undefined;
      this.announcement = this.msg('draft.codeFailed', {
        reason: error instanceof Error && error.message ? error.message : '',
      });
      return;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-resume-code]')?.focus();
  }

  /**
   * Continues a server draft on this device: by resume code (which it uses up) or, for the
   * logged-in person's own draft, by its id. Lands on the step where the citizen stopped.
   * Resolves with an error message when it could not (the answers on screen stay).
   */
  async openServerDraft(source: { code: string } | DraftRef): Promise<string | null> {
    // Until the form has started its definition: a page may set the definition before the
    // form's first update (the portal's server-written step 1), and a draft opened before
    // start() would be overwritten by it, landing the citizen on step 1 without her answers.
    if (!this.definition || this.started !== this.definition)
      await new Promise((resolve) => this.addEventListener('efa-form-load', resolve, { once: true }));
    const sync = this.serverSync;
    if (!sync) return 'no server drafts';
    try {
      const draft = await sync.open(source);
      this.applicationId = isApplicationId(draft.applicationId) ? draft.applicationId : '';
      this.restore(draft.data as ApplicationData, draft.stepId);
      this.persistDraftNow();
      this.notice = this.msg('draft.resumed', {
        date: new Date(draft.savedAt).toLocaleString(this.locale === 'de' ? 'de-DE' : 'en-GB', {
          dateStyle: 'medium',
          timeStyle: 'short',
        }),
      });
      void this.focusHeading();
      return null;
    } catch (error) {
      const reason = error instanceof Error ? error.message : '';
      this.notice = this.msg('draft.resumeFailed', { reason });
      return reason;
    }
  }

  /** Forgets the draft and starts again (with the prefilled values). */
  discardDraft(): void {
    this.draftStore.remove();
    void this.serverSync?.discard();
    // A new application: its first submit gets a new id.
    this.applicationId = '';
    this.notice = '';
    this.data = this.withPrefill({});
    this.errors = [];
    this.stepId = this.visibleSteps()[0]?.id ?? '';
    void this.focusHeading();
  }

  private withPrefill(data: ApplicationData): ApplicationData {
    let result = data;
    const prefilled = this.prefilled;
    if (!prefilled) return result;
    for (const [key, value] of Object.entries(prefilled.data)) {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [inner, innerValue] of Object.entries(value)) {
          const path = `${key}.${inner}`;
          if (getPath(result, path) === undefined || prefilled.locked.includes(path)) {
            result = setPath(result, path, innerValue);
          }
        }
      } else if (result[key] === undefined || prefilled.locked.includes(key)) {
        result = setPath(result, key, value);
      }
    }
    return result;
  }

  private start(definition: FormDefinition): void {
    DraftStore.dropLegacy(definition.id, definition.version);
    this.started = definition;
    this.validator = undefined;
    this.kit = validationNow();
    if (this.kit) this.validator = this.kit.createValidator(definition);
    this.errors = [];
    this.status = 'idle';
    const draft = this.draftStore.read();
    this.data = this.withPrefill(draft?.data ?? {});
    this.applicationId = draft?.applicationId ?? '';
    this.setUpServerDraft(definition, draft?.server);
    this.submitAnswer = null;
    this.submitErrorText = '';
    const steps = this.visibleSteps();
    const resume = draft && (draft.stepId === checkPage || steps.some((step) => step.id === draft.stepId));
    this.stepId = resume && draft ? draft.stepId : (steps[0]?.id ?? '');
    if (draft) {
      const when = new Date(draft.savedAt);
      const formatted = Number.isNaN(when.getTime())
        ? draft.savedAt
        : when.toLocaleString(this.locale === 'de' ? 'de-DE' : 'en-GB', {
            dateStyle: 'medium',
            timeStyle: 'short',
          });
      this.notice = this.msg('form.draftRestored', { date: formatted });
      this.emit('efa-form-draft-restore', { savedAt: draft.savedAt });
    } else {
      this.notice = '';
    }
    this.emit('efa-form-load', { definition });
    if (this.prefillProcedure && this.endpoint && !this.prefilled) void this.loadPrefill(definition);
  }

  private async loadPrefill(definition: FormDefinition): Promise<void> {
    try {
      const { api, name } = formProcedure(this.endpoint, this.locale, this.prefillProcedure);
      // The configured procedure has the contract of the form router's `prefill`.
      const prefilled = await api.query(name as 'prefill', { formId: definition.id });
      if (!prefilled || this.definition !== definition) return;
      this.prefilled = prefilled;
      this.data = this.withPrefill(this.data);
    } catch {
      // Prefill saves typing; without it the citizen types the values.
    }
  }

  // ── steps ─────────────────────────────────────────────────────────────────────────────

  private visibleSteps(): Step[] {
    return (this.definition?.steps ?? []).filter((step) => holds(step.showWhen, this.data));
  }

  private async focusHeading(): Promise<void> {
    await this.updateComplete;
    const heading = this.renderRoot.querySelector<HTMLElement>('.panel[tabindex], h2[tabindex]');
    heading?.focus();
    // Keyboard and screen reader users start at the top of the new step.
    heading?.scrollIntoView({ block: 'start' });
  }

  private goTo(stepId: string): void {
    this.stepId = stepId;
    this.errors = [];
    this.announcement = '';
    const steps = this.visibleSteps();
    const index = stepId === checkPage ? steps.length : steps.findIndex((step) => step.id === stepId);
    this.emit('efa-form-step-change', { stepId, index, total: steps.length });
    this.saveDraft();
    void this.serverSync?.save();
    void this.focusHeading();
  }

  private back(): void {
    const steps = this.visibleSteps();
    if (this.stepId === checkPage) {
      const last = steps[steps.length - 1];
      if (last) this.goTo(last.id);
      return;
    }
    const index = steps.findIndex((step) => step.id === this.stepId);
    const previous = steps[index - 1];
    if (previous) this.goTo(previous.id);
  }

  private fieldElements(): Array<FormField & { dataset: DOMStringMap }> {
    return [...this.renderRoot.querySelectorAll<FormField & HTMLElement>('[data-path]')];
  }

  /**
   * The validator of the running definition, the validation chunk loaded first if it is not
   * there yet. Rejects only when the chunk cannot be fetched (offline): then nothing proceeds.
   */
  private async validatorReady(): Promise<FormValidator> {
    if (this.validator) return this.validator;
    const kit = await validation();
    this.kit = kit;
    const definition = this.started;
    if (!definition) throw new Error('form-assistant: no definition started');
    this.validator ??= kit.createValidator(definition);
    return this.validator;
  }

  private isSubmitting(): boolean {
    return this.status === 'submitting';
  }

  /** The validator, or (its chunk unreachable) the load-error panel and nothing proceeds. */
  private async validatorOrFail(): Promise<FormValidator | undefined> {
    try {
      return await this.validatorReady();
    } catch {
      this.elementsFailed = true;
      this.requestUpdate();
      return undefined;
    }
  }

  /**
   * Errors of one step: the generated schema first (the server says the same), then what
   * only the element knows (text that is not a number, an incomplete date) for fields the
   * schema found nothing wrong with.
   */
  private validateStep(validator: FormValidator, step: Step | undefined): FieldError[] {
    const schema = step ? validator.step(step.id) : validator.application;
    const result = schema.safeParse(this.data);
    const errors = result.success ? [] : this.messagesOf(result.error.issues);
    const fields = this.fieldPaths();
    if (!step) return onePerPath(errors, fields);
    for (const field of this.fieldElements()) {
      const path = field.dataset.path ?? '';
      if (errors.some((error) => error.path === path || error.path.startsWith(`${path}.`))) continue;
      field.error = '';
      if (!field.checkValidity()) errors.push({ path, message: field.validationMessage });
    }
    // The first problem of each part is what the citizen should fix first.
    return onePerPath(orderErrors(errors, fields), fields);
  }

  /** Issue messages from the catalogues; a text field's own `patternMessage` replaces the generic one. */
  private messagesOf(issues: readonly IssueLike[]): PathMessage[] {
    const messages = this.kit ? this.kit.issueMessages(issues, this.locale) : [];
    const definition = this.definition;
    issues.forEach((issue, index) => {
      const message = messages[index];
      if (issue.message !== 'form.text.pattern' || !definition || !message) return;
      const item = findItem(definition, message.path)?.item;
      if (item?.kind === 'text' && item.patternMessage) message.message = this.text(item.patternMessage);
    });
    return messages;
  }

  /** The data paths of the rendered fields, in page order. */
  private fieldPaths(): string[] {
    return this.fieldElements().map((field) => field.dataset.path ?? '');
  }

  private async showErrors(errors: FieldError[]): Promise<void> {
    this.errors = errors;
    this.emit('efa-form-invalid', { errors: errors.map(({ path, message }) => ({ path, message })) });
    await this.updateComplete;
    const summary = this.renderRoot.querySelector<EfaErrorSummaryElement>('efa-error-summary');
    await summary?.updateComplete;
    summary?.focus();
  }

  private async next(): Promise<void> {
    // Never past a step unvalidated: "Weiter" before the validation chunk is there waits for it.
    const validator = await this.validatorOrFail();
    if (!validator) return;
    const steps = this.visibleSteps();
    const index = steps.findIndex((step) => step.id === this.stepId);
    const errors = this.validateStep(validator, steps[index]);
    if (errors.length > 0) {
      void this.showErrors(errors);
      return;
    }
    const following = steps[index + 1];
    if (this.returnToCheck || !following) {
      this.returnToCheck = false;
      this.goTo(checkPage);
    } else {
      this.goTo(following.id);
    }
  }

  private async submit(): Promise<void> {
    const definition = this.definition;
    if (!definition || this.status === 'submitting') return;
    // Never sent unvalidated: a submit before the validation chunk is there waits for it.
    const validator = await this.validatorOrFail();
    // Another definition, or a second click that got here first while the chunk came.
    if (!validator || definition !== this.definition || this.isSubmitting()) return;
    const result = validator.application.safeParse(this.data);
    if (!result.success) {
      await this.showStepErrors(this.messagesOf(result.error.issues), true);
      return;
    }
    // One id per application, kept with the draft before anything is sent: a retry after a
    // lost answer (or a reload) sends the same id, and the server does not submit twice.
    if (!this.applicationId) this.applicationId = newApplicationId();
    this.persistDraftNow();
    const detail: FormSubmitDetail = {
      formId: definition.id,
      version: definition.version,
      data: result.data,
      applicationId: this.applicationId,
    };
    if (!this.emit('efa-form-submit', detail, true)) return;
    if (!this.submitProcedure || !this.endpoint) {
      this.complete(undefined);
      return;
    }
    this.status = 'submitting';
    this.submitErrorText = '';
    const link = this.serverSync?.link;
    const input: SubmitInput = link
      ? { ...detail, draft: { draftId: link.draftId, ...(link.key ? { key: link.key } : {}) } }
      : detail;
    try {
      const { api, name } = formProcedure(this.endpoint, this.locale, this.submitProcedure);
      // `submitPreview` only validates; any other name has the contract of `submit`.
      const answer =
        name === 'submitPreview'
          ? await api.mutation('submitPreview', input)
          : await api.mutation(name as 'submit', input);
      this.complete(answer);
    } catch (error) {
      // The server validates the whole application again (and enforces prefill locks): its
      // field errors go to their step like the browser's own.
      const problems =
        error instanceof EndpointError
          ? error.fieldErrors.map((problem) => ({
              path: problem.path.replace(/^data\./, ''),
              message: problem.message,
            }))
          : [];
      if (problems.length > 0) {
        this.status = 'idle';
        await this.showStepErrors(problems, false);
        return;
      }
      const coded = error instanceof EndpointError && !['NETWORK', 'INTERNAL'].includes(error.code);
      this.submitErrorText = coded ? error.message : '';
      this.status = 'submit-error';
      this.emit<FormSubmitErrorDetail>('efa-form-submit-error', {
        code: error instanceof EndpointError ? error.code : 'NETWORK',
        message: coded ? error.message : this.msg('form.submitError'),
        status: error instanceof EndpointError ? error.status : 0,
      });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.panel--error')?.focus();
    }
  }

  /** Writes the draft at once (not debounced), e.g. with a new application id before sending. */
  private persistDraftNow(): void {
    this.draftStore.saveNow();
  }

  /** Opens the step of the first problem with the error summary, to come back to the check page. */
  private async showStepErrors(errors: PathMessage[], revalidate: boolean): Promise<void> {
    const firstPath = keyPath(errors[0]?.path ?? '');
    const step = this.visibleSteps().find((candidate) =>
      candidate.groups.some((group) => firstPath === group.id || firstPath.startsWith(`${group.id}.`)),
    );
    if (!step) {
      this.status = 'submit-error';
      return;
    }
    this.stepId = step.id;
    this.returnToCheck = true;
    await this.updateComplete;
    const fields = this.fieldPaths();
    await this.showErrors(
      revalidate
        ? this.validateStep(await this.validatorReady(), step)
        : errors.map((error) => ({ ...error, field: targetPath(error.path, fields) })),
    );
  }

  /**
   * Shows what the server said, and no more: a reference and the delivery state after a
   * submit; after a procedure that only validated, that the answers are complete. The draft is
   * removed only once a reference came back; until then nothing typed is lost.
   */
  private complete(result: unknown): void {
    const answer = isSubmitAnswer(result) ? result : null;
    if (answer) {
      this.draftStore.remove();
      this.applicationId = '';
      // The server deleted its copy with the submit.
      this.serverSync?.forget();
      this.resumeCode = undefined;
    } else {
      this.flushDraft();
    }
    this.submitAnswer = answer;
    this.status = 'submitted';
    this.emit<FormSubmittedDetail>('efa-form-submitted', { result, answer });
    void this.focusHeading();
  }

  // ── editing ───────────────────────────────────────────────────────────────────────────

  private onFieldInput(event: Event): void {
    const field = event
      .composedPath()
      .find(
        (node): node is FormField & HTMLElement =>
          node instanceof HTMLElement && node.dataset.path !== undefined,
      );
    if (!field) return;
    const path = field.dataset.path ?? '';
    const value = field.modelValue;
    if (sameValue(getPath(this.data, path), value)) return;
    this.data = setPath(this.data, path, value);
    // Errors already shown follow the typing (and disappear when fixed); new ones wait for "next".
    // All of a compound field's problems are replaced by what its parts lack now.
    const shown = this.errors.findIndex((error) => error.field === path);
    if (shown !== -1 && this.validator && this.kit) {
      const kit = this.kit;
      const issues = this.validator.validateField(path, value, this.data);
      let fresh = onePerPath(
        issues.map((issue) => ({
          path: [path, ...issue.path.map(String)].join('.'),
          message: kit.issueText(issue, this.locale),
        })),
        [path],
      );
      if (fresh.length === 0) {
        // What only the element knows (an incomplete date, text in a number field).
        field.error = '';
        if (!field.checkValidity()) fresh = [{ path, field: path, message: field.validationMessage }];
      }
      const others = this.errors.filter((error) => error.field !== path);
      this.errors = [...others.slice(0, shown), ...fresh, ...others.slice(shown)];
    }
    this.saveDraft();
  }

  private repeatLabel(group: Group, n: number): string {
    const label = this.text(group.repeat?.itemLabel);
    return label
      ? label.replaceAll('{n}', String(n))
      : this.msg('form.item', { label: this.text(group.title), n });
  }

  private async addItem(group: Group, path: string): Promise<void> {
    const items = (getPath(this.data, path) as unknown[] | undefined) ?? [];
    const min = group.repeat?.min ?? 0;
    const current = Math.max(items.length, min);
    const next = Array.from({ length: current + 1 }, (_, index) => items[index] ?? {});
    this.data = setPath(this.data, path, next);
    this.announcement = this.msg('form.added', { item: this.repeatLabel(group, current + 1) });
    this.saveDraft();
    await this.updateComplete;
    // Focus the first question of the new item, so the citizen can type at once.
    const first = this.renderRoot.querySelector<HTMLElement>(`[data-item="${path}.${current}"] [data-path]`);
    first?.focus();
  }

  private async removeItem(group: Group, path: string, index: number): Promise<void> {
    const items = [...((getPath(this.data, path) as unknown[] | undefined) ?? [])];
    const label = this.repeatLabel(group, index + 1);
    items.splice(index, 1);
    this.data = setPath(this.data, path, items);
    this.errors = this.errors.filter((error) => !error.path.startsWith(`${path}.`));
    this.announcement = this.msg('form.removed', { item: label });
    this.saveDraft();
    await this.updateComplete;
    // Focus stays near: the heading of the item that moved up, else the one before, else "add".
    const target =
      this.renderRoot.querySelector<HTMLElement>(`[data-item="${path}.${index}"] h4`) ??
      this.renderRoot.querySelector<HTMLElement>(`[data-item="${path}.${index - 1}"] h4`) ??
      this.renderRoot.querySelector<HTMLElement>(`[data-add="${path}"]`);
    target?.focus();
  }

  private async change(stepId: string, path: string): Promise<void> {
    this.returnToCheck = true;
    this.goTo(stepId);
    await this.updateComplete;
    const field = this.renderRoot.querySelector<FormField & HTMLElement>(`#${fieldId(path)}`);
    field?.revealAndFocus();
  }

  /** A link of the error summary: the field (or the part of it) where the problem is fixed. */
  private readonly onSummarySelect = (event: CustomEvent<ErrorSummarySelectDetail>): void => {
    event.preventDefault();
    const error = this.errors[event.detail.index];
    if (error) this.focusError(error);
  };

  private focusError(error: FieldError): void {
    const target = this.renderRoot.querySelector<HTMLElement>(`#${fieldId(error.field)}`);
    if (target && 'revealAndFocus' in target) {
      // "holder.address.postcode": the postcode input of the address field.
      const part =
        error.path.length > error.field.length ? error.path.slice(error.field.length + 1) : undefined;
      (target as FormField & HTMLElement).revealAndFocus(part);
    } else {
      // A repeat-count problem: the group's add button is where it is fixed.
      const add = this.renderRoot.querySelector<HTMLElement>(`[data-add="${error.path}"]`);
      (add ?? target)?.focus();
    }
  }

  // ── rendering ─────────────────────────────────────────────────────────────────────────

  /**
   * Conditions evaluated while walking the definition, with the repeat scope the walk knows:
   * the same rules as the validator's `isShown`/`isRequired` (group conditions in the scope
   * outside their items), without looking each path up again (300 fields would make that
   * quadratic).
   */
  private isShown(item: Item, scope: RepeatScope): boolean {
    return holds(item.showWhen, this.data, { scope, today: this.today });
  }

  private isRequired(field: ValueField, scope: RepeatScope): boolean {
    return (
      field.required === true ||
      (field.requiredWhen !== undefined && holds(field.requiredWhen, this.data, { scope, today: this.today }))
    );
  }

  /** The scope inside item `index` of the repeat at `path` (keyed by the path without numbers). */
  private itemScope(scope: RepeatScope, path: string, index: number): RepeatScope {
    const inner = new Map(scope);
    inner.set(keyPath(path), index);
    return inner;
  }

  /** Localized options per field and locale: the same array each render, so the field keeps them. */
  private readonly optionsCache = new WeakMap<
    ValueField,
    { definition: FormDefinition; locale: Locale; options: ChoiceOption[] }
  >();

  /** One context per render: the per-field entries (required, locked, error) are set per field. */
  private fieldContext!: FieldContext;

  /** Stable, so the file fields keep it: the header of the server draft their uploads belong to. */
  private readonly uploadDraftHeader = () => this.serverSync?.uploadHeader() ?? Promise.resolve(undefined);

  private newFieldContext(definition: FormDefinition): FieldContext {
    const locale = this.locale;
    return {
      definition,
      locale,
      text: (value) => localized(value, locale),
      required: false,
      locked: false,
      error: '',
      today: this.today,
      options: (field) => this.choiceOptions(definition, field, locale),
      places: {
        endpoint: this.placesEndpoint || this.endpoint,
        procedure: this.placesProcedure,
        townLookup: this.townLookup,
      },
      uploads: {
        endpoint: this.uploadEndpoint,
        draftHeader: this.serverSync ? this.uploadDraftHeader : undefined,
      },
    };
  }

  private choiceOptions(definition: FormDefinition, field: ValueField, locale: Locale): ChoiceOption[] {
    const cached = this.optionsCache.get(field);
    if (cached?.locale === locale && cached.definition === definition) return cached.options;
    const options = fieldOptions(definition, field).map((option) => ({
      value: option.value,
      label: localized(option.label, locale),
      ...(option.hint ? { hint: localized(option.hint, locale) } : {}),
    }));
    this.optionsCache.set(field, { definition, locale, options });
    return options;
  }

  private renderField(field: ValueField, path: string, scope: RepeatScope): HTMLElement {
    const context = this.fieldContext;
    context.required = this.isRequired(field, scope);
    context.locked = field.readOnly === true || (this.prefilled?.locked.includes(path) ?? false);
    context.error = fieldMessage(this.errors, path);
    const { tag, props } = fieldProps(field, path, context);
    const value = getPath(this.data, path) ?? null;
    // The element itself, not a template per field: a step renders hundreds of them. It is
    // kept for its path (and kind) from one render to the next, as a template would keep it.
    let element = this.fields.get(path);
    if (element?.localName !== tag) {
      element = document.createElement(tag);
      element.id = fieldId(path);
      element.setAttribute('data-path', path);
      // A new field is empty: no answer, nothing to compare or set.
      if (value !== null) props.modelValue = value;
    } else {
      props.modelValue = value;
    }
    this.renderedFields.set(path, element);
    setFieldProps(element, props);
    return element;
  }

  private renderItems(items: readonly Item[], base: string, scope: RepeatScope): unknown[] {
    return items.map((item) => {
      const path = base ? `${base}.${item.id}` : item.id;
      if (!this.isShown(item, scope)) return nothing;
      if (isGroup(item))
        return item.repeat ? this.renderRepeat(item, path, scope) : this.renderGroup(item, path, scope);
      if (item.kind === 'static') {
        return html`<div class="static static--${item.tone ?? 'info'}">${this.text(item.text)}</div>`;
      }
      return this.renderField(item, path, scope);
    });
  }

  private renderGroup(group: Group, path: string, scope: RepeatScope): TemplateResult {
    const title = this.groupTitle(group, path);
    const hint = group.hint ? html`<p class="hint" .textContent=${this.text(group.hint)}></p>` : nothing;
    if (group.items.every((item) => !isGroup(item) && item.kind !== 'static')) {
      // Only fields (decided by the definition, so the template stays while answers change).
      const fields: HTMLElement[] = [];
      for (const item of group.items as readonly ValueField[]) {
        if (this.isShown(item, scope)) fields.push(this.renderField(item, `${path}.${item.id}`, scope));
      }
      return title
        ? html`<div class="group" id=${fieldId(path)} ${fieldList(fields)}><h3 .textContent=${title}></h3>${hint}<!----></div>`
        : html`<div class="group" id=${fieldId(path)} ${fieldList(fields)}>${hint}<!----></div>`;
    }
    const items = this.renderItems(group.items, path, scope);
    // One template per variant, the heading in it: a step has many groups.
    return title
      ? html`<div class="group" id=${fieldId(path)}><h3 .textContent=${title}></h3>${hint}${items}</div>`
      : html`<div class="group" id=${fieldId(path)}>${hint}${items}</div>`;
  }

  private renderRepeat(group: Group, path: string, scope: RepeatScope): TemplateResult {
    const repeat = group.repeat;
    const stored = (getPath(this.data, path) as unknown[] | undefined) ?? [];
    const min = repeat?.min ?? 0;
    const count = Math.max(stored.length, min);
    const max = Math.min(repeat?.max ?? maxRepeat, maxRepeat);
    const title = this.text(group.title);
    const heading = this.groupTitle(group, path);
    const addLabel = this.text(repeat?.addLabel) || this.msg('form.add', { label: title });
    return html`<div class="group" id=${fieldId(path)}>
      ${heading ? html`<h3>${heading}</h3>` : nothing}
      ${group.hint ? html`<p class="hint">${this.text(group.hint)}</p>` : nothing}
      ${Array.from({ length: count }, (_, index) => {
        const label = this.repeatLabel(group, index + 1);
        const removeText =
          this.text(repeat?.removeLabel).replaceAll('{n}', String(index + 1)) ||
          this.msg('form.remove', { item: label });
        return html`<div class="item" data-item="${path}.${index}">
          <h4 tabindex="-1">${label}</h4>
          ${this.renderItems(group.items, `${path}.${index}`, this.itemScope(scope, path, index))}
          ${
            count > min
              ? html`<button type="button" class="button button--secondary" @click=${() => this.removeItem(group, path, index)}>
                ${removeText}${
                  // A definition's "Diesen Hund entfernen" would name every button alike.
                  removeText.includes(label)
                    ? nothing
                    : html`<span class="visually-hidden"> (${label})</span>`
                }
              </button>`
              : nothing
          }
        </div>`;
      })}
      ${
        count < max
          ? html`<button type="button" class="button button--secondary" data-add=${path} @click=${() => this.addItem(group, path)}>
            ${addLabel}
          </button>`
          : nothing
      }
    </div>`;
  }

  /** The summary's items, made again only when the errors change (not on every keystroke). */
  private summaryItems: { errors: FieldError[]; items: ErrorSummaryItem[] } = { errors: [], items: [] };

  private renderSummary(): TemplateResult {
    if (this.summaryItems.errors !== this.errors) {
      this.summaryItems = {
        errors: this.errors,
        items: this.errors.map((error) => ({ message: error.message, target: fieldId(error.field) })),
      };
    }
    return html`<efa-error-summary
      disable-auto-focus
      .errors=${this.summaryItems.items}
      @efa-error-summary-select=${this.onSummarySelect}
    ></efa-error-summary>`;
  }

  private renderProgress(index: number, total: number): TemplateResult {
    return html`<p class="progress" part="progress">${this.msg('form.step', { current: index + 1, total })}</p>
      <div class="bar" aria-hidden="true">
        <span
          ${ref((element) => {
            // Through CSSOM, not a style attribute: the portal's CSP blocks inline styles.
            if (element instanceof HTMLElement)
              element.style.inlineSize = `${Math.round(((index + 1) / total) * 100)}%`;
          })}
        ></span>
      </div>`;
  }

  /** The step heading of this render: a top-level group of the same title says it only once. */
  private stepHeading = '';

  private groupTitle(group: Group, path: string): string {
    const title = this.text(group.title);
    return path === group.id && title.trim().toLowerCase() === this.stepHeading ? '' : title;
  }

  private renderStep(step: Step, index: number, total: number): TemplateResult {
    const heading = this.text(step.title);
    this.stepHeading = heading.trim().toLowerCase();
    const definition = this.definition as FormDefinition;
    return html`${this.renderProgress(index, total)} ${this.renderSummary()}
      ${
        // The definition's introduction ("Das dauert etwa 10 Minuten") before the first question.
        index === 0 && definition.description
          ? html`<p class="intro">${this.text(definition.description)}</p>`
          : nothing
      }
      <h2 tabindex="-1">${heading}</h2>
      ${step.description ? html`<p>${this.text(step.description)}</p>` : nothing}
      <form
        novalidate
        @input=${this.onFieldInput}
        @change=${this.onFieldInput}
        @submit=${(event: Event) => {
          event.preventDefault();
          void this.next();
        }}
      >
        ${this.renderItems(step.groups, '', new Map())}
        <div class="actions" part="actions">
          <button class="button">${this.msg('form.next')}</button>
          ${index > 0 ? html`<button type="button" class="button button--secondary" @click=${this.back}>${this.msg('form.back')}</button>` : nothing}
        </div>
      </form>
      ${this.renderServerDraft()}`;
  }

  private renderServerDraft(): TemplateResult | typeof nothing {
    const sync = this.serverSync;
    const parts = sync && this.draftPanelParts();
    if (!sync || !parts) return nothing;
    void this.draftTick;
    return html`${parts.renderDraftStatus(sync.status, this.locale, this.msg.bind(this), this.draftActions, true)}
      ${parts.renderResumeCode(this.resumeCode, sync.link?.personal ?? false, this.locale, this.msg.bind(this))}`;
  }

  private checkContext(): CheckAnswersContext {
    const locale = this.locale;
    return {
      definition: this.definition as FormDefinition,
      data: this.data,
      locale,
      text: (value) => localized(value, locale),
      msg: (key, params) => t(locale, key, params),
      isShown: (item, scope) => this.isShown(item, scope),
      repeatLabel: (group, n) => this.repeatLabel(group, n),
      itemScope: (scope, path, index) => this.itemScope(scope, path, index),
      change: (stepId, path) => void this.change(stepId, path),
    };
  }

  private renderCheck(steps: Step[]): TemplateResult {
    return html`<h2 tabindex="-1">${this.msg('form.checkAnswers')}</h2>
      <p>${this.msg('form.checkAnswersIntro')}</p>
      ${
        this.status === 'submit-error'
          ? html`<div class="panel panel--error" role="alert" tabindex="-1">${
              this.submitErrorText
                ? `${this.submitErrorText} ${this.msg('form.answersKept')}`
                : this.msg('form.submitError')
            }</div>`
          : nothing
      }
      ${laterParts.now()?.renderCheckAnswers(this.checkContext(), steps) ?? nothing}
      <slot name="check"></slot>
      <div class="actions" part="actions">
        <button type="button" class="button" ?disabled=${this.status === 'submitting'} @click=${this.submit}>
          ${this.msg(this.status === 'submitting' ? 'form.submitting' : 'form.submit')}
        </button>
        <button type="button" class="button button--secondary" @click=${this.back}>${this.msg('form.back')}</button>
      </div>
      ${this.renderServerDraft()}`;
  }

  /** The honest answer: "wird übermittelt" until the delivery service has taken the application. */
  private renderResult(): TemplateResult {
    const answer = this.submitAnswer;
    if (!answer) {
      return html`<div class="panel" tabindex="-1">
        <h2>${this.msg('form.checked')}</h2>
        <p>${this.msg('form.checkedText')}</p>
      </div>`;
    }
    const reference = html`<p>${this.msg('form.submittedReference', { reference: answer.reference })}</p>`;
    switch (answer.delivery) {
      case 'pending':
        return html`<div class="panel" tabindex="-1" data-delivery="pending">
          <h2>${this.msg('form.submitPending')}</h2>
          ${reference}
          <p>${this.msg('form.submitPendingText')}</p>
        </div>`;
      case 'submitted':
      case 'accepted':
        return html`<div class="panel panel--success" tabindex="-1" data-delivery=${answer.delivery}>
          <h2>${this.msg('form.submittedToAuthority')}</h2>
          ${reference}
        </div>`;
      default:
        return html`<div class="panel panel--error" tabindex="-1" data-delivery=${answer.delivery}>
          <h2>${this.msg(answer.delivery === 'rejected' ? 'form.submitRejected' : 'form.submitFailed')}</h2>
          ${reference}
          <p>${this.msg('form.submitContact')}</p>
        </div>`;
    }
  }

  override render(): TemplateResult {
    this.renderLocale = undefined;
    this.renderLocale = this.locale;
    try {
      return this.renderContent();
    } finally {
      this.renderLocale = undefined;
    }
  }

  private renderContent(): TemplateResult {
    // Field elements by path: those of the last render, and those of this one.
    this.fields = this.renderedFields;
    this.renderedFields = new Map();
    this.today = todayIso();
    const definition = this.definition;
    if (definition) this.fieldContext = this.newFieldContext(definition);
    if (!definition || this.started !== definition || this.elementsFailed) {
      if (this.status === 'load-error' || this.elementsFailed)
        return html`<div class="panel panel--error" role="alert">${this.msg('form.loadError')}</div>`;
      return html`<p role="status">${this.status === 'loading' ? this.msg('form.loading') : ''}</p>`;
    }
    if (this.status === 'submitted') return this.renderResult();
    const steps = this.visibleSteps();
    const index = steps.findIndex((step) => step.id === this.stepId);
    const step = steps[index];
    if (step && this.awaitStepElements(definition, step))
      return html`<p role="status">${this.msg('form.loading')}</p>`;
    return html`<p class="caption">${this.text(definition.title)}</p>
      ${
        this.notice
          ? html`<div class="panel" role="status">
            <p>${this.notice}</p>
            <button type="button" class="link" @click=${this.discardDraft}>${this.msg('form.draftDiscard')}</button>
          </div>`
          : nothing
      }
      ${(this.serverSync && this.draftPanelParts()?.renderDraftConflict(this.serverSync.status, this.locale, this.msg.bind(this), (id) => this.stepTitle(id), this.draftActions)) || nothing}
      ${step ? this.renderStep(step, index, steps.length) : this.renderCheck(steps)}
      <div class="visually-hidden" role="status">${this.announcement}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-form': EfaFormElement;
  }
  interface HTMLElementEventMap {
    'efa-form-load': CustomEvent<{ definition: FormDefinition }>;
    'efa-form-step-change': CustomEvent<{ stepId: string; index: number; total: number }>;
    'efa-form-invalid': CustomEvent<{ errors: PathMessage[] }>;
    'efa-form-draft-restore': CustomEvent<{ savedAt: string }>;
    'efa-form-submit': CustomEvent<FormSubmitDetail>;
    'efa-form-submitted': CustomEvent<FormSubmittedDetail>;
    'efa-form-submit-error': CustomEvent<FormSubmitErrorDetail>;
  }
}
