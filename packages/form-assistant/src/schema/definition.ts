import * as z from 'zod/mini';
import { conditionSchema } from '../conditions/condition-schema.js';
import type { Condition } from '../conditions/expression.js';

/**
 * The form definition format. Versioned so that a stored definition says which reader it
 * needs; readers accept every version up to their own and reject newer ones. Changes inside
 * a version are additive only (new optional properties, new field kinds in a later version).
 */
export const formDefinitionFormat = 'efa-form/1' as const;

// Zod-free, so a page's step 1 can use them without the schema (walk.ts).
import { definitionLimits } from './limits.js';

export { definitionLimits };

/**
 * Data keys: FIM ids (F60000000243) or author-chosen keys (dogName). No dots, since dotted
 * paths address values ("G90000000002.F90000000010"), and no numeric-only keys, since digits
 * address repeated items.
 */
export const elementIdSchema = z
  .string()
  .check(
    z.regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, { error: 'form.definition.id' }),
    z.maxLength(definitionLimits.idLength),
  );

/** German is required; English should be given (the form falls back to German without it). */
export const localizedTextSchema = z.object({
  de: z.string().check(z.maxLength(definitionLimits.textLength)),
  en: z.optional(z.string().check(z.maxLength(definitionLimits.textLength))),
});
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** A FIM rule kept as documentation (and mapped to a condition where it could be). */
export const fimRuleSchema = z.object({
  id: z.string().check(z.maxLength(64)),
  version: z.optional(z.string().check(z.maxLength(32))),
  name: z.string().check(z.maxLength(1_000)),
  description: z.optional(z.string().check(z.maxLength(definitionLimits.textLength))),
  /** The rule in words (XDF 3 `freitextRegel`, XDF 2 `definition`). */
  text: z.optional(z.string().check(z.maxLength(definitionLimits.textLength))),
  /** K komplex, M Multiplizität, V Validierung, B Berechnung (XDF 3 only). */
  type: z.optional(z.enum(['K', 'M', 'V', 'B'])),
  /** The FIM script, never executed: FIM scripts are JavaScript and this kit does not eval. */
  script: z.optional(z.string().check(z.maxLength(definitionLimits.textLength))),
});
export type FimRule = z.infer<typeof fimRuleSchema>;

/** Where an element came from in FIM; kept so submitted data can be keyed by FIM ids. */
export const fimReferenceSchema = z.object({
  id: z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9]*$/), z.maxLength(64)),
  version: z.optional(z.string().check(z.maxLength(32))),
  name: z.optional(z.string().check(z.maxLength(1_000))),
  /** Legal reference (Bezug), e.g. "§ 2 HundeStG". */
  legalBasis: z.optional(z.array(z.string().check(z.maxLength(2_000))).check(z.maxLength(50))),
  rules: z.optional(z.array(fimRuleSchema).check(z.maxLength(100))),
});
export type FimReference = z.infer<typeof fimReferenceSchema>;

/**
 * Identity attributes a field can be prefilled from. The names follow the attributes state
 * service accounts deliver (BundID: given names, family name, birth data, address, e-mail).
 */
export const identityAttributes = [
  'givenNames',
  'familyName',
  'birthName',
  'academicTitle',
  'personName',
  'birthDate',
  'birthPlace',
  'nationality',
  'address',
  // The parts of a German `address`, for FIM schemas that ask for them as separate fields.
  'addressStreet',
  'addressHouseNumber',
  'addressPostcode',
  'addressTown',
  'email',
  'phone',
] as const;
export const identityAttributeSchema = z.enum(identityAttributes);
export type IdentityAttribute = z.infer<typeof identityAttributeSchema>;

export const prefillSchema = z.object({
  attribute: identityAttributeSchema,
  /**
   * A value from a verified source (an eID-confirmed attribute) is locked by default: the
   * element shows it read-only and the server rejects a different value. `false` lets the
   * citizen correct it (e.g. an e-mail address).
   */
  lockVerified: z.optional(z.boolean()),
});
export type Prefill = z.infer<typeof prefillSchema>;

export const optionSchema = z.object({
  value: z.string().check(z.minLength(1), z.maxLength(200)),
  label: localizedTextSchema,
  hint: z.optional(localizedTextSchema),
});
export type Option = z.infer<typeof optionSchema>;

export const codeListSchema = z.object({
  /** genericode canonical URI (urn:de:…) when the list comes from XRepository. */
  uri: z.optional(z.string().check(z.maxLength(500))),
  version: z.optional(z.string().check(z.maxLength(100))),
  title: z.optional(localizedTextSchema),
  options: z.array(optionSchema).check(z.maxLength(definitionLimits.options)),
});
export type CodeList = z.infer<typeof codeListSchema>;

