import { createEndpointClient, type RouterClient, routerClient } from '@efa-kit/core/client';
import { createLazyTranslator, elementLocale, type Locale, type MessageParams } from '@efa-kit/core/elements';
import {
  buttonStyles,
  focusRing,
  formControlStyles,
  hostStyles,
  token,
  typography,
  visuallyHidden,
} from '@efa-kit/theme';
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { de, type FinderMessageKey } from '../messages/de.js';
import type {
  AuthorityMatch,
  Onlinedienst,
  Organisationseinheit,
  PlaceHit,
  ResolveResult,
  ServiceHit,
} from '../schema/index.js';
import { openingState } from '../schema/opening-hours.js';
// Types only (erased from the bundle): inputs and outputs of the calls come from the router.
import type { JurisdictionRouter } from '../server/router.js';

export interface AuthoritySelectDetail {
  service: ServiceHit;
  place: PlaceHit;
  authority: Organisationseinheit;
  onlineService: Onlinedienst | null;
  rule: AuthorityMatch['rule'];
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-jurisdiction-finder': EfaJurisdictionFinderElement;
  }
  interface HTMLElementEventMap {
    'efa-authority-select': CustomEvent<AuthoritySelectDetail>;
  }
}

type Kind = 'service' | 'place';
type Option = ServiceHit | PlaceHit;

interface Combo {
  query: string;
  options: Option[];
  open: boolean;
  active: number;
  busy: boolean;
  searched: boolean;
}

type View =
  | { state: 'empty' }
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'result'; result: ResolveResult };

