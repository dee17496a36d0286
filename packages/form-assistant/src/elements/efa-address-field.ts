import { createEndpointClient } from '@efa-kit/core/client';
import {
  agsOfArs,
  type PlaceSearchHit,
  type PlaceSearchInput,
  placeSearchProcedure,
} from '@efa-kit/core/elements';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { UiMessageKey } from '../messages/ui.js';
import { EfaCompoundFieldBase, type PartSpec } from './compound-field-base.js';
import { controlAttributes } from './control-attributes.js';
import type { FieldProblem } from './form-associated-element.js';

type AddressPart = 'street' | 'houseNumber' | 'addition' | 'postcode' | 'town';

/** A town the postcode lookup returned; `ags` when the service knows the municipality key. */
export interface TownSuggestion {
  town: string;
  ags?: string;
}

/** Finds the towns of a postcode; the default asks a tRPC query at `endpoint`. */
export type TownLookup = (postcode: string, signal: AbortSignal) => Promise<TownSuggestion[]>;

/** The towns of a postcode from the jurisdiction finder's place search (core's place contract). */
export function townsFromPlaceHits(hits: readonly PlaceSearchHit[], postcode: string): TownSuggestion[] {
  const seen = new Set<string>();
  const result: TownSuggestion[] = [];
  for (const hit of hits) {
    if (!hit.postcodes.includes(postcode) || seen.has(hit.name)) continue;
    seen.add(hit.name);
    const ags = agsOfArs(hit.ars);
    result.push(ags ? { town: hit.name, ags } : { town: hit.name });
  }
  return result;
}

/**
 * Reads the answer of another place search than the finder's (`places-procedure`), whose shape
 * the kit does not know: an array, or an object holding one under `items`/`results`/`places`, of
 * strings or objects with `name`/`town`/`place`, optionally `postcodes` (entries without the
 * postcode are skipped) and `ags`, or a 12-digit `ars` (Regionalschlüssel) the AGS is read from.
 */
export function suggestionsFrom(answer: unknown, postcode: string): TownSuggestion[] {
  const record = answer && typeof answer === 'object' ? (answer as Record<string, unknown>) : undefined;
  const list = Array.isArray(answer) ? answer : (record?.items ?? record?.results ?? record?.places);
  if (!Array.isArray(list)) return [];
  const seen = new Set<string>();
  const result: TownSuggestion[] = [];
  for (const entry of list) {
    let town: unknown = entry;
    let ags: unknown;
    if (entry && typeof entry === 'object') {
      const place = entry as Record<string, unknown>;
      if (typeof place.postcode === 'string' && place.postcode !== postcode) continue;
      if (Array.isArray(place.postcodes) && !place.postcodes.includes(postcode)) continue;
      town = place.town ?? place.name ?? place.place ?? place.label;
      ags = place.ags;
      // ARS LL R KK VVVV GGG → AGS LL R KK GGG (without the Verband digits).
      if (ags === undefined && typeof place.ars === 'string' && /^\d{12}$/.test(place.ars)) {
        ags = place.ars.slice(0, 5) + place.ars.slice(9);
      }
    }
    if (typeof town !== 'string' || town === '' || seen.has(town)) continue;
    seen.add(town);
    result.push(typeof ags === 'string' ? { town, ags } : { town });
  }
  return result;
}

/**
 * A German postal address (street, house number, addition, postcode, town: the value shape of
 * core's `GermanAddress`). When the postcode is complete the field asks a configurable place
 * search for its towns (by default the jurisdiction finder's `jurisdiction.searchPlaces` at
 * `endpoint`): one town is filled in, several are offered as suggestions, both announced.
 *
 * @summary Form-associated German address with town suggestion from the postcode.
 * @csspart base - The wrapper.
 * @csspart label - The legend.
 * @csspart hint - The hint.
 * @csspart error - The error message.
 * @csspart control - Each input.
 * @fires change - When the user commits a change.
 * @fires efa-address-towns - When towns for the postcode were found; detail `{ postcode, towns }`.
 */
