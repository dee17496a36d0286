import { z } from 'zod';
import { type Condition, conditionSchema } from '../conditions/expression.js';

/**
 * The form definition format. Versioned so that a stored definition says which reader it
 * needs; readers accept every version up to their own and reject newer ones. Changes inside
 * a version are additive only (new optional properties, new field kinds in a later version).
 */
export const formDefinitionFormat = 'efa-form/1' as const;

/** Limits that keep a definition (which may come from an upload) bounded in memory and time. */
export const definitionLimits = {
  steps: 100,
  itemsPerGroup: 500,
  depth: 8,
  options: 5_000,
  textLength: 20_000,
  idLength: 64,
} as const;

/**
 * Data keys: FIM ids (F60000000243) or author-chosen keys (dogName). No dots, since dotted
 * paths address values ("G90000000002.F90000000010"), and no numeric-only keys, since digits
 * address repeated items.
 */
export const elementIdSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, { error: 'form.definition.id' })
  .max(definitionLimits.idLength);

/** German is required; English should be given (the form falls back to German without it). */
export const localizedTextSchema = z.object({
  de: z.string().max(definitionLimits.textLength),
  en: z.string().max(definitionLimits.textLength).optional(),
});
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** A FIM rule kept as documentation (and mapped to a condition where it could be). */
export const fimRuleSchema = z.object({
  id: z.string().max(64),
  version: z.string().max(32).optional(),
  name: z.string().max(1_000),
  description: z.string().max(definitionLimits.textLength).optional(),
  /** The rule in words (XDF 3 `freitextRegel`, XDF 2 `definition`). */
  text: z.string().max(definitionLimits.textLength).optional(),
  /** K komplex, M Multiplizität, V Validierung, B Berechnung (XDF 3 only). */
  type: z.enum(['K', 'M', 'V', 'B']).optional(),
  /** The FIM script, never executed: FIM scripts are JavaScript and this kit does not eval. */
  script: z.string().max(definitionLimits.textLength).optional(),
});
export type FimRule = z.infer<typeof fimRuleSchema>;

/** Where an element came from in FIM; kept so submitted data can be keyed by FIM ids. */
export const fimReferenceSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]*$/)
    .max(64),
  version: z.string().max(32).optional(),
  name: z.string().max(1_000).optional(),
  /** Legal reference (Bezug), e.g. "§ 2 HundeStG". */
  legalBasis: z.array(z.string().max(2_000)).max(50).optional(),
  rules: z.array(fimRuleSchema).max(100).optional(),
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
  lockVerified: z.boolean().optional(),
});
export type Prefill = z.infer<typeof prefillSchema>;

export const optionSchema = z.object({
  value: z.string().min(1).max(200),
  label: localizedTextSchema,
  hint: localizedTextSchema.optional(),
});
export type Option = z.infer<typeof optionSchema>;

export const codeListSchema = z.object({
  /** genericode canonical URI (urn:de:…) when the list comes from XRepository. */
  uri: z.string().max(500).optional(),
  version: z.string().max(100).optional(),
  title: localizedTextSchema.optional(),
  options: z.array(optionSchema).max(definitionLimits.options),
});
export type CodeList = z.infer<typeof codeListSchema>;

/**
 * A date bound: an ISO date, or today shifted by days, months or years ("today",
 * "today-18y", "today+3m", "today-7d"), evaluated when the value is checked.
 */
export const dateBoundSchema = z
  .string()
  .regex(/^(\d{4}-\d{2}-\d{2}|today([+-]\d{1,4}[dmy])?)$/, { error: 'form.definition.dateBound' });
export type DateBound = z.infer<typeof dateBoundSchema>;

/** HTML autocomplete tokens (WCAG 1.3.5), e.g. "given-name", "postal-code", "email". */
const autocompleteSchema = z
  .string()
  .regex(/^[a-z0-9 -]+$/)
  .max(100);

