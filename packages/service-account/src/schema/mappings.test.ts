import { describe, expect, it } from 'vitest';
import { isSafeReturnPath } from './api.js';
import { identitySchema } from './identity.js';
import {
  attributesReader,
  bundIdMapping,
  claimsReader,
  elsterCompanyMapping,
  mapIdentity,
  normaliseDate,
  oidcMapping,
  splitStreetLine,
} from './mappings.js';

describe('BundID SAML attributes (by OID)', () => {
  const assertion = {
    'urn:oid:1.3.6.1.4.1.25484.494450.3': 'Q2xhdWRlIGJQSzIgZXhhbXBsZQ==',
    'urn:oid:2.5.4.42': 'Erika',
    'urn:oid:2.5.4.4': 'Mustermann',
    'urn:oid:1.2.40.0.10.2.1.1.225566': 'Gabler',
    'urn:oid:1.2.40.0.10.2.1.1.55': '1964-08-12',
    'urn:oid:1.3.6.1.5.5.7.9.2': 'Berlin',
    'urn:oid:1.2.40.0.10.2.1.1.225577': 'D',
    'urn:oid:2.5.4.16': 'Heidestraße 17',
    'urn:oid:2.5.4.17': '51147',
    'urn:oid:2.5.4.7': 'Köln',
    'urn:oid:1.2.40.0.10.2.1.1.225599': 'D',
    'urn:oid:0.9.2342.19200300.100.1.3': 'erika@example.org',
    'urn:oid:1.2.40.0.10.2.1.1.261.94': 'STORK-QAA-Level-4',
    'urn:oid:2.5.4.18': 'postkorb-123',
  };

  it('maps a full eID assertion to a person at level high', () => {
    const identity = mapIdentity(bundIdMapping, attributesReader(assertion), {
      issuer: 'https://id.bund.de/idp',
    });
    expect(identitySchema.parse(identity)).toEqual(identity);
    expect(identity).toMatchObject({
      kind: 'person',
      subject: 'Q2xhdWRlIGJQSzIgZXhhbXBsZQ==',
      trustLevel: 'high',
      method: 'eid-card',
      person: {
        givenNames: 'Erika',
        familyName: 'Mustermann',
        birthName: 'Gabler',
        birthDate: '1964-08-12',
        birthPlace: 'Berlin',
        nationality: 'DE',
        email: 'erika@example.org',
        mailboxHandle: 'postkorb-123',
        address: { kind: 'de', street: 'Heidestraße', houseNumber: '17', postcode: '51147', town: 'Köln' },
      },
    });
    expect(identity?.provenance as Record<string, unknown>).toMatchObject({
      givenNames: { source: 'eid-card', level: 'high' },
      email: { source: 'self-declared', level: 'low' },
    });
  });

  it('reads STORK-QAA-Level-3 as substantial (ELSTER) and Level-1 as low (password)', () => {
    const substantial = mapIdentity(
      bundIdMapping,
      attributesReader({ ...assertion, 'urn:oid:1.2.40.0.10.2.1.1.261.94': 'STORK-QAA-Level-3' }),
      { issuer: 'x' },
    );
    expect(substantial).toMatchObject({ trustLevel: 'substantial', method: 'elster-certificate' });
    expect((substantial?.provenance as Record<string, unknown> | undefined)?.givenNames).toEqual({
      source: 'elster',
      level: 'substantial',
    });
    const low = mapIdentity(
      bundIdMapping,
      attributesReader({ ...assertion, 'urn:oid:1.2.40.0.10.2.1.1.261.94': 'STORK-QAA-Level-1' }),
      { issuer: 'x' },
    );
    expect((low?.provenance as Record<string, unknown> | undefined)?.birthDate).toEqual({
      source: 'self-declared',
      level: 'low',
    });
  });

  it('recognises an EU eID by its issuing country', () => {
    const identity = mapIdentity(
      bundIdMapping,
      attributesReader({ ...assertion, 'urn:oid:1.3.6.1.4.1.25484.494450.10.1': 'PL' }),
      { issuer: 'x' },
    );
    expect(identity?.method).toBe('eu-eid');
  });

  it('refuses an assertion without bPK2 or without a level', () => {
    const { 'urn:oid:1.3.6.1.4.1.25484.494450.3': _bpk, ...noSubject } = assertion;
    expect(mapIdentity(bundIdMapping, attributesReader(noSubject), { issuer: 'x' })).toBeUndefined();
    const { 'urn:oid:1.2.40.0.10.2.1.1.261.94': _qaa, ...noLevel } = assertion;
    expect(mapIdentity(bundIdMapping, attributesReader(noLevel), { issuer: 'x' })).toBeUndefined();
  });
});

