import { isEfaError } from '@efa-kit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolveResult } from '../schema/index.js';
import { fixtureData } from '../testing/fixtures.js';
import { catalogue, onlineServices } from './catalogue.js';
import { type ReferenceData, readReferenceData } from './reference-data.js';
import { deriveSaxonAuthorities } from './saxony.js';
import { JurisdictionIndex } from './search-index.js';
import { words } from './text.js';

let reference: ReferenceData;
let index: JurisdictionIndex;

beforeAll(async () => {
  reference = await readReferenceData();
  const derived = deriveSaxonAuthorities(reference, catalogue);
  index = new JurisdictionIndex({
    gebiete: reference.gebiete,
    leistungen: catalogue,
    authorities: derived.authorities,
    onlineServices,
    zustaendigkeiten: derived.zustaendigkeiten,
  });
});

function found(result: ResolveResult) {
  if (result.status !== 'found') throw new Error(`expected found, got ${result.status}`);
  return result;
}

describe('reference data (Destatis + OpenStreetMap postcodes)', () => {
  it('has every German municipality, association and county, with postcodes', () => {
    const count = (level: string) => reference.gebiete.filter((g) => g.level === level).length;
    // 10,953 records minus the uninhabited unincorporated areas.
    expect(count('gemeinde')).toBe(
      10_953 - reference.municipalities.filter((m) => m.typeCode === '66').length,
    );
    expect(count('kreis')).toBe(400);
    expect(count('land')).toBe(16);
    expect(count('gemeindeverband')).toBe(reference.associations.filter((a) => a.typeCode !== '50').length);
    expect(index.gebiet('146120000000')).toMatchObject({
      name: 'Dresden',
      officialName: 'Dresden, Stadt',
      population: 564_904,
    });
    expect(index.gebiet('146120000000')?.postcodes).toContain('01067');
  });

  it('gives Jahnatal, formed after the postcode snapshot, the postcodes of its predecessors', () => {
    const jahnatal = reference.gebiete.find((g) => g.ars.endsWith('275') && g.name === 'Jahnatal');
    expect(jahnatal?.postcodes.length).toBeGreaterThan(0);
  });
});

describe('service search', () => {
  it('ranks the common service first for a plain query', () => {
    expect(index.searchServices('Hund anmelden')[0]?.id).toBe('99102013104000');
    const dogTax = index.searchServices('Hundesteuer', { limit: 5 });
    expect(dogTax[0]?.name).toBe('Hundesteuer – Anmeldung');
    expect(dogTax.every((hit) => hit.name.startsWith('Hundesteuer'))).toBe(true);
  });

  it('is tolerant of case, umlauts written as ae/oe/ue and ß/ss', () => {
    const top = (q: string) => index.searchServices(q)[0]?.id;
    expect(top('führerschein')).toBe('efa:fuehrerschein');
    expect(top('FUEHRERSCHEIN')).toBe('efa:fuehrerschein');
    expect(top('Fahrzeug ausser Betrieb')).toBe('efa:fahrzeug-ausser-betrieb');
    expect(top('Fahrzeug außer Betrieb')).toBe('efa:fahrzeug-ausser-betrieb');
  });

  it('forgives one typo in words of five letters or more, not in shorter words', () => {
    expect(index.searchServices('Hundestuer')[0]?.name).toBe('Hundesteuer – Anmeldung');
    expect(index.searchServices('Persoanlausweis')[0]?.id).toBe('99008001012000');
    expect(index.searchServices('Hunt').some((hit) => hit.name.startsWith('Hundesteuer'))).toBe(false);
  });

  it('finds services by Leistungsschlüssel and by key prefix', () => {
    expect(index.searchServices('99102013104000')[0]).toMatchObject({
      id: '99102013104000',
      keyStatus: 'unverified',
    });
    const byPrefix = index.searchServices('99102013');
    expect(byPrefix.length).toBe(5);
  });

  it('finds a service by synonym and answers in English', () => {
    expect(index.searchServices('Umzug')[0]?.id).toBe('efa:wohnsitz-anmelden');
    expect(index.searchServices('Auto anmelden')[0]?.id).toBe('efa:fahrzeug-zulassen');
    expect(index.searchServices('dog tax', { lang: 'en' })[0]?.name).toBe('Dog tax – registration');
  });

  it('matches a compound query against a service written as separate words', () => {
    const data = fixtureData();
    const small = new JurisdictionIndex({
      ...data,
      leistungen: [
        {
          ...(data.leistungen[0] as (typeof data.leistungen)[number]),
          name: { de: 'Hund anmelden' },
          synonyms: [],
          description: undefined,
        },
      ],
    });
    expect(small.searchServices('Hundesteuer')[0]?.name).toBe('Hund anmelden');
  });
});

