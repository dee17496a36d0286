import MiniSearch from 'minisearch';
import type {
  AuthorityMatch,
  Gebiet,
  Leistung,
  Onlinedienst,
  Organisationseinheit,
  PlaceHit,
  ResolveResult,
  ServiceHit,
  Zustaendigkeit,
} from '../schema/index.js';
import { enclosingAreas, levelOfArs } from '../schema/index.js';
import { jurisdictionError } from './errors.js';
import { normalize, stem, termsOf, words } from './text.js';

export interface JurisdictionData {
  gebiete: readonly Gebiet[];
  leistungen: readonly Leistung[];
  authorities: readonly Organisationseinheit[];
  onlineServices: readonly Onlinedienst[];
  zustaendigkeiten: readonly Zustaendigkeit[];
}

type Lang = 'de' | 'en';

interface PlaceDocument {
  id: string;
  name: string;
}

/**
 * How many typing errors a place name may have: none below four letters (too many towns
 * would match), one for four, two from five on, because a swap of two letters ("Prina" for
 * "Pirna") costs two edits in MiniSearch's Levenshtein distance.
 */
function placeFuzziness(term: string): number | false {
  if (term.length < 4 || /^\d+$/.test(term)) return false;
  return term.length === 4 ? 1 : 2;
}

/**
 * Edit distance counting a swap of two neighbouring letters as one edit (optimal string
 * alignment): MiniSearch finds the candidates, this orders them, so "Prina" puts Pirna (one
 * swap) above Grinau (two edits).
 */
export function typingDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i += 1) {
    const row = rows[i] as number[];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

interface ServiceDocument {
  id: string;
  key: string;
  name: string;
  nameEn: string;
  synonyms: string;
  description: string;
}

/** Words too common to be search terms or compound parts. */
const stopwords = new Set([
  'der',
  'die',
  'das',
  'den',
  'dem',
  'des',
  'ein',
  'eine',
  'einen',
  'und',
  'oder',
  'fuer',
  'mit',
  'von',
  'bei',
  'ich',
  'mein',
  'meine',
  'wie',
  'wo',
  'was',
  'the',
  'and',
  'for',
  'a',
  'an',
  'of',
  'to',
  'my',
  'in',
  'im',
  'am',
  'zu',
  'zur',
  'zum',
  'auf',
  'an',
  'aus',
]);

const levelLabels: Record<Lang, Record<Gebiet['level'], string>> = {
  de: {
    gemeinde: 'Gemeinde',
    gemeindeverband: 'Gemeindeverband',
    kreis: 'Kreis',
    regierungsbezirk: 'Regierungsbezirk',
    land: 'Land',
    bund: 'Bund',
  },
  en: {
    gemeinde: 'municipality',
    gemeindeverband: 'association of municipalities',
    kreis: 'county',
    regierungsbezirk: 'administrative district',
    land: 'state',
    bund: 'federation',
  },
};

function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] ?? '') < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The read-mostly jurisdiction data, held in memory by each app server (loaded from the
 * database with `loadIndex`): a MiniSearch full-text index over the services, sorted arrays for
 * place lookups by postcode and name prefix, and a map from (service, area key) to the rules
 * for resolution by walking the place's key from the municipality up to the federation.
 */
export class JurisdictionIndex {
  readonly counts: { gebiete: number; leistungen: number; authorities: number; zustaendigkeiten: number };
  private readonly services = new Map<string, Leistung>();
  private readonly serviceByKey = new Map<string, Leistung>();
  private readonly gebiete = new Map<string, Gebiet>();
  private readonly byAgs = new Map<string, Gebiet>();
  private readonly authorities = new Map<string, Organisationseinheit>();
  private readonly online = new Map<string, Onlinedienst>();
  private readonly rules = new Map<string, Map<string, Zustaendigkeit[]>>();
  private readonly postcodeToArs = new Map<string, string[]>();
  private readonly postcodes: string[];
  private readonly nameKeys: string[] = [];
  private readonly nameArs: string[] = [];
  private readonly sortedArs: string[];
  private readonly search: MiniSearch<ServiceDocument>;
  private readonly municipalities: readonly Gebiet[];
  private placeSearch: MiniSearch<PlaceDocument> | undefined;