@customElement('efa-address-field')
export class EfaAddressFieldElement extends EfaCompoundFieldBase<AddressPart> {
  /** tRPC base URL of the place search; no lookup when empty. */
  @property() endpoint = '';
  /** Query procedure that takes `{ q, limit }` and returns places (the jurisdiction finder's). */
  @property({ attribute: 'places-procedure' }) placesProcedure: string = 'jurisdiction.searchPlaces';
  /** Replaces the endpoint query (e.g. a static postcode list). */
  @property({ attribute: false }) townLookup: TownLookup | undefined;
  @property() section = '';

  @state() private towns: TownSuggestion[] = [];
  @state() private announcement = '';
  private lookupAbort: AbortController | undefined;
  private lookedUp = '';
  private ags: string | undefined;

  private specCache: { section: string; specs: PartSpec<AddressPart>[] } | undefined;

  protected get specs(): PartSpec<AddressPart>[] {
    if (this.specCache?.section === this.section) return this.specCache.specs;
    const prefix = this.section ? `section-${this.section} ` : '';
    const specs: PartSpec<AddressPart>[] = [
      {
        key: 'street',
        label: 'address.street',
        autocomplete: `${prefix}address-line1`,
        required: true,
        maxLength: 100,
      },
      {
        key: 'houseNumber',
        label: 'address.houseNumber',
        autocomplete: 'off',
        required: true,
        width: 5,
        maxLength: 20,
      },
      {
        key: 'addition',
        label: 'address.addition',
        autocomplete: `${prefix}address-line2`,
        required: false,
        maxLength: 100,
      },
      {
        key: 'postcode',
        label: 'address.postcode',
        autocomplete: `${prefix}postal-code`,
        required: true,
        width: 5,
        inputMode: 'numeric',
        maxLength: 5,
      },
      {
        key: 'town',
        label: 'address.town',
        autocomplete: `${prefix}address-level2`,
        required: true,
        width: 20,
        maxLength: 100,
        list: 'towns',
      },
    ];
    this.specCache = { section: this.section, specs };
    return specs;
  }

  protected get incompleteKey(): UiMessageKey {
    return 'address.incomplete';
  }

  override get modelValue(): unknown {
    const value = super.modelValue as Record<string, string> | null;
    if (value && this.ags) return { ...value, ags: this.ags };
    return value;
  }
  override set modelValue(value: unknown) {
    super.modelValue = value;
    const ags = value && typeof value === 'object' ? (value as Record<string, unknown>).ags : undefined;
    this.ags = typeof ags === 'string' ? ags : undefined;
  }

  override displayValue(): string {
    const part = (key: AddressPart) => (this.parts[key] ?? '').trim();
    return [
      `${part('street')} ${part('houseNumber')}`.trim(),
      part('addition'),
      `${part('postcode')} ${part('town')}`.trim(),
    ]
      .filter(Boolean)
      .join(', ');
  }

  protected override validateParts(): FieldProblem | undefined {
    if (!/^\d{5}$/.test((this.parts.postcode ?? '').trim())) {
      return { flag: 'patternMismatch', key: 'address.postcodeInvalid', anchor: this.inputOf('postcode') };
    }
    return undefined;
  }

  protected override onPartInput(key: AddressPart, event: Event): void {
    super.onPartInput(key, event);
    if (key === 'town') this.ags = undefined;
    if (key === 'postcode') {
      const postcode = (this.parts.postcode ?? '').trim();
      if (/^\d{5}$/.test(postcode)) void this.lookup(postcode);
      else this.towns = [];
    }
  }

  private async lookup(postcode: string): Promise<void> {
    if (postcode === this.lookedUp) return;
    this.lookedUp = postcode;
    this.lookupAbort?.abort();
    const abort = new AbortController();
    this.lookupAbort = abort;
    const lookup: TownLookup | undefined =
      this.townLookup ??
      (this.endpoint
        ? async (code, signal) => {
            const client = createEndpointClient({ endpoint: this.endpoint, locale: this.locale });
            const input: PlaceSearchInput = { q: code, limit: 20 };
            // The finder's answer has the published shape; another service's is read leniently.
            return this.placesProcedure === placeSearchProcedure
              ? townsFromPlaceHits(
                  await client.query<PlaceSearchHit[]>(placeSearchProcedure, input, signal),
                  code,
                )
              : suggestionsFrom(await client.query<unknown>(this.placesProcedure, input, signal), code);
          }
        : undefined);
    if (!lookup) return;
    try {
      const towns = await lookup(postcode, abort.signal);
      if (abort.signal.aborted) return;
      this.towns = towns;
      const only = towns.length === 1 ? towns[0] : undefined;
      if (only && (this.parts.town ?? '').trim() === '') {
        this.parts = { ...this.parts, town: only.town };
        this.ags = only.ags;
        this.announcement = this.msg('address.townSuggestion', { town: only.town });
      } else if (towns.length > 1) {
        this.announcement = this.msg('address.townSuggestions', { count: towns.length });
      }
      if (towns.length > 0) {
        this.dispatchEvent(
          new CustomEvent('efa-address-towns', {
            detail: { postcode, towns },
            bubbles: true,
            composed: true,
          }),
        );
      }
    } catch {
      // The suggestion is a convenience: without it the citizen types the town.
      if (!abort.signal.aborted) this.towns = [];
    }
  }