/**
 * A date bound: an ISO date, or today shifted by days, months or years ("today",
 * "today-18y", "today+3m", "today-7d"), evaluated when the value is checked.
 */
export const dateBoundSchema = z
  .string()
  .check(z.regex(/^(\d{4}-\d{2}-\d{2}|today([+-]\d{1,4}[dmy])?)$/, { error: 'form.definition.dateBound' }));
export type DateBound = z.infer<typeof dateBoundSchema>;

/**
 * A check over the application data, for what one field's own bounds cannot say (heating
 * costs not above the total rent; a FIM Validierungsregel comparing fields). The field is
 * invalid while `condition` does not hold; it is evaluated only when the field has a value,
 * with `{"value": []}` standing for that value.
 */
export const fieldCheckSchema = z.object({
  condition: conditionSchema,
  /** What the citizen should do, naming the fields ("… nicht höher als die Gesamtmiete"). */
  message: localizedTextSchema,
  /** The FIM rule the check comes from. */
  fimRule: z.optional(z.string().check(z.maxLength(64))),
});
export type FieldCheck = z.infer<typeof fieldCheckSchema>;

/** A pattern (anchors implied) the value must match; for IBANs the electronic format. */
const patternSchema = z.string().check(z.maxLength(1_000));

/** HTML autocomplete tokens (WCAG 1.3.5), e.g. "given-name", "postal-code", "email". */
const autocompleteSchema = z.string().check(z.regex(/^[a-z0-9 -]+$/), z.maxLength(100));

const fieldBase = {
  id: elementIdSchema,
  label: localizedTextSchema,
  /** Help text shown with the field (FIM hilfetextEingabe). */
  hint: z.optional(localizedTextSchema),
  required: z.optional(z.boolean()),
  /** Required only while this condition holds (in addition to `required: false`). */
  requiredWhen: z.optional(conditionSchema),
  /** Shown (and validated, and submitted) only while this condition holds. */
  showWhen: z.optional(conditionSchema),
  autocomplete: z.optional(autocompleteSchema),
  prefill: z.optional(prefillSchema),
  /** FIM feldart "locked": shown, not editable; the value comes from `defaultValue` or prefill. */
  readOnly: z.optional(z.boolean()),
  /**
   * The value is computed from other answers (a FIM Berechnungsregel, "value from another
   * field"): the validator evaluates it and ignores what came in, so the server never trusts
   * the browser for it.
   */
  valueFrom: z.optional(conditionSchema),
  /** Further checks over the data (cross-field rules), each with its own message. */
  checks: z.optional(z.array(fieldCheckSchema).check(z.maxLength(20))),
  fim: z.optional(fimReferenceSchema),
} as const;

const textLengths = {
  minLength: z.optional(z.number().check(z.int(), z.gte(0), z.lte(1_000_000))),
  maxLength: z.optional(z.number().check(z.int(), z.gte(1), z.lte(1_000_000))),
};

export const textFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('text'),
  ...textLengths,
  /** An ECMAScript regular expression the whole value must match (anchors implied). */
  pattern: z.optional(z.string().check(z.maxLength(1_000))),
  /** What the citizen should do when the pattern fails ("Bitte geben Sie … an"). */
  patternMessage: z.optional(localizedTextSchema),
  /**
   * Bounds for text that sorts as it means (times "08:00", date-times "2025-01-01T08:00"),
   * compared character by character: FIM minValue/maxValue on time and datetime.
   */
  min: z.optional(z.string().check(z.maxLength(100))),
  max: z.optional(z.string().check(z.maxLength(100))),
  /** DIN SPEC 91379 (String.Latin+ 1.2) characters only (FIM datentyp text_latin). */
  latin: z.optional(z.boolean()),
  defaultValue: z.optional(z.string().check(z.maxLength(definitionLimits.textLength))),
  inputMode: z.optional(z.enum(['text', 'numeric', 'decimal', 'tel', 'email', 'url', 'search'])),
});

export const multilineFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('multiline'),
  ...textLengths,
  latin: z.optional(z.boolean()),
  rows: z.optional(z.number().check(z.int(), z.gte(2), z.lte(30))),
  defaultValue: z.optional(z.string().check(z.maxLength(definitionLimits.textLength))),
});

const numberBounds = {
  min: z.optional(z.number()),
  max: z.optional(z.number()),
  /** Unit shown after the input ("m", "m²", "Personen"). */
  unit: z.optional(localizedTextSchema),
  defaultValue: z.optional(z.number()),
};

export const integerFieldSchema = z.object({ ...fieldBase, kind: z.literal('integer'), ...numberBounds });

export const decimalFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('decimal'),
  ...numberBounds,
  /** Digits after the decimal separator; more are rejected. Default 2. */
  fractionDigits: z.optional(z.number().check(z.int(), z.gte(0), z.lte(10))),
});