  constructor(data: JurisdictionData) {
    for (const gebiet of data.gebiete) {
      this.gebiete.set(gebiet.ars, gebiet);
      if (gebiet.level !== 'gemeinde') continue;
      this.byAgs.set(`${gebiet.ars.slice(0, 5)}${gebiet.ars.slice(9)}`, gebiet);
      for (const postcode of gebiet.postcodes) {
        const list = this.postcodeToArs.get(postcode);
        if (list) list.push(gebiet.ars);
        else this.postcodeToArs.set(postcode, [gebiet.ars]);
      }
    }
    for (const list of this.postcodeToArs.values()) {
      list.sort((a, b) =>
        (this.gebiete.get(a)?.name ?? '').localeCompare(this.gebiete.get(b)?.name ?? '', 'de'),
      );
    }
    this.postcodes = [...this.postcodeToArs.keys()].sort();
    const municipalities = [...this.gebiete.values()].filter((g) => g.level === 'gemeinde');
    this.municipalities = municipalities;
    this.sortedArs = municipalities.map((g) => g.ars).sort();
    const names: Array<[string, string]> = [];
    for (const g of municipalities) {
      const full = words(g.name).join(' ');
      names.push([full, g.ars]);
      // Later words too, so "Schlema" finds "Aue-Bad Schlema" and "Budysin" finds Bautzen.
      const parts = words(g.officialName);
      for (let i = 1; i < parts.length; i += 1) names.push([parts.slice(i).join(' '), g.ars]);
    }
    names.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [key, ars] of names) {
      this.nameKeys.push(key);
      this.nameArs.push(ars);
    }

    for (const a of data.authorities) this.authorities.set(a.id, a);
    for (const o of data.onlineServices) this.online.set(o.id, o);
    for (const z of data.zustaendigkeiten) {
      let byArea = this.rules.get(z.leistung);
      if (!byArea) {
        byArea = new Map();
        this.rules.set(z.leistung, byArea);
      }
      const list = byArea.get(z.gebiet);
      if (list) list.push(z);
      else byArea.set(z.gebiet, [z]);
    }

