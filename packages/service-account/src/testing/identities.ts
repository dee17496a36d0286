import { createHash } from 'node:crypto';
import type { TrustLevel } from '@efa-kit/core';
import type { AuthMethod } from '../schema/identity.js';
import { bundIdAttributeNames as oid } from '../schema/mappings.js';

/** A login method offered by the development provider, with the level an honest provider gives. */
export interface DevLoginMethod {
  id: AuthMethod | 'company-account';
  level: TrustLevel;
  /** `amr` value in the ID token. */
  amr: string;
  label: { de: string; en: string };
  hint: { de: string; en: string };
}

export const devLoginMethods: readonly DevLoginMethod[] = [
  {
    id: 'eid-card',
    level: 'high',
    amr: 'eid-card',
    label: { de: 'Online-Ausweis', en: 'Online ID card' },
    hint: {
      de: 'Personalausweis, elektronischer Aufenthaltstitel oder eID-Karte für Unionsbürger – Vertrauensniveau hoch',
      en: 'German ID card, electronic residence permit or EU citizen eID card – trust level high',
    },
  },
  {
    id: 'eu-eid',
    level: 'high',
    amr: 'eu-eid',
    label: { de: 'EU-Identität (eIDAS)', en: 'EU identity (eIDAS)' },
    hint: {
      de: 'Notifizierte eID eines anderen EU-Staats – Vertrauensniveau hoch',
      en: 'Notified eID of another EU state – trust level high',
    },
  },
  {
    id: 'elster-certificate',
    level: 'substantial',
    amr: 'elster-certificate',
    label: { de: 'ELSTER-Zertifikat', en: 'ELSTER certificate' },
    hint: {
      de: 'Zertifikatsdatei aus „Mein ELSTER“ – Vertrauensniveau substanziell',
      en: 'Certificate file from "Mein ELSTER" – trust level substantial',
    },
  },
  {
    id: 'username-password',
    level: 'low',
    amr: 'username-password',
    label: { de: 'Benutzername und Passwort', en: 'Username and password' },
    hint: {
      de: 'Basisregistrierung ohne Ausweisprüfung – Vertrauensniveau niedrig',
      en: 'Basic registration without an ID check – trust level low',
    },
  },
  {
    id: 'company-account',
    level: 'substantial',
    amr: 'elster-certificate',
    label: { de: 'Unternehmenskonto (ELSTER)', en: 'Company account (ELSTER)' },
    hint: {
      de: 'Mein Unternehmenskonto mit ELSTER-Organisationszertifikat – Vertrauensniveau substanziell',
      en: 'Company account with an ELSTER organisation certificate – trust level substantial',
    },
  },
];

export type DevErrorCase = 'account-locked' | 'document-expired' | 'provider-error';

export interface TestIdentity {
  /** Internal account id at the development provider. */
  id: string;
  label: string;
  kind: 'person' | 'organisation';
  /** Methods this identity can log in with. */
  methods: readonly DevLoginMethod['id'][];
  /** OIDC claims (without `sub`, which is the pseudonym). */
  claims: Readonly<Record<string, unknown>>;
  /** When set, logging in fails with this error. */
  error?: DevErrorCase;
}

/** A stable pseudonym per identity, like BundID's bPK2: the same person, the same subject. */
export function pseudonymFor(id: string, issuerSalt = 'efa-dev-idp'): string {
  return createHash('sha256').update(`${issuerSalt}:${id}`).digest('base64url');
}

/** The authorities the development caseworkers work for (ids of the finder's Saxon demo data). */
export const devAuthorities = {
  pirna: { id: 'efa-demo.sn.OE.14628270', name: 'Stadtverwaltung Pirna' },
  dresden: { id: 'efa-demo.sn.OE.14612000', name: 'Stadtverwaltung Dresden' },
} as const;

const personMethods = ['eid-card', 'elster-certificate', 'username-password'] as const;

/**
 * Test identities. Erika Mustermann is the sample identity printed on specimen German ID cards
 * (born Gabler, 12 August 1964 in Berlin, Heidestraße 17, 51147 Köln); the Beispiel family
 * shares an address; Lena Hoffmann lives in Pirna; the company acts through its managing
 * director.
 */