/** Money in euro cents (integer), as everywhere in the kit. Bounds are cents too. */
export const moneyFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('money'),
  min: z.optional(z.number().check(z.int())),
  max: z.optional(z.number().check(z.int())),
  defaultValue: z.optional(z.number().check(z.int())),
});

/** Value: ISO date "YYYY-MM-DD". */
export const dateFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('date'),
  min: z.optional(dateBoundSchema),
  max: z.optional(dateBoundSchema),
  defaultValue: z.optional(z.string().check(z.maxLength(10))),
});

/** Value: boolean. Shown as two radio buttons (Ja / Nein), never a lone checkbox. */
export const yesNoFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('yesNo'),
  defaultValue: z.optional(z.boolean()),
  /** Only "Ja" is a valid answer (a declaration the applicant must confirm). */
  requireYes: z.optional(z.boolean()),
});

const optionsSource = {
  /** Inline options, or … */
  options: z.optional(z.array(optionSchema).check(z.maxLength(definitionLimits.options))),
  /** … a key into `definition.codeLists`. */
  codeList: z.optional(z.string().check(z.maxLength(200))),
};

/** Value: the option's `value`. */
export const choiceFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('choice'),
  ...optionsSource,
  /** radio for short lists, select for long ones; the element decides when absent (≤ 7 → radio). */
  display: z.optional(z.enum(['radio', 'select'])),
  defaultValue: z.optional(z.string().check(z.maxLength(200))),
});

/** Value: array of option values. */
export const multiChoiceFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('multiChoice'),
  ...optionsSource,
  minSelected: z.optional(z.number().check(z.int(), z.gte(0))),
  maxSelected: z.optional(z.number().check(z.int(), z.gte(1))),
  defaultValue: z.optional(
    z.array(z.string().check(z.maxLength(200))).check(z.maxLength(definitionLimits.options)),
  ),
});

export const emailFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('email'),
  minLength: textLengths.minLength,
  maxLength: z.optional(z.number().check(z.int())),
  /** A FIM Präzisierung narrower than any address (e.g. one domain). */
  pattern: z.optional(patternSchema),
});

/** Value: the number as typed; checked for a plausible international or German format. */
export const phoneFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('phone'),
  ...textLengths,
  pattern: z.optional(patternSchema),
});

/** Value: IBAN in electronic format (no spaces, upper case); check digits verified. */
export const ibanFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('iban'),
  /** Restrict to SEPA countries' IBANs (default) or accept any valid IBAN. */
  sepaOnly: z.optional(z.boolean()),
  /** Lengths and a pattern over the electronic format ("DE[0-9]{20}": German IBANs only). */
  ...textLengths,
  pattern: z.optional(patternSchema),
});

/** Value: { street, houseNumber, addition?, postcode, town, ags? } (a German address). */
export const addressFieldSchema = z.object({ ...fieldBase, kind: z.literal('address') });

/** Value: { givenNames, familyName, birthName?, academicTitle? }. */
export const personNameFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('personName'),
  /** Ask for the birth name too (Geburtsname). */
  withBirthName: z.optional(z.boolean()),
  withAcademicTitle: z.optional(z.boolean()),
});

/** Value: array of { name, size, mediaType, ref?, sha512? }; `ref` is the upload store's id. */
export const fileFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('file'),
  /** Media types ("application/pdf", "image/*"). */
  accept: z.optional(z.array(z.string().check(z.maxLength(100))).check(z.maxLength(50))),
  /** Bytes per file. */
  maxSize: z.optional(z.number().check(z.int(), z.gte(1))),
  maxFiles: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))),
});

/** Text shown in the form (FIM feldart "label"); holds no value. */
export const staticFieldSchema = z.object({
  id: elementIdSchema,
  kind: z.literal('static'),
  text: localizedTextSchema,
  /** Shown as a note, or as a warning callout. */
  tone: z.optional(z.enum(['info', 'warning'])),
  showWhen: z.optional(conditionSchema),
  fim: z.optional(fimReferenceSchema),
});

export const fieldSchema = z.discriminatedUnion('kind', [
  textFieldSchema,
  multilineFieldSchema,
  integerFieldSchema,
  decimalFieldSchema,
  moneyFieldSchema,
  dateFieldSchema,
  yesNoFieldSchema,
  choiceFieldSchema,
  multiChoiceFieldSchema,
  emailFieldSchema,
  phoneFieldSchema,
  ibanFieldSchema,
  addressFieldSchema,
  personNameFieldSchema,
  fileFieldSchema,
  staticFieldSchema,
]);
export type Field = z.infer<typeof fieldSchema>;
export type FieldKind = Field['kind'];
export type FieldOf<K extends FieldKind> = Extract<Field, { kind: K }>;
export type ValueField = Exclude<Field, { kind: 'static' }>;