    const vocabulary = new Set<string>();
    for (const s of data.leistungen) {
      this.services.set(s.id, s);
      if (s.key) this.serviceByKey.set(s.key, s);
      for (const text of [s.name.de, s.name.en ?? '', ...s.synonyms]) {
        for (const word of words(text)) {
          if (word.length >= 4 && !stopwords.has(word)) {
            vocabulary.add(word);
            vocabulary.add(stem(word));
          }
        }
      }
    }
    const processTerm = (term: string): string[] | null => {
      const normalized = normalize(term);
      if (stopwords.has(normalized)) return null;
      return termsOf(normalized, vocabulary);
    };
    this.search = new MiniSearch<ServiceDocument>({
      fields: ['key', 'name', 'nameEn', 'synonyms', 'description'],
      storeFields: [],
      processTerm,
      searchOptions: {
        boost: { key: 4, name: 3, nameEn: 2, synonyms: 2, description: 0.5 },
        prefix: (term) => term.length >= 3,
        fuzzy: (term) => (term.length >= 5 && !/^\d+$/.test(term) ? 1 : false),
        maxFuzzy: 1,
        combineWith: 'OR',
        boostDocument: (id) => this.services.get(String(id))?.searchWeight ?? 1,
      },
    });
    this.search.addAll(
      data.leistungen.map((s) => ({
        id: s.id,
        key: s.key ?? '',
        name: s.name.de,
        nameEn: s.name.en ?? '',
        synonyms: s.synonyms.join(' | '),
        description: `${s.description?.de ?? ''} ${s.description?.en ?? ''}`,
      })),
    );
    this.counts = {
      gebiete: this.gebiete.size,
      leistungen: this.services.size,
      authorities: this.authorities.size,
      zustaendigkeiten: data.zustaendigkeiten.length,
    };
  }

  /** A service by id or Leistungsschlüssel. */
  service(idOrKey: string): Leistung | undefined {
    return this.services.get(idOrKey) ?? this.serviceByKey.get(idOrKey);
  }

  gebiet(ars: string): Gebiet | undefined {
    return this.gebiete.get(ars);
  }

  authority(id: string): Organisationseinheit | undefined {
    return this.authorities.get(id);
  }

  /**
   * Every authority responsible for a service somewhere, once each: for an app that sets up a
   * destination (FIT-Connect Zustellpunkt) per authority, e.g. in development.
   */
  authoritiesFor(serviceRef: string): Organisationseinheit[] {
    const service = this.service(serviceRef);
    const byArea = service ? this.rules.get(service.id) : undefined;
    const found = new Map<string, Organisationseinheit>();
    for (const rules of byArea?.values() ?? []) {
      for (const rule of rules) {
        const authority = this.authorities.get(rule.organisationseinheit);
        if (authority) found.set(authority.id, authority);
      }
    }
    return [...found.values()];
  }

  serviceHit(service: Leistung, lang: Lang = 'de', score = 0): ServiceHit {
    return {
      id: service.id,
      key: service.key,
      keyStatus: service.keyStatus,
      name: lang === 'en' ? (service.name.en ?? service.name.de) : service.name.de,
      description:
        (lang === 'en' ? (service.description?.en ?? service.description?.de) : service.description?.de) ??
        null,
      level: service.level,
      score,
    };
  }

  /** Services by name, synonym or key, best first. */
  searchServices(q: string, options: { limit?: number; lang?: Lang } = {}): ServiceHit[] {
    const limit = options.limit ?? 10;
    const query = q.trim();
    const exact = /^\d{14}$/.test(query) ? this.serviceByKey.get(query) : this.services.get(query);
    const hits = this.search.search(query);
    const result: ServiceHit[] = [];
    // An exact id or key ranks above every text match.
    if (exact) result.push(this.serviceHit(exact, options.lang, Math.ceil((hits[0]?.score ?? 0) + 1)));
    // Hits far below the best are noise from fuzzy and prefix expansion; a combobox should not list them.
    const floor = (hits[0]?.score ?? 0) * 0.08;
    for (const hit of hits) {
      if (result.length >= limit || hit.score < floor) break;
      const service = this.services.get(String(hit.id));
      if (!service || service === exact) continue;
      result.push(this.serviceHit(service, options.lang, Math.round(hit.score * 1000) / 1000));
    }
    return result.slice(0, limit);
  }

  placeHit(gebiet: Gebiet, match: PlaceHit['match'], postcode?: string): PlaceHit {
    const kreis = this.gebiete.get(gebiet.ars.slice(0, 5));
    const land = this.gebiete.get(gebiet.ars.slice(0, 2));
    return {
      ars: gebiet.ars,
      name: gebiet.name,
      type: gebiet.type,
      postcodes: postcode ? [postcode] : gebiet.postcodes.slice(0, 5),
      kreis: kreis && kreis.name !== gebiet.name ? kreis.officialName : null,
      land: land?.name ?? null,
      match,
    };
  }

  /** Places by postcode prefix, name prefix, AGS or ARS. */
  searchPlaces(q: string, options: { limit?: number } = {}): PlaceHit[] {
    const limit = options.limit ?? 10;
    const query = q.trim();
    const combined = /^(\d{1,5})\s+(\S.*)$/.exec(query);
    if (combined?.[1] && combined[2]) {
      const namePrefix = words(combined[2]).join(' ');
      return this.byPostcodePrefix(combined[1], Number.POSITIVE_INFINITY)
        .filter((hit) => words(hit.name).join(' ').startsWith(namePrefix))
        .slice(0, limit);
    }
    if (/^\d+$/.test(query)) {
      if (query.length <= 5) return this.byPostcodePrefix(query, limit);
      const byAgs = query.length === 8 ? this.byAgs.get(query) : undefined;
      const hits: PlaceHit[] = byAgs ? [this.placeHit(byAgs, 'ars')] : [];
      for (
        let i = lowerBound(this.sortedArs, query);
        i < this.sortedArs.length && hits.length < limit;
        i += 1
      ) {
        const ars = this.sortedArs[i] ?? '';
        if (!ars.startsWith(query)) break;
        const gebiet = this.gebiete.get(ars);
        if (gebiet && gebiet !== byAgs) hits.push(this.placeHit(gebiet, 'ars'));
      }
      return hits;
    }
    const prefix = words(query).join(' ');
    if (!prefix) return [];
    const seen = new Map<string, { gebiet: Gebiet; rank: number; distance: number }>();
    for (let i = lowerBound(this.nameKeys, prefix); i < this.nameKeys.length; i += 1) {
      const key = this.nameKeys[i] ?? '';
      if (!key.startsWith(prefix)) break;
      const gebiet = this.gebiete.get(this.nameArs[i] ?? '');
      if (!gebiet) continue;
      const full = words(gebiet.name).join(' ');
      const rank = full === prefix ? 0 : full.startsWith(prefix) ? 1 : 2;
      const previous = seen.get(gebiet.ars);
      if (!previous || previous.rank > rank) seen.set(gebiet.ars, { gebiet, rank, distance: 0 });
    }
    // Typing errors ("Prina", "Pirnaa"): only where the exact prefix search leaves room, so
    // every exact and prefix match stays above every fuzzy one.
    if (seen.size < limit) {
      for (const hit of this.fuzzyPlaces().search(query)) {
        const gebiet = this.gebiete.get(String(hit.id));
        if (!gebiet || seen.has(gebiet.ars)) continue;
        const distance = typingDistance(prefix, words(gebiet.name).join(' '));
        seen.set(gebiet.ars, { gebiet, rank: 3, distance });
      }
    }
    return [...seen.values()]
      .sort(
        (a, b) =>
          a.rank - b.rank ||
          a.distance - b.distance ||
          (b.gebiet.population ?? 0) - (a.gebiet.population ?? 0) ||
          a.gebiet.name.localeCompare(b.gebiet.name, 'de'),
      )
      .slice(0, limit)
      .map(({ gebiet }) => this.placeHit(gebiet, 'name'));
  }

  /**
   * A full-text index over the municipalities' names for fuzzy matching, built on first use:
   * most lookups are exact or prefix ones, and the index is rebuilt on every data refresh.
   * Every word must match (AND), so "Bad Schandaw" finds Bad Schandau, not every "Bad …".
   */
  private fuzzyPlaces(): MiniSearch<PlaceDocument> {
    if (this.placeSearch) return this.placeSearch;
    const search = new MiniSearch<PlaceDocument>({
      fields: ['name'],
      storeFields: [],
      processTerm: (term) => normalize(term) || null,
      tokenize: (text) => words(text),
      searchOptions: { fuzzy: placeFuzziness, prefix: false, combineWith: 'AND' },
    });
    search.addAll(this.municipalities.map((g) => ({ id: g.ars, name: `${g.name} ${g.officialName}` })));
    this.placeSearch = search;
    return search;
  }

  private byPostcodePrefix(prefix: string, limit: number): PlaceHit[] {
    const hits: PlaceHit[] = [];
    for (
      let i = lowerBound(this.postcodes, prefix);
      i < this.postcodes.length && hits.length < limit;
      i += 1
    ) {
      const postcode = this.postcodes[i] ?? '';
      if (!postcode.startsWith(prefix)) break;
      for (const ars of this.postcodeToArs.get(postcode) ?? []) {
        const gebiet = this.gebiete.get(ars);
        if (gebiet && hits.length < limit) hits.push(this.placeHit(gebiet, 'postcode', postcode));
      }
    }
    return hits;
  }

  /** The municipalities a place reference names: ARS, AGS or every municipality of a postcode. */
  places(place: string): Gebiet[] {
    if (place.length === 12) {
      const gebiet = this.gebiete.get(place);
      return gebiet?.level === 'gemeinde' ? [gebiet] : [];
    }
    if (place.length === 8) {
      const gebiet = this.byAgs.get(place);
      return gebiet ? [gebiet] : [];
    }
    return (this.postcodeToArs.get(place) ?? []).flatMap((ars) => {
      const gebiet = this.gebiete.get(ars);
      return gebiet ? [gebiet] : [];
    });
  }

  /**
   * Who is responsible for a service at a place. A postcode that spans several municipalities
   * gives `ambiguous` with every candidate: the user chooses, we never guess. Otherwise the
   * most specific rule wins, walking municipality → association → county → district → state
   * → federation; every match names the rule and the area it is attached to.
   */
  resolve(serviceRef: string, place: string, lang: Lang = 'de'): ResolveResult {
    const service = this.service(serviceRef);
    if (!service) throw jurisdictionError('JURISDICTION_SERVICE_NOT_FOUND', { service: serviceRef });
    const candidates = this.places(place);
    const serviceHit = this.serviceHit(service, lang);
    const postcode = place.length === 5 ? place : undefined;
    if (candidates.length === 0) throw jurisdictionError('JURISDICTION_PLACE_NOT_FOUND', { place });
    if (candidates.length > 1) {
      return {
        status: 'ambiguous',
        service: serviceHit,
        postcode: place,
        candidates: candidates
          .map((g) => this.placeHit(g, 'postcode', postcode))
          .sort((a, b) => a.name.localeCompare(b.name, 'de')),
      };
    }
    const [gebiet] = candidates as [Gebiet];
    const placeHit = this.placeHit(gebiet, postcode ? 'postcode' : 'ars', postcode);
    const byArea = this.rules.get(service.id);
    for (const area of enclosingAreas(gebiet.ars)) {
      const rules = byArea?.get(area);
      if (!rules || rules.length === 0) continue;
      const matches = rules.flatMap((rule): AuthorityMatch[] => {
        const authority = this.authorities.get(rule.organisationseinheit);
        if (!authority) return [];
        const areaGebiet = this.gebiete.get(area);
        const level = levelOfArs(area);
        return [
          {
            authority,
            onlineService: rule.onlinedienst ? (this.online.get(rule.onlinedienst) ?? null) : null,
            rolle: rule.rolle,
            rule: {
              id: rule.id,
              level,
              area: { ars: area, name: areaGebiet?.name ?? area, level },
              source: rule.source,
            },
          },
        ];
      });
      if (matches.length === 0) continue;
      const first = matches[0] as AuthorityMatch;
      return {
        status: 'found',
        service: serviceHit,
        place: placeHit,
        matches,
        explanation: this.explain(lang, serviceHit.name, gebiet, first),
      };
    }
    return {
      status: 'none',
      service: serviceHit,
      place: placeHit,
      explanation:
        lang === 'en'
          ? `No responsible authority for "${serviceHit.name}" in ${gebiet.name} is recorded in this dataset.`
          : `Für „${serviceHit.name}“ in ${gebiet.name} ist in diesem Datenbestand keine zuständige Stelle hinterlegt.`,
    };
  }

  private explain(lang: Lang, serviceName: string, place: Gebiet, match: AuthorityMatch): string {
    const area = match.rule.area;
    const type = this.gebiete.get(area.ars)?.type ?? levelLabels[lang][area.level];
    if (lang === 'en') {
      if (area.ars === place.ars) {
        return `${match.authority.name} is responsible for "${serviceName}" in ${place.name}: the rule is set for this municipality.`;
      }
      if (area.level === 'bund') {
        return `${match.authority.name} is responsible for "${serviceName}" in ${place.name}: the rule applies to all of Germany.`;
      }
      return `${match.authority.name} is responsible for "${serviceName}" in ${place.name}: the rule is set for the area ${area.name} (${type}), which includes ${place.name}.`;
    }
    if (area.ars === place.ars) {
      return `Für „${serviceName}“ in ${place.name} ist ${match.authority.name} zuständig: Die Regel gilt für diese Gemeinde.`;
    }
    if (area.level === 'bund') {
      return `Für „${serviceName}“ in ${place.name} ist ${match.authority.name} zuständig: Die Regel gilt bundesweit.`;
    }
    return `Für „${serviceName}“ in ${place.name} ist ${match.authority.name} zuständig: Die Regel gilt für das Gebiet ${area.name} (${type}), das ${place.name} umfasst.`;
  }
}