  /** Never called: the parts are in the field's own template (`render`). */
  protected renderControl(): typeof nothing {
    return nothing;
  }

  override render(): TemplateResult {
    // The fieldset of the base template with the parts written in: no template instance for
    // the control (a step holds many of these fields).
    const { invalid, message, describedBy, label, prefix: errorPrefix } = this.fieldTexts();
    // The parts of `specs`, written out: one template for the whole address.
    const prefix = this.section ? `section-${this.section} ` : '';
    const disabled = this.isDisabled;
    const readonly = this.readonly;
    const partInvalid = this.partInvalidity(invalid);
    return html`<fieldset class="field ${invalid ? 'field--invalid' : ''}" part="base" aria-describedby=${describedBy || nothing}
        @input=${this.onControlInput} @change=${this.onControlChange}
        ><legend class="label" part="label" .textContent=${label}></legend
        >${this.renderNotes(invalid, errorPrefix, message)}<div class="part"
        ><label class="sublabel" for="street" .textContent=${this.msg('address.street')}></label
        ><input id="street" part="control" class="control" type="text"
          maxlength="100" ${controlAttributes({ autocomplete: `${prefix}address-line1`, value: this.partValue('street'), disabled, readOnly: readonly, invalid: partInvalid('street') })} /></div
      ><div class="part"
        ><label class="sublabel" for="houseNumber" .textContent=${this.msg('address.houseNumber')}></label
        ><input id="houseNumber" part="control" class="control width-5" type="text" autocomplete="off"
          maxlength="20" ${controlAttributes({ value: this.partValue('houseNumber'), disabled, readOnly: readonly, invalid: partInvalid('houseNumber') })} /></div
      ><div class="part"
        ><label class="sublabel" for="addition" .textContent=${this.msg('address.addition')}></label
        ><input id="addition" part="control" class="control" type="text"
          maxlength="100" ${controlAttributes({ autocomplete: `${prefix}address-line2`, value: this.partValue('addition'), disabled, readOnly: readonly, invalid: partInvalid('addition') })} /></div
      ><div class="part"
        ><label class="sublabel" for="postcode" .textContent=${this.msg('address.postcode')}></label
        ><input id="postcode" part="control" class="control width-5" type="text" inputmode="numeric"
          maxlength="5" ${controlAttributes({ autocomplete: `${prefix}postal-code`, value: this.partValue('postcode'), disabled, readOnly: readonly, invalid: partInvalid('postcode') })} /></div
      ><div class="part"
        ><label class="sublabel" for="town" .textContent=${this.msg('address.town')}></label
        ><input id="town" part="control" class="control width-20" type="text"
          maxlength="100" list="towns" ${controlAttributes({ autocomplete: `${prefix}address-level2`, value: this.partValue('town'), disabled, readOnly: readonly, invalid: partInvalid('town') })} /></div
      ><datalist id="towns">${this.towns.map((town) => html`<option value=${town.town}></option>`)}</datalist
      ><div class="visually-hidden" role="status" .textContent=${this.announcement}></div></fieldset
      >`;
  }

  protected override resetValue(): void {
    super.resetValue();
    this.towns = [];
    this.lookedUp = '';
    this.ags = undefined;
    this.announcement = '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-address-field': EfaAddressFieldElement;
  }
  interface HTMLElementEventMap {
    'efa-address-towns': CustomEvent<{ postcode: string; towns: TownSuggestion[] }>;
  }
}
