import { interpolate, type Locale } from '@efa-kit/core';

/**
 * What the importer could not map one to one. Every warning names the FIM element (id) it is
 * about, so a form author can find it in the FIM editor.
 */
export const importWarnings = {
  FIM_RULE_NOT_MAPPED: {
    de: 'Regel „{name}“ ist nicht als Ausdruck abbildbar und wird nur als Dokumentation übernommen. Bitte als Bedingung nachbilden, falls sie das Formular steuert.',
    en: 'Rule “{name}” cannot be expressed as a condition and is kept as documentation only. Add a condition if it controls the form.',
  },
  FIM_RULE_TARGET_UNKNOWN: {
    de: 'Regel „{name}“ verweist auf das unbekannte Element {target} und wird nur als Dokumentation übernommen.',
    en: 'Rule “{name}” refers to the unknown element {target} and is kept as documentation only.',
  },
  FIM_CODELIST_UNRESOLVED: {
    de: 'Die Codeliste {uri} ist nicht beigefügt; bis sie beigefügt ist (--codelist), wird jeder Code angenommen.',
    en: 'Code list {uri} was not supplied; until it is (--codelist), any code is accepted.',
  },
  FIM_CODELIST_MISSING: {
    de: 'Auswahlfeld ohne Codeliste und ohne Werte; jeder Code wird angenommen.',
    en: 'Selection field without code list or values; any code is accepted.',
  },
  FIM_DATATYPE_APPROXIMATED: {
    de: 'Datentyp „{datentyp}“ wird als Textfeld mit Formatprüfung ({format}) abgebildet.',
    en: 'Data type “{datentyp}” is mapped to a text field with a format check ({format}).',
  },
  FIM_DATATYPE_UNKNOWN: {
    de: 'Unbekannter Datentyp „{datentyp}“; das Feld wird als Textfeld abgebildet.',
    en: 'Unknown data type “{datentyp}”; the field is mapped to a text field.',
  },
  FIM_FELDART_UNKNOWN: {
    de: 'Unbekannte Feldart „{feldart}“; das Feld wird als Eingabefeld abgebildet.',
    en: 'Unknown field type “{feldart}”; the field is mapped to an input field.',
  },
  FIM_HIDDEN_FIELD: {
    de: 'Verstecktes Feld: wird als schreibgeschütztes Feld mit dem Inhalt „{inhalt}“ abgebildet, damit der Wert sichtbar übermittelt wird.',
    en: 'Hidden field: mapped to a read-only field with the content “{inhalt}” so the value is submitted visibly.',
  },
  FIM_INVALID_COMBINATION: {
    de: 'Unzulässige Kombination nach FIM-Qualitätsregeln: {detail}. {consequence}',
    en: 'Combination not allowed by the FIM quality rules: {detail}. {consequence}',
  },
  FIM_PRAEZISIERUNG_INVALID: {
    de: 'Präzisierung nicht lesbar ({detail}); sie wird nicht übernommen.',
    en: 'Precision (praezisierung) not readable ({detail}); it is not applied.',
  },
  FIM_DUPLICATE_ELEMENT: {
    de: 'Das Element <{element}> kommt mehrfach vor; nur das erste wird übernommen.',
    en: 'The element <{element}> occurs more than once; only the first is used.',
  },
  FIM_DUPLICATE_ID: {
    de: 'Das Element ist in derselben Gruppe mehrfach enthalten; das weitere Vorkommen erhält die Kennung {key}.',
    en: 'The element occurs more than once in the same group; the further occurrence gets the key {key}.',
  },
  FIM_FIELD_REPEATED: {
    de: 'Feld mit Anzahl {anzahl}: es wird in eine wiederholbare Gruppe {key} eingebettet (im FIM-Datensatz eine Liste von Objekten).',
    en: 'Field with multiplicity {anzahl}: it is wrapped in a repeatable group {key} (a list of objects in the FIM data).',
  },
  FIM_ANZAHL_INVALID: {
    de: 'Anzahl „{anzahl}“ ist nicht lesbar; es wird 1:1 angenommen.',
    en: 'Multiplicity “{anzahl}” is not readable; 1:1 is assumed.',
  },
  FIM_PREFILL_UNMAPPED: {
    de: 'Vorbefüllung „{vorbefuellung}“ verlangt, aber kein Identitätsmerkmal passt zu „{name}“; bitte im Formular ergänzen.',
    en: 'Prefill “{vorbefuellung}” requested, but no identity attribute matches “{name}”; please add it in the form.',
  },
  FIM_STATUS_NOT_RELEASED: {
    de: 'Freigabestatus „{status}“: das Element ist nicht fachlich freigegeben.',
    en: 'Release status “{status}”: the element is not approved for use.',
  },
  FIM_EMPTY_GROUP: {
    de: 'Gruppe ohne Unterelemente; sie wird nicht übernommen.',
    en: 'Group without child elements; it is not used.',
  },
  FIM_FILE_LIMITS_IGNORED: {
    de: 'maxSize/mediaType sind nur bei Anlagen (datentyp file) zulässig und werden ignoriert.',
    en: 'maxSize/mediaType are only allowed for attachments (datentyp file) and are ignored.',
  },
  FIM_TEXT_IN_ELEMENT: {
    de: 'Unerwarteter Text „{text}“ in <{element}> wird ignoriert.',
    en: 'Unexpected text “{text}” in <{element}> is ignored.',
  },
} as const satisfies Record<string, { de: string; en: string }>;

export type ImportWarningCode = keyof typeof importWarnings;

export interface ImportWarning {
  code: ImportWarningCode;
  /** The FIM element the warning is about (F…, G…, R…, S…). */
  fimId: string;
  /** Data path of the element in the definition, when it has one. */
  path?: string;
  message: { de: string; en: string };
}

/** Parameters: plain values, or a text per language (a consequence, a detail in words). */
export type WarningParams = Record<string, string | number | { de: string; en: string }>;

function paramsFor(params: WarningParams, locale: Locale): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? value[locale] : value]),
  );
}

export function importWarning(
  code: ImportWarningCode,
  fimId: string,
  params: WarningParams = {},
  path?: string,
): ImportWarning {
  const template = importWarnings[code];
  return {
    code,
    fimId,
    ...(path === undefined ? {} : { path }),
    message: {
      de: interpolate(template.de, paramsFor(params, 'de')),
      en: interpolate(template.en, paramsFor(params, 'en')),
    },
  };
}
