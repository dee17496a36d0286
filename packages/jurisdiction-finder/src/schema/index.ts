/**
 * The jurisdiction finder's contract: data model shaped after XZuFi 2.2 (Leistung, Gebiet,
 * Organisationseinheit, Zuständigkeit, Onlinedienst) and the router's inputs and outputs.
 * Runs in the browser and on the server; no Node imports.
 */
import { type PlaceSearchHit, type PlaceSearchInput, trustLevelSchema } from '@efa-kit/core';
import { z } from 'zod';

/** Administrative levels, most specific first. `bund` is the whole federation (key "00"). */
export const gebietLevels = [
  'gemeinde',
  'gemeindeverband',
  'kreis',
  'regierungsbezirk',
  'land',
  'bund',
] as const;
export const gebietLevelSchema = z.enum(gebietLevels);
export type GebietLevel = z.infer<typeof gebietLevelSchema>;

/** ARS of any area, by length: 12 Gemeinde, 9 Gemeindeverband, 5 Kreis, 3 RB, 2 Land; "00" Bund. */
export const areaArsSchema = z
  .string()
  .regex(/^(\d{2}|\d{3}|\d{5}|\d{9}|\d{12})$/, { error: 'jurisdiction.ars' });

export const leistungsschluesselSchema = z
  .string()
  .regex(/^\d{14}$/, { error: 'jurisdiction.leistungsschluessel' });

const text = (max: number) => z.string().trim().max(max);

/** A text in German and English; English may be missing in imported data. */
export const localizedTextSchema = z.object({ de: text(2000).min(1), en: text(2000).optional() });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/**
 * How sure we are of a Leistungsschlüssel. No catalogue with an open licence exists, so the
 * shipped keys are leads from public sources, not checked against the FIM catalogue.
 */
export const keyStatusSchema = z.enum(['verified', 'unverified', 'none']);
export type KeyStatus = z.infer<typeof keyStatusSchema>;

export const leistungSchema = z.object({
  /** Stable id: the Leistungsschlüssel where there is one, else a name like "efa:wohnsitz-anmelden". */
  id: text(120).min(1),
  key: leistungsschluesselSchema.nullable(),
  keyStatus: keyStatusSchema,
  /** Where the key was seen (for unverified keys). */
  keySource: text(500).optional(),
  name: localizedTextSchema,
  description: localizedTextSchema.optional(),
  /** Everyday words people search with ("Hund anmelden", "Steuermarke"). */
  synonyms: z.array(text(120)).max(50).default([]),
  /** The administrative level that is responsible by law. */
  level: gebietLevelSchema,
  /** Ranking weight among similar hits: how often people ask for it (1 = ordinary). */
  searchWeight: z.number().min(0.1).max(5).default(1),
  /**
   * For municipal tasks the state delegates (Weisungsaufgaben: registration, identity cards,
   * trade): in Saxony the seat municipality of a Verwaltungsgemeinschaft or the
   * Verwaltungsverband performs them for its members.
   */
  delegable: z.boolean().default(false),
  /** Data origin: "catalogue", "xzufi:<file>", "csv:<file>". */
  source: text(300).default('catalogue'),
});
export type Leistung = z.infer<typeof leistungSchema>;

export const gebietSchema = z.object({
  ars: areaArsSchema,
  /** Short name for display ("Annaberg-Buchholz"). */
  name: text(200).min(1),
  /** Official Destatis name ("Annaberg-Buchholz, Stadt"). */
  officialName: text(200).min(1),
  level: gebietLevelSchema,
  /** Destatis type text: "Stadt", "Kreisangehörige Gemeinde", "Verwaltungsgemeinschaft", "Landkreis" … */
  type: text(100),
  parent: areaArsSchema.nullable(),
  /** Seat of the administration (Gemeindeverband, Kreis), as a town name. */
  seat: text(200).nullable(),
  postcodes: z.array(z.string().regex(/^\d{5}$/)).default([]),
  population: z.number().int().nonnegative().nullable(),
});
export type Gebiet = z.infer<typeof gebietSchema>;

/** XZuFi address types (urn:xoev-de:fim:codeliste:xzufi.anschrifttyp 2.0). */
export const addressTypes = {
  '001': 'Hausanschrift',
  '002': 'Besucheranschrift',
  '003': 'Postfach',
  '004': 'Großempfängerpostfach',
  '005': 'Lieferanschrift',
  '006': 'Postanschrift',
} as const;
export const addressTypeSchema = z.enum(['001', '002', '003', '004', '005', '006']);
export type AddressType = z.infer<typeof addressTypeSchema>;

export const authorityAddressSchema = z.object({
  type: addressTypeSchema,
  street: text(200).optional(),
  houseNumber: text(20).optional(),
  postOfficeBox: text(20).optional(),
  postcode: z
    .string()
    .regex(/^\d{5}$/, { error: 'address.postcode' })
    .optional(),
  town: text(200).min(1),
});
export type AuthorityAddress = z.infer<typeof authorityAddressSchema>;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'jurisdiction.time' });