export const testIdentities: readonly TestIdentity[] = [
  {
    id: 'erika-mustermann',
    label: 'Erika Mustermann (Musterausweis)',
    kind: 'person',
    methods: personMethods,
    claims: {
      given_name: 'Erika',
      family_name: 'Mustermann',
      birth_family_name: 'Gabler',
      birthdate: '1964-08-12',
      place_of_birth: { locality: 'Berlin' },
      nationalities: ['DE'],
      gender: 'female',
      email: 'erika.mustermann@example.org',
      email_verified: false,
      address: { street_address: 'Heidestraße 17', postal_code: '51147', locality: 'Köln', country: 'DE' },
      postbox_handle: 'dev-postkorb-erika-mustermann',
    },
  },
  {
    // Lives in Pirna, where the dog registration journey (finder → form → delivery) is tested.
    id: 'lena-hoffmann',
    label: 'Lena Hoffmann (Pirna)',
    kind: 'person',
    methods: personMethods,
    claims: {
      given_name: 'Lena',
      family_name: 'Hoffmann',
      birthdate: '1991-04-17',
      place_of_birth: { locality: 'Dresden' },
      nationalities: ['DE'],
      gender: 'female',
      email: 'lena.hoffmann@example.org',
      email_verified: false,
      address: {
        street_address: 'Dohnaische Straße 12',
        postal_code: '01796',
        locality: 'Pirna',
        country: 'DE',
      },
      postbox_handle: 'dev-postkorb-lena-hoffmann',
    },
  },
  {
    id: 'jonas-beispiel',
    label: 'Jonas Beispiel (Familie Beispiel)',
    kind: 'person',
    methods: personMethods,
    claims: {
      given_name: 'Jonas',
      family_name: 'Beispiel',
      birthdate: '1986-03-21',
      place_of_birth: { locality: 'Leipzig' },
      nationalities: ['DE'],
      gender: 'male',
      email: 'jonas.beispiel@example.org',
      address: { street_address: 'Lindenallee 5a', postal_code: '04109', locality: 'Leipzig', country: 'DE' },
    },
  },
  {
    id: 'leyla-beispiel',
    label: 'Dr. Leyla Beispiel, geb. Yılmaz (Familie Beispiel)',
    kind: 'person',
    methods: personMethods,
    claims: {
      given_name: 'Leyla',
      family_name: 'Beispiel',
      birth_family_name: 'Yılmaz',
      title: 'Dr.',
      birthdate: '1988-11-02',
      place_of_birth: { locality: 'İzmir' },
      nationalities: ['DE'],
      gender: 'female',
      email: 'leyla.beispiel@example.org',
      address: { street_address: 'Lindenallee 5a', postal_code: '04109', locality: 'Leipzig', country: 'DE' },
    },
  },
  {
    id: 'mia-beispiel',
    label: 'Mia Beispiel (Familie Beispiel, 17 Jahre, nur Basisregistrierung)',
    kind: 'person',
    methods: ['username-password'],
    claims: {
      given_name: 'Mia',
      family_name: 'Beispiel',
      birthdate: '2009-06-30',
      email: 'mia.beispiel@example.org',
      address: { street_address: 'Lindenallee 5a', postal_code: '04109', locality: 'Leipzig', country: 'DE' },
    },
  },
  {
    id: 'jan-kowalski',
    label: 'Jan Kowalski (polnische eID)',
    kind: 'person',
    methods: ['eu-eid'],
    claims: {
      given_name: 'Jan',
      family_name: 'Kowalski',
      birthdate: '1979-01-15',
      place_of_birth: { locality: 'Kraków' },
      nationalities: ['PL'],
      eidas_issuing_country: 'PL',
    },
  },
  {
    id: 'musterbau-gmbh',
    label: 'Musterbau GmbH (Unternehmenskonto, handelnd: Hans Baumeister)',
    kind: 'organisation',
    methods: ['company-account'],
    claims: {
      given_name: 'Hans',
      family_name: 'Baumeister',
      birthdate: '1970-05-04',
      organisation: {
        name: 'Musterbau GmbH',
        legal_form: 'Gesellschaft mit beschränkter Haftung',
        register_type: 'HRB',
        register_number: '12345',
        register_court: 'Amtsgericht Köln',
        tax_number: '2181508150',
        address: {
          street_address: 'Industriestraße 1',
          postal_code: '50667',
          locality: 'Köln',
          country: 'DE',
        },
      },
    },
  },
  // Staff accounts (issue 13): each bound to one authority. The Pirna one receives the dog
  // registrations of Pirna (the finder's demo authority for AGS 14628270); the Dresden one is
  // the caseworker of another authority that every refusal test tries.
  {
    id: 'caseworker-pirna',
    label: 'Petra Lehmann (Sachbearbeiterin, Stadtverwaltung Pirna)',
    kind: 'person',
    methods: ['username-password', 'elster-certificate'],
    claims: {
      given_name: 'Petra',
      family_name: 'Lehmann',
      email: 'petra.lehmann@pirna.example.org',
      efa_staff: { roles: ['caseworker'], authority: devAuthorities.pirna },
    },
  },
  {
    id: 'caseworker-dresden',
    label: 'Tom Richter (Sachbearbeiter, Stadtverwaltung Dresden)',
    kind: 'person',
    methods: ['username-password', 'elster-certificate'],
    claims: {
      given_name: 'Tom',
      family_name: 'Richter',
      email: 'tom.richter@dresden.example.org',
      efa_staff: { roles: ['caseworker'], authority: devAuthorities.dresden },
    },
  },
  {
    id: 'locked-account',
    label: 'Gesperrtes Konto (Fehlerfall)',
    kind: 'person',
    methods: personMethods,
    claims: { given_name: 'Gesperrt', family_name: 'Konto' },
    error: 'account-locked',
  },
  {
    id: 'expired-document',
    label: 'Abgelaufener Ausweis (Fehlerfall)',
    kind: 'person',
    methods: ['eid-card'],
    claims: { given_name: 'Abgelaufen', family_name: 'Ausweis' },
    error: 'document-expired',
  },
  {
    id: 'provider-error',
    label: 'Technischer Fehler beim Servicekonto (Fehlerfall)',
    kind: 'person',
    methods: personMethods,
    claims: { given_name: 'Technischer', family_name: 'Fehler' },
    error: 'provider-error',
  },
];