const fieldBase = {
  id: elementIdSchema,
  label: localizedTextSchema,
  /** Help text shown with the field (FIM hilfetextEingabe). */
  hint: localizedTextSchema.optional(),
  required: z.boolean().optional(),
  /** Required only while this condition holds (in addition to `required: false`). */
  requiredWhen: conditionSchema.optional(),
  /** Shown (and validated, and submitted) only while this condition holds. */
  showWhen: conditionSchema.optional(),
  autocomplete: autocompleteSchema.optional(),
  prefill: prefillSchema.optional(),
  /** FIM feldart "locked": shown, not editable; the value comes from `defaultValue` or prefill. */
  readOnly: z.boolean().optional(),
  fim: fimReferenceSchema.optional(),
} as const;

const textLengths = {
  minLength: z.number().int().min(0).max(1_000_000).optional(),
  maxLength: z.number().int().min(1).max(1_000_000).optional(),
};

export const textFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('text'),
  ...textLengths,
  /** An ECMAScript regular expression the whole value must match (anchors implied). */
  pattern: z.string().max(1_000).optional(),
  /** What the citizen should do when the pattern fails ("Bitte geben Sie … an"). */
  patternMessage: localizedTextSchema.optional(),
  /** DIN SPEC 91379 (String.Latin+ 1.2) characters only (FIM datentyp text_latin). */
  latin: z.boolean().optional(),
  defaultValue: z.string().max(definitionLimits.textLength).optional(),
  inputMode: z.enum(['text', 'numeric', 'decimal', 'tel', 'email', 'url', 'search']).optional(),
});

export const multilineFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('multiline'),
  ...textLengths,
  latin: z.boolean().optional(),
  rows: z.number().int().min(2).max(30).optional(),
  defaultValue: z.string().max(definitionLimits.textLength).optional(),
});

const numberBounds = {
  min: z.number().optional(),
  max: z.number().optional(),
  /** Unit shown after the input ("m", "m²", "Personen"). */
  unit: localizedTextSchema.optional(),
  defaultValue: z.number().optional(),
};

export const integerFieldSchema = z.object({ ...fieldBase, kind: z.literal('integer'), ...numberBounds });

export const decimalFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('decimal'),
  ...numberBounds,
  /** Digits after the decimal separator; more are rejected. Default 2. */
  fractionDigits: z.number().int().min(0).max(10).optional(),
});

/** Money in euro cents (integer), as everywhere in the kit. Bounds are cents too. */
export const moneyFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('money'),
  min: z.number().int().optional(),
  max: z.number().int().optional(),
  defaultValue: z.number().int().optional(),
});

/** Value: ISO date "YYYY-MM-DD". */
export const dateFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('date'),
  min: dateBoundSchema.optional(),
  max: dateBoundSchema.optional(),
  defaultValue: z.string().max(10).optional(),
});

/** Value: boolean. Shown as two radio buttons (Ja / Nein), never a lone checkbox. */
export const yesNoFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('yesNo'),
  defaultValue: z.boolean().optional(),
  /** Only "Ja" is a valid answer (a declaration the applicant must confirm). */
  requireYes: z.boolean().optional(),
});

const optionsSource = {
  /** Inline options, or … */
  options: z.array(optionSchema).max(definitionLimits.options).optional(),
  /** … a key into `definition.codeLists`. */
  codeList: z.string().max(200).optional(),
};

/** Value: the option's `value`. */
export const choiceFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('choice'),
  ...optionsSource,
  /** radio for short lists, select for long ones; the element decides when absent (≤ 7 → radio). */
  display: z.enum(['radio', 'select']).optional(),
  defaultValue: z.string().max(200).optional(),
});

/** Value: array of option values. */
export const multiChoiceFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('multiChoice'),
  ...optionsSource,
  minSelected: z.number().int().min(0).optional(),
  maxSelected: z.number().int().min(1).optional(),
  defaultValue: z.array(z.string().max(200)).max(definitionLimits.options).optional(),
});

export const emailFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('email'),
  maxLength: z.number().int().optional(),
});

/** Value: the number as typed; checked for a plausible international or German format. */
export const phoneFieldSchema = z.object({ ...fieldBase, kind: z.literal('phone') });