/** One opening interval; weekday 1 = Monday … 7 = Sunday (ISO 8601). */
export const openingIntervalSchema = z
  .object({ weekday: z.number().int().min(1).max(7), opens: time, closes: time })
  .refine((interval) => interval.opens < interval.closes, { error: 'jurisdiction.interval' });
export type OpeningInterval = z.infer<typeof openingIntervalSchema>;

/** A dated exception: closed that day (holiday) or other hours. */
export const openingExceptionSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  closed: z.boolean(),
  intervals: z
    .array(z.object({ opens: time, closes: time }))
    .max(6)
    .default([]),
  note: text(200).optional(),
});
export type OpeningException = z.infer<typeof openingExceptionSchema>;

export const openingHoursSchema = z.object({
  regular: z.array(openingIntervalSchema).max(50).default([]),
  exceptions: z.array(openingExceptionSchema).max(100).default([]),
  /** Free text from the source when it could not be structured ("nach Vereinbarung"). */
  note: text(500).optional(),
});
export type OpeningHours = z.infer<typeof openingHoursSchema>;

export const organisationseinheitSchema = z.object({
  id: text(200).min(1),
  name: text(300).min(1),
  /** The area the authority belongs to (its own municipality, county or state). */
  gebiet: areaArsSchema.nullable(),
  addresses: z.array(authorityAddressSchema).max(10).default([]),
  phone: text(50).optional(),
  email: z.email().max(200).optional(),
  web: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
  openingHours: openingHoursSchema.optional(),
  accessibility: text(1000).optional(),
  /** A short remark, e.g. who runs the office for a member municipality. */
  note: text(500).optional(),
  /** True for records derived by us from the administrative structure, not from the authority. */
  demo: z.boolean().default(false),
  source: text(300).default('catalogue'),
});
export type Organisationseinheit = z.infer<typeof organisationseinheitSchema>;

export const onlinedienstSchema = z.object({
  id: text(200).min(1),
  name: text(300).min(1),
  /** Absolute https URL, or a path on the portal serving the finder. */
  url: z
    .string()
    .max(1000)
    .regex(/^(https?:\/\/|\/)/, { error: 'jurisdiction.url' }),
  trustLevel: trustLevelSchema.nullable(),
  languages: z
    .array(z.string().regex(/^[a-z]{2}$/))
    .max(20)
    .default(['de']),
  demo: z.boolean().default(false),
  source: text(300).default('catalogue'),
});
export type Onlinedienst = z.infer<typeof onlinedienstSchema>;

/** XZuFi Zuständigkeitsrolle; 01 "zuständige Stelle", 02 "Ansprechpunkt" (see the standards digest). */
export const rolleSchema = z.string().regex(/^\d{2}$/);

/** Leistung × Organisationseinheit × Gebiet: valid for the area and every area below it. */
export const zustaendigkeitSchema = z.object({
  id: text(300).min(1),
  leistung: text(120).min(1),
  organisationseinheit: text(200).min(1),
  gebiet: areaArsSchema,
  rolle: rolleSchema.default('01'),
  onlinedienst: text(200).nullable().default(null),
  source: text(300).default('catalogue'),
});
export type Zustaendigkeit = z.infer<typeof zustaendigkeitSchema>;

// ---- router contract -------------------------------------------------------------------

const query = z
  .string()
  .trim()
  .min(1, { error: 'jurisdiction.query' })
  .max(100, { error: 'jurisdiction.query' });
const lang = z.enum(['de', 'en']).optional();

export const searchServicesInputSchema = z.object({
  q: query,
  limit: z.number().int().min(1).max(50).default(10),
  lang,
});
export type SearchServicesInput = z.input<typeof searchServicesInputSchema>;

export const serviceHitSchema = z.object({
  id: z.string(),
  key: z.string().nullable(),
  keyStatus: keyStatusSchema,
  name: z.string(),
  description: z.string().nullable(),
  level: gebietLevelSchema,
  score: z.number(),
});
export type ServiceHit = z.infer<typeof serviceHitSchema>;

export const searchPlacesInputSchema = z.object({
  q: query,
  limit: z.number().int().min(1).max(50).default(10),
});
export type SearchPlacesInput = z.input<typeof searchPlacesInputSchema>;

export const placeHitSchema = z.object({
  ars: z.string(),
  name: z.string(),
  type: z.string(),
  /** The postcode that matched, else the municipality's postcodes (first few). */
  postcodes: z.array(z.string()),
  kreis: z.string().nullable(),
  land: z.string().nullable(),
  /** How it matched: postcode prefix, name prefix or key. */
  match: z.enum(['postcode', 'name', 'ars']),
});
export type PlaceHit = z.infer<typeof placeHitSchema>;

/**
 * The finder's published place contract (core's `PlaceSearchHit`, `PlaceSearchInput` and
 * `placeSearchProcedure`), for capabilities that look places up here: the address field's
 * postcode → town. The checks below fail the build if the finder's answers stop conforming.
 */