/** The identity as BundID would send it in a SAML assertion (attribute OID → value). */
export function bundIdAttributesFor(identity: TestIdentity, level: TrustLevel): Record<string, string> {
  const c = identity.claims as Record<string, unknown> & {
    address?: { street_address?: string; postal_code?: string; locality?: string; country?: string };
    place_of_birth?: { locality?: string };
    nationalities?: string[];
  };
  const qaa =
    level === 'high'
      ? 'STORK-QAA-Level-4'
      : level === 'substantial'
        ? 'STORK-QAA-Level-3'
        : 'STORK-QAA-Level-1';
  const entries: [string, unknown][] = [
    [oid.bPK2, pseudonymFor(identity.id, 'bundid')],
    [oid.givenName, c.given_name],
    [oid.surname, c.family_name],
    [oid.birthName, c.birth_family_name],
    [oid.personalTitle, c.title],
    [oid.birthdate, c.birthdate],
    [oid.placeOfBirth, c.place_of_birth?.locality],
    [oid.nationality, c.nationalities?.[0] === 'DE' ? 'D' : c.nationalities?.[0]],
    [oid.mail, c.email],
    [oid.postalAddress, c.address?.street_address],
    [oid.postalCode, c.address?.postal_code],
    [oid.localityName, c.address?.locality],
    [oid.country, c.address?.country === 'DE' ? 'D' : c.address?.country],
    [oid.eidCitizenQaaLevel, qaa],
    [oid.eidasIssuingCountry, c.eidas_issuing_country],
    [oid.version, '2'],
  ];
  return Object.fromEntries(entries.filter((e): e is [string, string] => typeof e[1] === 'string'));
}