/** Value: IBAN in electronic format (no spaces, upper case); check digits verified. */
export const ibanFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('iban'),
  /** Restrict to SEPA countries' IBANs (default) or accept any valid IBAN. */
  sepaOnly: z.boolean().optional(),
});

/** Value: { street, houseNumber, addition?, postcode, town, ags? } (a German address). */
export const addressFieldSchema = z.object({ ...fieldBase, kind: z.literal('address') });

/** Value: { givenNames, familyName, birthName?, academicTitle? }. */
export const personNameFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('personName'),
  /** Ask for the birth name too (Geburtsname). */
  withBirthName: z.boolean().optional(),
  withAcademicTitle: z.boolean().optional(),
});

/** Value: array of { name, size, mediaType, ref? }; `ref` is the upload store's id. */
export const fileFieldSchema = z.object({
  ...fieldBase,
  kind: z.literal('file'),
  /** Media types ("application/pdf", "image/*"). */
  accept: z.array(z.string().max(100)).max(50).optional(),
  /** Bytes per file. */
  maxSize: z.number().int().min(1).optional(),
  maxFiles: z.number().int().min(1).max(100).optional(),
});

/** Text shown in the form (FIM feldart "label"); holds no value. */
export const staticFieldSchema = z.object({
  id: elementIdSchema,
  kind: z.literal('static'),
  text: localizedTextSchema,
  /** Shown as a note, or as a warning callout. */
  tone: z.enum(['info', 'warning']).optional(),
  showWhen: conditionSchema.optional(),
  fim: fimReferenceSchema.optional(),
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
  min: z.number().int().min(0).max(1_000),
  /** Absent: no upper bound (FIM "*"); the element still caps additions at 1 000. */
  max: z.number().int().min(1).max(1_000).optional(),
  /** Heading of one item; "{n}" is its number ("Hund {n}"). */
  itemLabel: localizedTextSchema.optional(),
  addLabel: localizedTextSchema.optional(),
  removeLabel: localizedTextSchema.optional(),
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

export const groupSchema: z.ZodType<Group> = z.lazy(() =>
  z.object({
    kind: z.literal('group'),
    id: elementIdSchema,
    title: localizedTextSchema.optional(),
    hint: localizedTextSchema.optional(),
    repeat: repeatSchema.optional(),
    showWhen: conditionSchema.optional(),
    items: z.array(itemSchema).max(definitionLimits.itemsPerGroup),
    fim: fimReferenceSchema.optional(),
  }),
);

export const itemSchema: z.ZodType<Item> = z.lazy(() => z.union([fieldSchema, groupSchema]));

export const stepSchema = z.object({
  id: elementIdSchema,
  title: localizedTextSchema,
  description: localizedTextSchema.optional(),
  showWhen: conditionSchema.optional(),
  /** Groups; data is keyed by group id, steps add no level to the data. */
  groups: z.array(groupSchema).min(1).max(definitionLimits.itemsPerGroup),
});
export type Step = z.infer<typeof stepSchema>;

export const formDefinitionShape = z.object({
  format: z.literal(formDefinitionFormat),
  /** Stable id of the form ("dog-registration"), used by the router and the element. */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .max(100),
  /** The form's own version (semver), changed by its author. */
  version: z.string().max(32),
  title: localizedTextSchema,
  description: localizedTextSchema.optional(),
  /** 14-digit Leistungsschlüssel of the service this form applies for. */
  leistungsschluessel: z
    .string()
    .regex(/^\d{14}$/)
    .optional(),
  /** The FIM Stammdatenschema (or group) the definition was built from. */
  fim: z
    .object({
      id: z.string().max(64),
      version: z.string().max(32).optional(),
      xdfVersion: z.enum(['2.0', '3.0']),
      name: z.string().max(1_000).optional(),
      rules: z.array(fimRuleSchema).max(500).optional(),
    })
    .optional(),
  steps: z.array(stepSchema).min(1).max(definitionLimits.steps),
  codeLists: z.record(z.string().max(200), codeListSchema).optional(),
});
export type FormDefinition = z.infer<typeof formDefinitionShape>;