export const fieldKinds = [
  'text',
  'multiline',
  'integer',
  'decimal',
  'money',
  'date',
  'yesNo',
  'choice',
  'multiChoice',
  'email',
  'phone',
  'iban',
  'address',
  'personName',
  'file',
  'static',
] as const satisfies readonly FieldKind[];

export const repeatSchema = z.object({
  min: z.number().check(z.int(), z.gte(0), z.lte(1_000)),
  /** Absent: no upper bound (FIM "*"); the element still caps additions at 1 000. */
  max: z.optional(z.number().check(z.int(), z.gte(1), z.lte(1_000))),
  /** Heading of one item; "{n}" is its number ("Hund {n}"). */
  itemLabel: z.optional(localizedTextSchema),
  addLabel: z.optional(localizedTextSchema),
  removeLabel: z.optional(localizedTextSchema),
});
export type Repeat = z.infer<typeof repeatSchema>;

export interface Group {
  kind: 'group';
  id: string;
  title?: LocalizedText;
  hint?: LocalizedText;
  /** Repeatable group: its value is an array of items, each an object of the children's values. */
  repeat?: Repeat;
  /** For an optional group (FIM anzahl 0:1): shown and validated only while this holds. */
  showWhen?: Condition;
  items: Item[];
  fim?: FimReference;
}
export type Item = Field | Group;

export const groupSchema: z.ZodMiniType<Group> = z.lazy(() =>
  z.object({
    kind: z.literal('group'),
    id: elementIdSchema,
    title: z.optional(localizedTextSchema),
    hint: z.optional(localizedTextSchema),
    repeat: z.optional(repeatSchema),
    showWhen: z.optional(conditionSchema),
    items: z.array(itemSchema).check(z.maxLength(definitionLimits.itemsPerGroup)),
    fim: z.optional(fimReferenceSchema),
  }),
);

export const itemSchema: z.ZodMiniType<Item> = z.lazy(() => z.union([fieldSchema, groupSchema]));

export const stepSchema = z.object({
  id: elementIdSchema,
  title: localizedTextSchema,
  description: z.optional(localizedTextSchema),
  showWhen: z.optional(conditionSchema),
  /** Groups; data is keyed by group id, steps add no level to the data. */
  groups: z.array(groupSchema).check(z.minLength(1), z.maxLength(definitionLimits.itemsPerGroup)),
});
export type Step = z.infer<typeof stepSchema>;

/** A data path without item numbers ("G99777000010.G99777000014.F99777000017"). */
const dataPathSchema = z
  .string()
  .check(
    z.regex(/^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/),
    z.maxLength((definitionLimits.idLength + 1) * definitionLimits.depth + definitionLimits.idLength),
  );

/**
 * Where the place the responsible authority is found for comes from: an `address` field, or a
 * postcode field and a municipality field (a FIM address is a group of text fields). Outside
 * repeatable groups. Absent: the first `address` field outside repeatable groups, if any.
 */
export const placeSourceSchema = z.union([
  z.object({ address: dataPathSchema }),
  z.object({ postcode: dataPathSchema, municipality: z.optional(dataPathSchema) }),
]);
export type PlaceSource = z.infer<typeof placeSourceSchema>;

export const formDefinitionShape = z.object({
  format: z.literal(formDefinitionFormat),
  /** Stable id of the form ("dog-registration"), used by the router and the element. */
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/), z.maxLength(100)),
  /** The form's own version (semver), changed by its author. */
  version: z.string().check(z.maxLength(32)),
  title: localizedTextSchema,
  description: z.optional(localizedTextSchema),
  /** 14-digit Leistungsschlüssel of the service this form applies for. */
  leistungsschluessel: z.optional(z.string().check(z.regex(/^\d{14}$/))),
  /** The FIM Stammdatenschema (or group) the definition was built from. */
  fim: z.optional(
    z.object({
      id: z.string().check(z.maxLength(64)),
      version: z.optional(z.string().check(z.maxLength(32))),
      xdfVersion: z.enum(['2.0', '3.0']),
      name: z.optional(z.string().check(z.maxLength(1_000))),
      rules: z.optional(z.array(fimRuleSchema).check(z.maxLength(500))),
    }),
  ),
  steps: z.array(stepSchema).check(z.minLength(1), z.maxLength(definitionLimits.steps)),
  /** The applicant's place (postcode, municipality), handed over with a submitted application. */
  placeFrom: z.optional(placeSourceSchema),
  codeLists: z.optional(z.record(z.string().check(z.maxLength(200)), codeListSchema)),
});
export type FormDefinition = z.infer<typeof formDefinitionShape>;