describe('ELSTER company account attributes', () => {
  it('maps an organisation with its acting person', () => {
    const identity = mapIdentity(
      elsterCompanyMapping,
      attributesReader({
        DatenuebermittlerPseudonymId: 'elster-pseudo-1',
        ElsterVertrauensniveauAuthentifizierung: 'substanziell',
        Firmenname: 'Musterbau GmbH',
        RechtsformText: 'Gesellschaft mit beschränkter Haftung',
        Registerart: 'HRB',
        Registernummer: '12345',
        Registergericht: 'Amtsgericht Köln',
        'Unternehmensanschrift.Strasse': 'Industriestraße 1',
        'Unternehmensanschrift.PLZ': '50667',
        'Unternehmensanschrift.Ort': 'Köln',
        'HandelndePerson.Vorname': 'Hans',
        'HandelndePerson.Name': 'Baumeister',
      }),
      { issuer: 'https://www.elster.de', trustLevel: 'substantial' },
    );
    expect(identity).toMatchObject({
      kind: 'organisation',
      subject: 'elster-pseudo-1',
      organisation: {
        name: 'Musterbau GmbH',
        registerType: 'HRB',
        address: { kind: 'de', street: 'Industriestraße', houseNumber: '1', postcode: '50667', town: 'Köln' },
      },
      actingPerson: { givenNames: 'Hans', familyName: 'Baumeister' },
    });
  });
});

describe('OIDC claims', () => {
  it('maps standard and identity-assurance claims', () => {
    const identity = mapIdentity(
      oidcMapping,
      claimsReader({
        sub: 'abc',
        acr: 'http://eidas.europa.eu/LoA/substantial',
        given_name: 'Jonas',
        family_name: 'Beispiel',
        birthdate: '1986-03-21',
        place_of_birth: { locality: 'Leipzig' },
        nationalities: ['DE'],
        address: {
          street_address: 'Lindenallee 5a',
          postal_code: '04109',
          locality: 'Leipzig',
          country: 'DE',
        },
      }),
      { issuer: 'https://op.example' },
    );
    expect(identity).toMatchObject({
      trustLevel: 'substantial',
      person: { birthPlace: 'Leipzig', nationality: 'DE', address: { houseNumber: '5a', postcode: '04109' } },
    });
  });

  it('keeps a foreign address as lines', () => {
    const identity = mapIdentity(
      oidcMapping,
      claimsReader({
        sub: 'x',
        acr: 'high',
        address: {
          street_address: 'ul. Floriańska 3',
          postal_code: '31-019',
          locality: 'Kraków',
          country: 'PL',
        },
      }),
      { issuer: 'x' },
    );
    expect(identity?.kind === 'person' && identity.person.address).toEqual({
      kind: 'foreign',
      lines: ['ul. Floriańska 3', '31-019 Kraków'],
      country: 'PL',
    });
  });
});

describe('normalisers', () => {
  it.each([
    ['1964-08-12', '1964-08-12'],
    ['19640812', '1964-08-12'],
    ['12.08.1964', '1964-08-12'],
    ['1964-00-00', undefined],
    ['1964-02-30', undefined],
  ])('date %s → %s', (input, expected) => {
    expect(normaliseDate(input)).toBe(expected);
  });

  it.each([
    ['Heidestraße 17', 'Heidestraße', '17'],
    ['Lindenallee 5a', 'Lindenallee', '5a'],
    ['Am Markt 12-14', 'Am Markt', '12-14'],
    ['Straße des 17. Juni 135', 'Straße des 17. Juni', '135'],
  ])('street line %s', (line, street, houseNumber) => {
    expect(splitStreetLine(line)).toEqual({ street, houseNumber });
  });
});

describe('returnTo', () => {
  it.each(['/', '/konto', '/antrag?schritt=2#x'])('accepts own path %s', (value) => {
    expect(isSafeReturnPath(value)).toBe(true);
  });
  it.each([
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/\t/evil.example',
    'konto',
  ])('refuses %s', (value) => {
    expect(isSafeReturnPath(value)).toBe(false);
  });
});