describe('place search', () => {
  it('finds places by name prefix, larger places first', () => {
    expect(index.searchPlaces('Dresd')[0]).toMatchObject({
      ars: '146120000000',
      name: 'Dresden',
      match: 'name',
    });
    expect(index.searchPlaces('leipzig')[0]?.ars).toBe('147130000000');
    expect(index.searchPlaces('Budysin')[0]?.name).toBe('Bautzen / Budyšin');
    expect(index.searchPlaces('Schlema')[0]?.name).toBe('Aue-Bad Schlema');
  });

  it('issue 12: forgives typing errors in a place name, exact and prefix matches first', () => {
    const names = (q: string) => index.searchPlaces(q).map((hit) => hit.name);
    // Two letters swapped, one letter doubled, one wrong.
    expect(names('Prina')[0]).toBe('Pirna');
    expect(names('Pirnaa')[0]).toBe('Pirna');
    expect(names('Pirne')[0]).toBe('Pirna');
    // A prefix of another town is no typing error: Pirmasens, not Pirna.
    expect(names('pirma')[0]).toBe('Pirmasens');
    expect(names('Bad Schandaw')[0]).toBe('Bad Schandau');
    expect(index.searchPlaces('Prina')[0]).toMatchObject({ ars: '146285229270', match: 'name' });
    // The exact name and every prefix match rank above what is only similar.
    expect(names('Pirna')[0]).toBe('Pirna');
    const prefixMatch = index
      .searchPlaces('Pirn', { limit: 20 })
      .map((hit) => words(hit.name).some((word) => word.startsWith('pirn')));
    expect(prefixMatch[0]).toBe(true);
    // Once the similar names begin, no prefix match follows.
    expect(prefixMatch.slice(prefixMatch.indexOf(false))).not.toContain(true);
    // Short words are not guessed at, and postcodes stay exact.
    expect(index.searchPlaces('Aue')[0]?.name).toBe('Aue-Bad Schlema');
    expect(index.searchPlaces('01797').every((hit) => hit.postcodes[0] === '01797')).toBe(true);
    expect(index.searchPlaces('01799')).toEqual([]);
    expect(index.searchPlaces('xqzxqz')).toEqual([]);
  });

  it('finds places by postcode prefix, each hit naming its postcode', () => {
    const hits = index.searchPlaces('0106', { limit: 20 });
    expect(hits.length).toBeGreaterThan(1);
    expect(hits.every((hit) => hit.match === 'postcode' && hit.postcodes[0]?.startsWith('0106'))).toBe(true);
    expect(index.searchPlaces('04109 Leip')).toEqual([
      expect.objectContaining({ name: 'Leipzig', postcodes: ['04109'] }),
    ]);
  });

  it('finds places by ARS and AGS', () => {
    expect(index.searchPlaces('146120000000')[0]?.name).toBe('Dresden');
    expect(index.searchPlaces('14612000')[0]?.name).toBe('Dresden');
  });
});