export type { PlaceSearchHit, PlaceSearchInput } from '@efa-kit/core';
export { placeSearchProcedure } from '@efa-kit/core';

type Holds<T extends true> = T;
/** `true` while the finder keeps the contract; the build fails (here) the moment it does not. */
export type PlaceContractHolds = Holds<
  PlaceHit extends PlaceSearchHit ? (PlaceSearchInput extends SearchPlacesInput ? true : false) : false
>;

/** A place is a 12-digit ARS, an 8-digit AGS or a 5-digit postcode. */
export const placeRefSchema = z
  .string()
  .trim()
  .regex(/^(\d{5}|\d{8}|\d{12})$/, { error: 'jurisdiction.place' });

export const resolveInputSchema = z.object({
  service: z.string().trim().min(1, { error: 'jurisdiction.service' }).max(120),
  place: placeRefSchema,
  lang,
});
export type ResolveInput = z.input<typeof resolveInputSchema>;

export const areaRefSchema = z.object({ ars: z.string(), name: z.string(), level: gebietLevelSchema });
export type AreaRef = z.infer<typeof areaRefSchema>;

export const authorityMatchSchema = z.object({
  authority: organisationseinheitSchema,
  onlineService: onlinedienstSchema.nullable(),
  rolle: z.string(),
  /** Why: the rule (Zuständigkeit) and the area it is attached to. */
  rule: z.object({ id: z.string(), level: gebietLevelSchema, area: areaRefSchema, source: z.string() }),
});
export type AuthorityMatch = z.infer<typeof authorityMatchSchema>;

export const resolveResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('found'),
    service: serviceHitSchema,
    place: placeHitSchema,
    /** Every responsible authority at the most specific level that has one. */
    matches: z.array(authorityMatchSchema),
    /** Plain-language explanation, in the requested language. */
    explanation: z.string(),
  }),
  z.object({
    status: z.literal('ambiguous'),
    service: serviceHitSchema,
    postcode: z.string(),
    candidates: z.array(placeHitSchema),
  }),
  z.object({
    status: z.literal('none'),
    service: serviceHitSchema,
    place: placeHitSchema,
    explanation: z.string(),
  }),
]);
export type ResolveResult = z.infer<typeof resolveResultSchema>;

export const authorityInputSchema = z.object({ id: z.string().trim().min(1).max(200) });
export type AuthorityInput = z.input<typeof authorityInputSchema>;

/** Validation message catalogue (keys used as `error` above). */
export const schemaMessages = {
  de: {
    'jurisdiction.ars': 'Bitte geben Sie einen gültigen Regionalschlüssel an (2, 3, 5, 9 oder 12 Ziffern).',
    'jurisdiction.leistungsschluessel': 'Ein Leistungsschlüssel hat 14 Ziffern.',
    'jurisdiction.time': 'Bitte geben Sie eine Uhrzeit als HH:MM an.',
    'jurisdiction.interval': 'Das Ende muss nach dem Beginn liegen.',
    'jurisdiction.url': 'Bitte geben Sie eine Adresse an, die mit https:// oder / beginnt.',
    'jurisdiction.query': 'Bitte geben Sie 1 bis 100 Zeichen ein.',
    'jurisdiction.place': 'Bitte geben Sie eine Postleitzahl (5 Ziffern) oder einen Gemeindeschlüssel an.',
    'jurisdiction.service': 'Bitte wählen Sie eine Leistung.',
  },
  en: {
    'jurisdiction.ars': 'Please give a valid regional key (2, 3, 5, 9 or 12 digits).',
    'jurisdiction.leistungsschluessel': 'A service key has 14 digits.',
    'jurisdiction.time': 'Please give a time as HH:MM.',
    'jurisdiction.interval': 'The end must be after the start.',
    'jurisdiction.url': 'Please give an address starting with https:// or /.',
    'jurisdiction.query': 'Please enter 1 to 100 characters.',
    'jurisdiction.place': 'Please give a postcode (5 digits) or a municipality key.',
    'jurisdiction.service': 'Please choose a service.',
  },
} as const satisfies { de: Record<string, string>; en: Record<string, string> };

/** The level an area key names, by its length ("00" is the federation). */
export function levelOfArs(ars: string): GebietLevel {
  if (ars === '00') return 'bund';
  switch (ars.length) {
    case 12:
      return 'gemeinde';
    case 9:
      return 'gemeindeverband';
    case 5:
      return 'kreis';
    case 3:
      return 'regierungsbezirk';
    case 2:
      return 'land';
    default:
      throw new RangeError(`No area level has ${ars.length} digits`);
  }
}

/** The enclosing areas of an area, most specific first, ending with the federation ("00"). */
export function enclosingAreas(ars: string): string[] {
  const areas: string[] = [];
  for (const length of [12, 9, 5, 3, 2]) {
    if (length <= ars.length) areas.push(ars.slice(0, length));
  }
  areas.push('00');
  return areas;
}

export {
  berlinTime,
  OpeningHoursSyntaxError,
  type OpeningState,
  openingState,
  parseOpeningHours,
} from './opening-hours.js';