// English is its own chunk, fetched only for an English finder (issue 16).
const translate = createLazyTranslator(de, () => import('../messages/en.js').then((module) => module.en));
const kinds: readonly Kind[] = ['service', 'place'];
const days: FinderMessageKey[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const freshCombo = (): Combo => ({
  query: '',
  options: [],
  open: false,
  active: -1,
  busy: false,
  searched: false,
});

/**
 * Answers "who is responsible for this, and can I do it online?": the citizen picks a service
 * and a place in two comboboxes (WAI-ARIA APG combobox with list autocomplete), a postcode that
 * covers several municipalities asks which one, and the card shows the responsible office with
 * address, contact links, opening hours ("open now" in German time), the online service and
 * why this office was chosen. Result counts and outcomes are announced in a polite live region.
 *
 * @summary Finds the responsible authority for a service and a place.
 * @fires efa-authority-select - The responsible authority was determined; `detail` has service, place, authority, online service and the matching rule.
 * @csspart form - The two comboboxes.
 * @csspart input - Each combobox input.
 * @csspart listbox - Each suggestion list.
 * @csspart option - Each suggestion.
 * @csspart result - The result area (loading, error, choice, authority card).
 * @csspart card - An authority card.
 * @csspart online-button - The link to the online service.
 * @cssprop --efa-color-action - Links, buttons, active option.
 * @cssprop --efa-color-surface - Background of the authority card.
 * @cssprop --efa-color-success - "Open now" text.
 */
@customElement('efa-jurisdiction-finder')
export class EfaJurisdictionFinderElement extends LitElement {
  static override styles = [
    hostStyles,
    typography,
    focusRing,
    buttonStyles,
    formControlStyles,
    visuallyHidden,
    // Compact on purpose: template text is not minified and counts against the bundle budget.
    css`
:host{display:block;max-width:48rem}
.fields{display:grid;gap:${token.spaceM};grid-template-columns:repeat(auto-fit,minmax(min(100%,16rem),1fr));margin-block-end:${token.spaceL}}
.combo{position:relative}
[role=listbox]{position:absolute;z-index:10;inset-inline:0;margin:0;padding:0;list-style:none;max-height:18rem;overflow-y:auto;background:${token.colorBackground};border:${token.borderWidth} solid ${token.colorBorder};border-radius:${token.radius}}
[role=option],.none{padding:${token.spaceS};cursor:pointer;border-block-end:1px solid ${token.colorSurface}}
[role=option][aria-selected=true]{background:${token.colorAction};color:${token.colorActionText};outline:2px solid ${token.colorActionText};outline-offset:-4px}
.sub{display:block;font-size:${token.fontSizeSmall};opacity:.85}
.none{cursor:default;color:${token.colorTextMuted}}
.card{background:${token.colorSurface};border-radius:${token.radius};padding:${token.spaceM};margin-block-end:${token.spaceM}}
.badge{display:inline-block;font-size:${token.fontSizeSmall};border:1px solid ${token.colorBorder};border-radius:${token.radius};padding:0 ${token.spaceXs};margin-inline-start:${token.spaceS};font-weight:400;vertical-align:middle}
.alert{border-inline-start:4px solid ${token.colorDanger};background:${token.colorDangerBackground};padding:${token.spaceM}}
.open{color:${token.colorSuccess};font-weight:600}
dl{display:grid;grid-template-columns:max-content 1fr;gap:0 ${token.spaceM};margin:0 0 ${token.spaceM}}
dt{font-weight:600}dd{margin:0}
ul.choices{list-style:none;padding:0;display:grid;gap:${token.spaceS}}
.muted{color:${token.colorTextMuted};font-size:${token.fontSizeSmall}}
h2{font-size:${token.fontSizeLarge}}h3{font-size:${token.fontSizeBody}}h4{font-size:${token.fontSizeBody};margin:${token.spaceM} 0 ${token.spaceXs}}h2:focus{outline:none}
`,
  ];

  /** Base URL of the tRPC endpoint. */
  @property() endpoint = '/trpc';
  /** A service to start with: Leistungsschlüssel or id. */
  @property() service = '';
  /** A place to start with: postcode, AGS or ARS. */
  @property() place = '';
  /** Language: `de` (default) or `en`; otherwise taken from the nearest `lang` attribute. */
  @property() override lang = '';
  /** A fetch implementation for the endpoint client (e.g. to add headers); default: the page's. */
  @property({ attribute: false }) fetcher: typeof fetch | undefined;

  @state() private combos: Record<Kind, Combo> = { service: freshCombo(), place: freshCombo() };
  @state() private chosenService: ServiceHit | undefined;
  @state() private chosenPlace: { ref: string; label: string } | undefined;
  @state() private view: View = { state: 'empty' };
  @state() private announcement = '';

  private client: RouterClient<JurisdictionRouter> | undefined;
  private timers: Partial<Record<Kind, ReturnType<typeof setTimeout>>> = {};
  private aborts: Partial<Record<Kind, AbortController>> = {};
  private resolveAbort: AbortController | undefined;
  private focusResult = false;
  private readonly uid = Math.random().toString(36).slice(2, 8);

  private get locale(): Locale {
    return elementLocale(this);
  }

  private t(key: FinderMessageKey, params?: MessageParams): string {
    return translate(this.locale, key, params);
  }

  /** An English finder renders once its catalogue is here: no German text flashes first. */
  // biome-ignore lint/suspicious/noConfusingVoidType: Lit's own signature
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = translate.ready(this.locale);
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  private api(): RouterClient<JurisdictionRouter> {
    if (!this.client)
      this.client = routerClient<JurisdictionRouter>(
        createEndpointClient({ endpoint: this.endpoint, locale: this.locale, fetch: this.fetcher }),
        'jurisdiction',
      );
    return this.client;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('endpoint') || changed.has('lang') || changed.has('fetcher')) this.client = undefined;
    if ((changed.has('service') || changed.has('place')) && (this.service || this.place))
      void this.applyAttributes();
  }

  /** Pre-selection from attributes: look the service up by key/id, take the place as given. */
  private async applyAttributes(): Promise<void> {
    if (this.service && this.chosenService?.id !== this.service && this.chosenService?.key !== this.service) {
      try {
        const hits = await this.api().query('searchServices', {
          q: this.service,
          limit: 1,
          lang: this.locale,
        });
        const hit = hits[0];
        if (hit && (hit.id === this.service || hit.key === this.service)) {
          this.chosenService = hit;
          this.setCombo('service', { query: hit.name });
        }
      } catch (error) {
        this.view = { state: 'error', message: error instanceof Error ? error.message : String(error) };
        return;
      }
    }
    if (this.place && this.chosenPlace?.ref !== this.place) {
      this.chosenPlace = { ref: this.place, label: this.place };
      this.setCombo('place', { query: this.place });
    }
    void this.resolve();
  }

  private setCombo(kind: Kind, patch: Partial<Combo>): void {
    this.combos = { ...this.combos, [kind]: { ...this.combos[kind], ...patch } };
  }

  private onInput(kind: Kind, event: Event): void {
    const query = (event.target as HTMLInputElement).value;
    this.setCombo(kind, { query, active: -1 });
    if (kind === 'service') this.chosenService = undefined;
    else this.chosenPlace = undefined;
    // An answer for the previous choice would now be misleading.
    this.resolveAbort?.abort();
    if (this.view.state !== 'empty') this.view = { state: 'empty' };
    clearTimeout(this.timers[kind]);
    this.aborts[kind]?.abort();
    if (!query.trim()) {
      this.setCombo(kind, { options: [], open: false, busy: false, searched: false });
      return;
    }
    this.timers[kind] = setTimeout(() => void this.search(kind, query), 150);
  }

  private async search(kind: Kind, query: string): Promise<void> {
    const abort = new AbortController();
    this.aborts[kind] = abort;
    this.setCombo(kind, { busy: true });
    try {
      const options =
        kind === 'service'
          ? await this.api().query(
              'searchServices',
              { q: query.trim().slice(0, 100), limit: 8, lang: this.locale },
              abort.signal,
            )
          : await this.api().query('searchPlaces', { q: query.trim().slice(0, 100), limit: 8 }, abort.signal);
      if (abort.signal.aborted) return;
      this.setCombo(kind, { options, open: true, active: -1, busy: false, searched: true });
      const count = options.length;
      this.announcement =
        count === 0
          ? this.t('noHits')
          : this.t(
              kind === 'service'
                ? count === 1
                  ? 'serviceCountOne'
                  : 'serviceCount'
                : count === 1
                  ? 'placeCountOne'
                  : 'placeCount',
              { count },
            );
    } catch (error) {
      if (abort.signal.aborted) return;
      this.setCombo(kind, { busy: false, open: false });
      this.view = { state: 'error', message: error instanceof Error ? error.message : String(error) };
    }
  }

  private onKeydown(kind: Kind, event: KeyboardEvent): void {
    const combo = this.combos[kind];
    const count = combo.options.length;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        if (!combo.open || event.altKey) {
          if (combo.searched) this.setCombo(kind, { open: true });
          return;
        }
        if (count === 0) return;
        const step = event.key === 'ArrowDown' ? 1 : -1;
        const active = combo.active < 0 ? (step > 0 ? 0 : count - 1) : (combo.active + step + count) % count;
        this.setCombo(kind, { active });
        this.updateComplete.then(() => {
          this.renderRoot
            .querySelector(`#${this.optionId(kind, active)}`)
            ?.scrollIntoView({ block: 'nearest' });
        });
        return;
      }
      case 'Enter': {
        event.preventDefault();
        const option = combo.open ? combo.options[combo.active] : undefined;
        if (option) this.choose(kind, option);
        else void this.submit(kind);
        return;
      }
      case 'Escape':
        event.preventDefault();
        if (combo.open) this.setCombo(kind, { open: false, active: -1 });
        else {
          this.setCombo(kind, freshCombo());
          if (kind === 'service') this.chosenService = undefined;
          else this.chosenPlace = undefined;
        }
        return;
      case 'Tab':
        this.setCombo(kind, { open: false, active: -1 });
        return;
      default:
    }
  }

  /**
   * Enter without a highlighted option, as in a search form: every typed field takes its best
   * suggestion (a bare postcode stays a postcode: if it spans several municipalities, the user
   * picks one), then the answer is looked up. A field still empty, or that finds nothing (the
   * search says so), gets the focus.
   */
  private async submit(from: Kind): Promise<void> {
    for (const kind of from === 'service' ? kinds : [...kinds].reverse()) {
      if (kind === 'service' ? this.chosenService : this.chosenPlace) continue;
      const query = this.combos[kind].query.trim();
      if (kind === 'place' && /^\d{5}$/.test(query)) {
        this.chosenPlace = { ref: query, label: query };
        continue;
      }
      if (query) {
        clearTimeout(this.timers[kind]);
        this.aborts[kind]?.abort();
        this.setCombo(kind, { options: [] });
        await this.search(kind, query);
        // Typed on meanwhile, or the search failed (the error is shown): nothing to pick.
        if (this.combos[kind].query.trim() !== query || this.view.state === 'error') return;
      }
      const best = this.combos[kind].options[0];
      if (!best) {
        this.renderRoot.querySelector<HTMLInputElement>(`#${kind}-${this.uid}`)?.focus();
        return;
      }
      this.choose(kind, best, false);
    }
    this.focusResult = true;
    void this.resolve();
  }

  private choose(kind: Kind, option: Option, resolve = true): void {
    if (kind === 'service') {
      const service = option as ServiceHit;
      this.chosenService = service;
      this.setCombo(kind, { query: service.name, open: false, active: -1 });
      this.announcement = this.t('chosen', { name: service.name });
    } else {
      const place = option as PlaceHit;
      const label = place.match === 'postcode' ? `${place.postcodes[0] ?? ''} ${place.name}` : place.name;
      this.chosenPlace = { ref: place.ars, label };
      this.setCombo(kind, { query: label, open: false, active: -1 });
      this.announcement = this.t('chosen', { name: label });
    }
    if (!resolve) return;
    this.focusResult = Boolean(this.chosenService && this.chosenPlace);
    void this.resolve();
  }

  private async resolve(): Promise<void> {
    const service = this.chosenService;
    const place = this.chosenPlace;
    if (!service || !place) {
      this.view = { state: 'empty' };
      return;
    }
    this.resolveAbort?.abort();
    const abort = new AbortController();
    this.resolveAbort = abort;
    this.view = { state: 'loading' };
    this.announcement = this.t('loading');
    try {
      const result = await this.api().query(
        'resolve',
        { service: service.id, place: place.ref, lang: this.locale },
        abort.signal,
      );
      if (abort.signal.aborted) return;
      this.view = { state: 'result', result };
      if (result.status === 'found') {
        const first = result.matches[0];
        this.announcement = this.t('announceFound', {
          name: result.matches.map((m) => m.authority.name).join(', '),
        });
        if (first) {
          this.dispatchEvent(
            new CustomEvent<AuthoritySelectDetail>('efa-authority-select', {
              bubbles: true,
              composed: true,
              detail: {
                service: result.service,
                place: result.place,
                authority: first.authority,
                onlineService: first.onlineService,
                rule: first.rule,
              },
            }),
          );
        }
      } else if (result.status === 'ambiguous') {
        this.announcement = this.t('announceAmbiguous', { count: result.candidates.length });
      } else {
        this.announcement = this.t('announceNone');
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      this.view = { state: 'error', message: error instanceof Error ? error.message : String(error) };
      this.announcement = this.view.message;
    }
    if (this.focusResult) {
      this.focusResult = false;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[data-result-heading]')?.focus();
    }
  }

  private pickCandidate(candidate: PlaceHit): void {
    this.focusResult = true;
    this.choose('place', { ...candidate, match: 'name' });
  }

  private optionId(kind: Kind, index: number): string {
    return `${kind}-${this.uid}-o${index}`;
  }

  private renderCombo(kind: Kind): TemplateResult {
    const combo = this.combos[kind];
    const id = `${kind}-${this.uid}`;
    const listId = `${id}-list`;
    const expanded = combo.open && combo.searched;
    return html`<div class="combo">
      <label class="label" for=${id}>${this.t(kind === 'service' ? 'serviceLabel' : 'placeLabel')}</label>
      <span class="hint" id="${id}-hint">${this.t(kind === 'service' ? 'serviceHint' : 'placeHint')}</span>
      <input
        id=${id}
        class="control"
        part="input"
        type="text"
        role="combobox"
        autocomplete="off"
        spellcheck="false"
        inputmode=${kind === 'place' ? 'search' : nothing}
        aria-autocomplete="list"
        aria-expanded=${expanded ? 'true' : 'false'}
        aria-controls=${listId}
        aria-describedby="${id}-hint"
        aria-activedescendant=${expanded && combo.active >= 0 ? this.optionId(kind, combo.active) : nothing}
        aria-busy=${combo.busy ? 'true' : 'false'}
        .value=${combo.query}
        @input=${(e: Event) => this.onInput(kind, e)}
        @keydown=${(e: KeyboardEvent) => this.onKeydown(kind, e)}
        @blur=${() => setTimeout(() => this.setCombo(kind, { open: false }), 150)}
      />
      <ul id=${listId} role="listbox" part="listbox" aria-label=${this.t(kind === 'service' ? 'serviceLabel' : 'placeLabel')} ?hidden=${!expanded}>
        ${combo.options.map(
          (option, index) => html`<li
            id=${this.optionId(kind, index)}
            role="option"
            part="option"
            aria-selected=${index === combo.active ? 'true' : 'false'}
            @mousedown=${(e: Event) => e.preventDefault()}
            @click=${() => this.choose(kind, option)}
          >
            ${kind === 'service' ? this.renderServiceOption(option as ServiceHit) : this.renderPlaceOption(option as PlaceHit)}
          </li>`,
        )}
        ${expanded && combo.options.length === 0 ? html`<li class="none" role="presentation">${this.t('noHits')}</li>` : nothing}
      </ul>
    </div>`;
  }

  private renderServiceOption(hit: ServiceHit): TemplateResult {
    // Citizens look for "Hund anmelden", not for 99108008252000: the key stays in the hit and
    // in the event's detail for developers.
    return html`${hit.name}`;
  }

  private renderPlaceOption(hit: PlaceHit): TemplateResult {
    const where = [hit.kreis, hit.land].filter(Boolean).join(', ');
    return html`${hit.match === 'postcode' ? `${hit.postcodes[0] ?? ''} ` : ''}${hit.name}<span class="sub">${where}</span>`;
  }

  private renderHours(authority: Organisationseinheit): TemplateResult {
    const hours = authority.openingHours;
    if (!hours || (hours.regular.length === 0 && hours.exceptions.length === 0)) {
      return html`<p class="muted">${hours?.note ?? this.t('noHours')}</p>`;
    }
    const now = openingState(hours, new Date());
    const status = now.open
      ? html`<p class="open">${this.t('openNow', { time: now.until ?? '' })}</p>`
      : html`<p><strong>${now.until ? this.t('opensAt', { time: now.until }) : this.t('closedNow')}</strong></p>`;
    const rows = days.flatMap((day, index) => {
      const spans = hours.regular.filter((r) => r.weekday === index + 1);
      return spans.length === 0
        ? []
        : [html`<dt>${this.t(day)}</dt><dd>${spans.map((s) => `${s.opens}–${s.closes}`).join(', ')}</dd>`];
    });
    return html`${status}${now.exception ? html`<p>${this.t('exceptionToday')}</p>` : nothing}<dl>${rows}</dl>${
      hours.note ? html`<p class="muted">${hours.note}</p>` : nothing
    }`;
  }

  private renderCard(match: AuthorityMatch, service: ServiceHit): TemplateResult {
    const a = match.authority;
    const online = match.onlineService;
    const contacts = [
      a.phone
        ? html`<dt>${this.t('phone')}</dt><dd><a href="tel:${a.phone.replace(/[^+\d]/g, '')}">${a.phone}</a></dd>`
        : nothing,
      a.email
        ? html`<dt>${this.t('email')}</dt><dd><a href="mailto:${a.email}">${a.email}</a></dd>`
        : nothing,
      a.web
        ? html`<dt>${this.t('web')}</dt><dd><a href=${a.web}>${a.web.replace(/^https?:\/\//, '')}</a></dd>`
        : nothing,
    ];
    return html`<article class="card" part="card">
      <h3>${a.name}${a.demo ? html`<span class="badge">${this.t('demo')}</span>` : nothing}</h3>
      ${a.note ? html`<p>${a.note}</p>` : nothing}
      ${
        online
          ? html`<p><a class="button" part="online-button" href=${online.url}>${this.t('online', { service: service.name })}</a>${
              // The online service's own name comes from the data, in German.
              html`<span class="sub" lang="de">${online.name}</span>`
            }${
              online.trustLevel
                ? html`<span class="sub">${this.t('onlineTrust', { level: this.t(online.trustLevel) })}</span>`
                : nothing
            }</p>`
          : nothing
      }
      ${
        a.addresses.length > 0
          ? html`<h4>${this.t('address')}</h4>${a.addresses.map(
              (address) =>
                html`<p><span class="sub">${this.t(`addr${address.type}`)}</span>${
                  address.street ? html`${address.street} ${address.houseNumber ?? ''}<br />` : nothing
                }${address.postOfficeBox ? html`${this.t('box', { box: address.postOfficeBox })}<br />` : nothing}${[address.postcode, address.town].filter(Boolean).join(' ')}</p>`,
            )}`
          : nothing
      }
      ${a.phone || a.email || a.web ? html`<h4>${this.t('contact')}</h4><dl>${contacts}</dl>` : nothing}
      <h4>${this.t('hours')}</h4>
      ${this.renderHours(a)}
      ${a.accessibility ? html`<h4>${this.t('accessibility')}</h4><p>${a.accessibility}</p>` : nothing}
      ${a.demo ? html`<p class="muted">${this.t('demoNote')}</p>` : nothing}
    </article>`;
  }

  private renderResult(): TemplateResult | typeof nothing {
    const view = this.view;
    if (view.state === 'empty') return html`<p class="muted">${this.t('empty')}</p>`;
    if (view.state === 'loading') return html`<p aria-busy="true">${this.t('loading')}</p>`;
    if (view.state === 'error') {
      return html`<div class="alert" role="alert">
        <h2 tabindex="-1" data-result-heading>${this.t('errorHeading')}</h2>
        <p>${view.message}</p>
        <button class="button button--secondary" type="button" @click=${() => void this.resolve()}>${this.t('retry')}</button>
      </div>`;
    }
    const result = view.result;
    if (result.status === 'ambiguous') {
      return html`<h2 tabindex="-1" data-result-heading>${this.t('ambiguousHeading', { postcode: result.postcode })}</h2>
        <p>${this.t('ambiguousText')}</p>
        <ul class="choices">
          ${result.candidates.map(
            (c) => html`<li>
              <button class="button button--secondary" type="button" @click=${() => this.pickCandidate(c)}>
                ${c.name}${c.kreis ? ` (${c.kreis})` : ''}
              </button>
            </li>`,
          )}
        </ul>`;
    }
    const heading = this.t('resultHeading', { service: result.service.name, place: result.place.name });
    if (result.status === 'none') {
      return html`<h2 tabindex="-1" data-result-heading>${this.t('noneHeading')}</h2>
        <p>${result.explanation}</p>`;
    }
    return html`<h2 tabindex="-1" data-result-heading>${heading}</h2>
      ${result.matches.map((m) => this.renderCard(m, result.service))}
      <details>
        <summary>${this.t('why')}</summary>
        <p>${result.explanation}</p>
      </details>`;
  }

  protected override render(): TemplateResult {
    return html`<div class="fields" part="form">${this.renderCombo('service')}${this.renderCombo('place')}</div>
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
      <section part="result" aria-busy=${this.view.state === 'loading' ? 'true' : 'false'}>${this.renderResult()}</section>`;
  }
}