describe('resolution on the Saxon demo authorities', () => {
  it('asks the user to choose when a postcode spans several municipalities (08626)', () => {
    const result = index.resolve('99102013104000', '08626');
    expect(result.status).toBe('ambiguous');
    if (result.status !== 'ambiguous') return;
    expect(result.candidates.map((c) => c.name)).toEqual(['Adorf/Vogtl.', 'Eichigt', 'Mühlental']);
    const eichigt = result.candidates.find((c) => c.name === 'Eichigt');
    expect(found(index.resolve('99102013104000', eichigt?.ars ?? '')).matches[0]?.authority.name).toBe(
      'Gemeindeverwaltung Eichigt',
    );
  });

  it('lists every authority responsible for a service once, for a destination per authority', () => {
    const authorities = index.authoritiesFor('99102013104000');
    expect(authorities.length).toBeGreaterThan(400);
    expect(new Set(authorities.map((a) => a.id)).size).toBe(authorities.length);
    expect(authorities.map((a) => a.name)).toContain('Gemeindeverwaltung Eichigt');
    expect(index.authoritiesFor('no-such-service')).toEqual([]);
  });

  it('municipality level: dog tax in a municipality is its own administration', () => {
    const result = found(index.resolve('99102013104000', '14521010'));
    expect(result.matches[0]).toMatchObject({
      authority: { name: 'Gemeindeverwaltung Amtsberg', demo: true },
      onlineService: { id: 'efa-demo.OD.hundesteuer' },
      rule: { level: 'gemeinde', area: { ars: '145210010010', name: 'Amtsberg' } },
    });
    expect(result.explanation).toContain('Die Regel gilt für diese Gemeinde');
  });

  it('association level: the seat of a Verwaltungsgemeinschaft registers residents of its members', () => {
    const result = found(index.resolve('efa:wohnsitz-anmelden', '14522010'));
    expect(result.place.name).toBe('Altmittweida');
    expect(result.matches[0]).toMatchObject({
      authority: { name: 'Stadtverwaltung Mittweida' },
      rule: { level: 'gemeindeverband', area: { ars: '145225119', name: 'Mittweida' } },
    });
    expect(result.explanation).toContain('Verwaltungsgemeinschaft');
    // Dog tax stays with the member municipality, whose record says who runs its office.
    const dogTax = found(index.resolve('99102013104000', '14522010')).matches[0];
    expect(dogTax?.authority.name).toBe('Gemeindeverwaltung Altmittweida');
    expect(dogTax?.authority.note).toContain('Mittweida');
  });

  it('association level: a Verwaltungsverband acts for its members', () => {
    const member = reference.gebiete.find((g) => g.parent === '145215405');
    const result = found(index.resolve('99008001012000', member?.ars ?? ''));
    expect(result.matches[0]?.authority.name).toBe('Verwaltungsverband Wildenstein');
    expect(result.matches[0]?.rule.level).toBe('gemeindeverband');
  });

  it('county level: the Landratsamt, or the county-free city itself', () => {
    const county = found(index.resolve('efa:fahrzeug-zulassen', '14521010')).matches[0];
    expect(county).toMatchObject({
      authority: { name: 'Landratsamt Erzgebirgskreis' },
      rule: { level: 'kreis', area: { ars: '14521' } },
    });
    const city = found(index.resolve('99107023037000', '01067')).matches[0];
    expect(city).toMatchObject({
      authority: { name: 'Stadtverwaltung Dresden' },
      // Housing benefit is applied for online in the portal, wherever in Saxony (issue 12).
      onlineService: { id: 'efa-demo.OD.wohngeld', url: '/antrag/wohngeld' },
      rule: { level: 'kreis', area: { ars: '14612' } },
    });
  });

  it('state level: victims’ compensation for any Saxon place', () => {
    const result = found(index.resolve('efa:soziale-entschaedigung', '04109'));
    expect(result.matches[0]).toMatchObject({
      authority: { name: 'Kommunaler Sozialverband Sachsen' },
      rule: { level: 'land', area: { ars: '14', name: 'Sachsen' } },
    });
  });

  it('federal level applies where nothing more specific exists, and yields to it where it does', () => {
    const berlin = found(index.resolve('99049001001000', '10115'));
    expect(berlin.matches[0]).toMatchObject({
      authority: { name: 'Bundesamt für Justiz' },
      rule: { level: 'bund' },
    });
    expect(berlin.explanation).toContain('bundesweit');
    const saxon = found(index.resolve('99049001001000', '14521010'));
    expect(saxon.matches[0]?.authority.name).toBe('Gemeindeverwaltung Amtsberg');
  });

  it('says so when no rule covers the place, instead of guessing', () => {
    const result = index.resolve('99102013104000', '10115');
    expect(result).toMatchObject({ status: 'none', place: { name: 'Berlin' } });
  });

  it('answers every catalogue service for every Saxon municipality', () => {
    const saxon = reference.gebiete.filter((g) => g.level === 'gemeinde' && g.ars.startsWith('14'));
    expect(saxon.length).toBe(418);
    const unanswered: string[] = [];
    for (const place of saxon) {
      for (const service of catalogue) {
        if (index.resolve(service.id, place.ars).status !== 'found')
          unanswered.push(`${service.id}@${place.name}`);
      }
    }
    expect(unanswered).toEqual([]);
  });

  it('rejects unknown services and places with coded errors', () => {
    const error = (fn: () => unknown) => {
      try {
        fn();
      } catch (caught) {
        return caught;
      }
      return undefined;
    };
    const service = error(() => index.resolve('00000000000000', '01067'));
    expect(isEfaError(service) && service.code).toBe('JURISDICTION_SERVICE_NOT_FOUND');
    const place = error(() => index.resolve('99102013104000', '00001'));
    expect(isEfaError(place) && place.code).toBe('JURISDICTION_PLACE_NOT_FOUND');
  });
});

describe('resolution order (fictional fixture with every level)', () => {
  const fixture = new JurisdictionIndex(fixtureData());

  it('prefers the district over the state when both have a rule', () => {
    const result = found(fixture.resolve('efa:jagdschein', '991015001002'));
    expect(result.matches.map((m) => m.authority.name)).toEqual(['Bezirksamt Nord (fiktiv)']);
    expect(result.matches[0]?.rule.level).toBe('regierungsbezirk');
  });

  it('walks municipality, association, county, state and federation', () => {
    const level = (service: string) => found(fixture.resolve(service, '991015001002')).matches[0]?.rule.level;
    expect(level('99102013104000')).toBe('gemeinde');
    expect(level('efa:wohnsitz-anmelden')).toBe('gemeindeverband');
    expect(level('efa:fahrzeug-zulassen')).toBe('kreis');
    expect(level('efa:soziale-entschaedigung')).toBe('land');
    expect(level('99049001001000')).toBe('bund');
  });
});
