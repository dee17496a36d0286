import type { PostalAddress, TrustLevel } from '@efa-kit/core';
import { parseTrustLevel, trustLevelRank } from '@efa-kit/core';
import type {
  AttributeSource,
  AuthMethod,
  Identity,
  OrganisationAttributes,
  PersonAttributes,
  Provenance,
} from './identity.js';

/**
 * Attribute mappings are data: one table per provider family, listing for each normalised field
 * the provider's attribute names in order of preference. A state with its own provider adds a
 * table; it does not write code.
 */
export type PersonField =
  | 'givenNames'
  | 'familyName'
  | 'birthName'
  | 'academicTitle'
  | 'birthDate'
  | 'birthPlace'
  | 'nationality'
  | 'gender'
  | 'email'
  | 'phone'
  | 'mailboxHandle'
  | 'streetLine'
  | 'postcode'
  | 'town'
  | 'country';

export type OrganisationField =
  | 'name'
  | 'legalForm'
  | 'registerType'
  | 'registerNumber'
  | 'registerCourt'
  | 'taxNumber'
  | 'streetLine'
  | 'postcode'
  | 'town'
  | 'country';

export interface AttributeMapping {
  /** Provider attribute(s) holding the pseudonymous subject. */
  subject: readonly string[];
  /** Attribute(s) with the achieved level (STORK-QAA, eIDAS URI or level word). */
  trustLevel: readonly string[];
  /** Attribute telling the issuing country of an EU eID (method "eu-eid" when not DE). */
  issuingCountry: readonly string[];
  person: Partial<Record<PersonField, readonly string[]>>;
  organisation: Partial<Record<OrganisationField, readonly string[]>>;
  /** Attribute whose presence marks an organisation login. */
  organisationMarker: readonly string[];
}

/** BundID (and BayernID, same AKDB platform) SAML attribute names, by OID (standards §4.1). */
export const bundIdAttributeNames = {
  bPK2: 'urn:oid:1.3.6.1.4.1.25484.494450.3',
  givenName: 'urn:oid:2.5.4.42',
  surname: 'urn:oid:2.5.4.4',
  birthName: 'urn:oid:1.2.40.0.10.2.1.1.225566',
  birthdate: 'urn:oid:1.2.40.0.10.2.1.1.55',
  placeOfBirth: 'urn:oid:1.3.6.1.5.5.7.9.2',
  nationality: 'urn:oid:1.2.40.0.10.2.1.1.225577',
  gender: 'urn:oid:1.3.6.1.4.1.33592.1.3.5',
  personalTitle: 'urn:oid:0.9.2342.19200300.100.1.40',
  postalAddress: 'urn:oid:2.5.4.16',
  postalCode: 'urn:oid:2.5.4.17',
  localityName: 'urn:oid:2.5.4.7',
  country: 'urn:oid:1.2.40.0.10.2.1.1.225599',
  mail: 'urn:oid:0.9.2342.19200300.100.1.3',
  telephoneNumber: 'urn:oid:2.5.4.20',
  eidCitizenQaaLevel: 'urn:oid:1.2.40.0.10.2.1.1.261.94',
  documentType: 'urn:oid:1.2.40.0.10.2.1.1.552255',
  assertionProvedBy: 'urn:oid:1.3.6.1.4.1.25484.494450.2',
  eidasIssuingCountry: 'urn:oid:1.3.6.1.4.1.25484.494450.10.1',
  pseudonym: 'urn:oid:1.2.40.0.10.2.1.1.226699',
  legacyPostkorbHandle: 'urn:oid:2.5.4.18',
  version: 'urn:oid:1.3.6.1.4.1.25484.494450.1',
  applicationId: 'urn:oid:1.3.6.1.4.1.25484.494450.4',
  communityId: 'urn:oid:1.3.6.1.4.1.25484.494450.5',
} as const;

const b = bundIdAttributeNames;

export const bundIdMapping: AttributeMapping = {
  subject: [b.bPK2],
  trustLevel: [b.eidCitizenQaaLevel],
  issuingCountry: [b.eidasIssuingCountry],
  person: {
    givenNames: [b.givenName],
    familyName: [b.surname],
    birthName: [b.birthName],
    academicTitle: [b.personalTitle],
    birthDate: [b.birthdate],
    birthPlace: [b.placeOfBirth],
    nationality: [b.nationality],
    gender: [b.gender],
    email: [b.mail],
    phone: [b.telephoneNumber],
    mailboxHandle: [b.legacyPostkorbHandle],
    streetLine: [b.postalAddress],
    postcode: [b.postalCode],
    town: [b.localityName],
    country: [b.country],
  },
  organisation: {},
  organisationMarker: [],
};

/**
 * ELSTER "Mein Unternehmenskonto" attribute names (standards §4.3). The structured
 * `Unternehmensanschrift` and `HandelndePerson` are flattened by the SAML adapter into the
 * dotted names used here.
 */
export const elsterCompanyMapping: AttributeMapping = {
  subject: ['DatenuebermittlerPseudonymId'],
  trustLevel: ['ElsterVertrauensniveauAuthentifizierung'],
  issuingCountry: [],
  person: {
    givenNames: ['HandelndePerson.Vorname'],
    familyName: ['HandelndePerson.Name'],
    academicTitle: ['HandelndePerson.Titel'],
    birthDate: ['HandelndePerson.Geburtsdatum'],
  },
  organisation: {
    name: ['Firmenname'],
    legalForm: ['RechtsformText', 'Rechtsform'],
    registerType: ['Registerart'],
    registerNumber: ['Registernummer'],
    registerCourt: ['Registergericht'],
    streetLine: ['Unternehmensanschrift.Strasse'],
    postcode: ['Unternehmensanschrift.PLZ'],
    town: ['Unternehmensanschrift.Ort'],
    country: ['Unternehmensanschrift.Land'],
  },
  organisationMarker: ['Firmenname', 'DatenuebermittlerPseudonymId'],
};

/**
 * OIDC claims: the standard claims (OIDC Core §5.1), the identity-assurance names for birth
 * family name, place of birth and nationalities (OpenID for Identity Assurance), and the kit's
 * organisation claims (documented in the README) for company accounts behind an OIDC broker.
 */
export const oidcMapping: AttributeMapping = {
  subject: ['sub'],
  trustLevel: ['acr'],
  issuingCountry: ['eidas_issuing_country'],
  person: {
    givenNames: ['given_name'],
    familyName: ['family_name'],
    birthName: ['birth_family_name'],
    academicTitle: ['title'],
    birthDate: ['birthdate'],
    birthPlace: ['place_of_birth.locality'],
    nationality: ['nationalities.0', 'nationality'],
    gender: ['gender'],
    email: ['email'],
    phone: ['phone_number'],
    mailboxHandle: ['postbox_handle'],
    streetLine: ['address.street_address'],
    postcode: ['address.postal_code'],
    town: ['address.locality'],
    country: ['address.country'],
  },
  organisation: {
    name: ['organisation.name'],
    legalForm: ['organisation.legal_form'],
    registerType: ['organisation.register_type'],
    registerNumber: ['organisation.register_number'],
    registerCourt: ['organisation.register_court'],
    taxNumber: ['organisation.tax_number'],
    streetLine: ['organisation.address.street_address'],
    postcode: ['organisation.address.postal_code'],
    town: ['organisation.address.locality'],
    country: ['organisation.address.country'],
  },
  organisationMarker: ['organisation.name'],
};

/** Reads a value by attribute name: a dotted path into claims, or a flat SAML attribute map. */
export type AttributeReader = (name: string) => string | undefined;

export function claimsReader(claims: Readonly<Record<string, unknown>>): AttributeReader {
  return (name) => {
    let value: unknown = claims;
    for (const part of name.split('.')) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, unknown>)[part];
    }
    if (typeof value === 'string') return value.trim() || undefined;
    if (typeof value === 'number') return String(value);
    return undefined;
  };
}

export function attributesReader(
  attributes: Readonly<Record<string, string | readonly string[]>>,
): AttributeReader {
  return (name) => {
    const value = attributes[name];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' ? first.trim() || undefined : undefined;
  };
}

function first(read: AttributeReader, names: readonly string[] | undefined): string | undefined {
  for (const name of names ?? []) {
    const value = read(name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** ICAO 9303 nationality codes as printed on German documents, to ISO 3166-1 alpha-2. */
const icaoToIso: Readonly<Record<string, string>> = {
  D: 'DE',
  DEU: 'DE',
  AUT: 'AT',
  POL: 'PL',
  FRA: 'FR',
  ITA: 'IT',
  NLD: 'NL',
  TUR: 'TR',
};

export function normaliseCountry(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const upper = value.trim().toUpperCase();
  if (icaoToIso[upper]) return icaoToIso[upper];
  return /^[A-Z]{2}$/.test(upper) ? upper : undefined;
}

/** Dates arrive as YYYY-MM-DD, YYYYMMDD or DD.MM.YYYY; partial dates (eID "1964-00-00") are dropped. */
export function normaliseDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  const match =
    /^(\d{4})-(\d{2})-(\d{2})/.exec(v) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(v) ??
    swap(/^(\d{2})\.(\d{2})\.(\d{4})$/.exec(v));
  if (!match) return undefined;
  const [, year, month, day] = match;
  const iso = `${year}-${month}-${day}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

function swap(match: RegExpExecArray | null): [string, string, string, string] | null {
  return match ? [match[0], match[3] ?? '', match[2] ?? '', match[1] ?? ''] : null;
}

/** "Heidestraße 17" → street and house number; a line without a number stays the street. */
export function splitStreetLine(line: string): { street: string; houseNumber: string } {
  const match = /^(.*?)\s+(\d+\s*[a-zA-Z]?(?:\s*[-/]\s*\d+\s*[a-zA-Z]?)?)$/.exec(line.trim());
  if (match?.[1] && match[2]) return { street: match[1], houseNumber: match[2].replace(/\s+/g, '') };
  return { street: line.trim(), houseNumber: '' };
}

function buildAddress(parts: {
  streetLine?: string;
  postcode?: string;
  town?: string;
  country?: string;
}): PostalAddress | undefined {
  const { streetLine, postcode, town } = parts;
  const country = normaliseCountry(parts.country) ?? 'DE';
  if (!streetLine || !town) return undefined;
  if (country === 'DE' && postcode && /^\d{5}$/.test(postcode)) {
    const { street, houseNumber } = splitStreetLine(streetLine);
    if (houseNumber) return { kind: 'de', street, houseNumber, postcode, town };
  }
  const lines = streetLine
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return {
    kind: 'foreign',
    lines: [...lines, [postcode, town].filter(Boolean).join(' ')].slice(0, 5),
    country,
  };
}

/** Attributes users type in themselves; the provider does not verify them against a document. */
export const selfDeclaredAttributes: ReadonlySet<string> = new Set(['email', 'phone']);

export function sourceForMethod(method: AuthMethod): AttributeSource {
  switch (method) {
    case 'eid-card':
      return 'eid-card';
    case 'eu-eid':
      return 'eu-eid';
    case 'elster-certificate':
      return 'elster';
    case 'username-password':
      return 'self-declared';
  }
}

/**
 * The method a level stands for when the provider does not name it: BundID offers password
 * (low), ELSTER certificate (substantial) and eID card (high).
 */
export function methodForLevel(level: TrustLevel): AuthMethod {
  return level === 'high' ? 'eid-card' : level === 'substantial' ? 'elster-certificate' : 'username-password';
}

/** RFC 8176 `amr` values and the kit's own, to the method. */
export const amrMethods: Readonly<Record<string, AuthMethod>> = {
  'eid-card': 'eid-card',
  'eu-eid': 'eu-eid',
  'elster-certificate': 'elster-certificate',
  'username-password': 'username-password',
  hwk: 'eid-card',
  sc: 'eid-card',
  swk: 'elster-certificate',
  pwd: 'username-password',
};

export interface MapIdentityOptions {
  issuer: string;
  /** Level established from the protocol (ID token `acr`, SAML AuthnContextClassRef). */
  trustLevel?: TrustLevel;
  method?: AuthMethod;
  authenticatedAt?: Date;
}

function minLevel(a: TrustLevel, b: TrustLevel): TrustLevel {
  return trustLevelRank(a) <= trustLevelRank(b) ? a : b;
}

/**
 * Turns provider attributes into the kit's `Identity`, tagging every attribute with its source
 * and level. Returns undefined when the subject or level is missing: such a login is refused.
 */
export function mapIdentity(
  mapping: AttributeMapping,
  read: AttributeReader,
  options: MapIdentityOptions,
): Identity | undefined {
  const subject = first(read, mapping.subject);
  const attributeLevel = first(read, mapping.trustLevel);
  const trustLevel = options.trustLevel ?? (attributeLevel ? parseTrustLevel(attributeLevel) : undefined);
  if (!subject || !trustLevel) return undefined;
  const issuingCountry = normaliseCountry(first(read, mapping.issuingCountry));
  const method =
    options.method ?? (issuingCountry && issuingCountry !== 'DE' ? 'eu-eid' : methodForLevel(trustLevel));
  const source = sourceForMethod(method);
  const provenanceFor = (name: string): Provenance =>
    selfDeclaredAttributes.has(name)
      ? { source: 'self-declared', level: 'low' }
      : { source, level: trustLevel };
  const common = {
    subject,
    issuer: options.issuer,
    trustLevel,
    method,
    authenticatedAt: (options.authenticatedAt ?? new Date()).toISOString(),
  };

  const person = readPerson(mapping, read);
  const isOrganisation = mapping.organisationMarker.some((name) => read(name) !== undefined);
  if (isOrganisation) {
    const o = mapping.organisation;
    const organisation: OrganisationAttributes = {};
    const assign = <K extends keyof OrganisationAttributes>(
      key: K,
      value: OrganisationAttributes[K] | undefined,
    ) => {
      if (value !== undefined) organisation[key] = value;
    };
    assign('name', first(read, o.name));
    assign('legalForm', first(read, o.legalForm));
    assign('registerType', first(read, o.registerType));
    assign('registerNumber', first(read, o.registerNumber));
    assign('registerCourt', first(read, o.registerCourt));
    assign('taxNumber', first(read, o.taxNumber));
    assign(
      'address',
      buildAddress({
        streetLine: first(read, o.streetLine),
        postcode: first(read, o.postcode),
        town: first(read, o.town),
        country: first(read, o.country),
      }),
    );
    const provenance: Partial<Record<keyof OrganisationAttributes, Provenance>> = {};
    for (const key of Object.keys(organisation) as (keyof OrganisationAttributes)[]) {
      provenance[key] = provenanceFor(key);
    }
    return {
      kind: 'organisation',
      ...common,
      organisation,
      provenance,
      ...(Object.keys(person).length > 0 ? { actingPerson: person } : {}),
    };
  }
  const provenance: Partial<Record<keyof PersonAttributes, Provenance>> = {};
  for (const key of Object.keys(person) as (keyof PersonAttributes)[]) {
    provenance[key] = provenanceFor(key);
  }
  return { kind: 'person', ...common, person, provenance };
}

function readPerson(mapping: AttributeMapping, read: AttributeReader): PersonAttributes {
  const p = mapping.person;
  const person: PersonAttributes = {};
  const assign = <K extends keyof PersonAttributes>(key: K, value: PersonAttributes[K] | undefined) => {
    if (value !== undefined) person[key] = value;
  };
  assign('givenNames', first(read, p.givenNames));
  assign('familyName', first(read, p.familyName));
  assign('birthName', first(read, p.birthName));
  assign('academicTitle', first(read, p.academicTitle));
  assign('birthDate', normaliseDate(first(read, p.birthDate)));
  assign('birthPlace', first(read, p.birthPlace));
  assign('nationality', normaliseCountry(first(read, p.nationality)));
  assign('gender', first(read, p.gender));
  const email = first(read, p.email);
  if (email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) person.email = email;
  assign('phone', first(read, p.phone));
  assign('mailboxHandle', first(read, p.mailboxHandle));
  assign(
    'address',
    buildAddress({
      streetLine: first(read, p.streetLine),
      postcode: first(read, p.postcode),
      town: first(read, p.town),
      country: first(read, p.country),
    }),
  );
  return person;
}

/** Keeps the lower of two levels: an attribute is never more trusted than the login. */
export function capLevel(level: TrustLevel, cap: TrustLevel): TrustLevel {
  return minLevel(level, cap);
}
