import { defineErrors } from '@efa-kit/core';

/** Why an XDatenfelder file cannot be imported at all (warnings cover what can be partly mapped). */
export const fimError = defineErrors({
  FORM_FIM_TOO_LARGE: {
    status: 'PAYLOAD_TOO_LARGE',
    de: 'Die XDatenfelder-Datei ist größer als {limit} KB.',
    en: 'The XDatenfelder file is larger than {limit} KB.',
  },
  FORM_FIM_DOCTYPE: {
    status: 'BAD_REQUEST',
    de: 'Die XDatenfelder-Datei enthält eine DOCTYPE-Deklaration. Aus Sicherheitsgründen werden solche Dateien nicht gelesen.',
    en: 'The XDatenfelder file contains a DOCTYPE declaration. Such files are not read for security reasons.',
  },
  FORM_FIM_NOT_XML: {
    status: 'BAD_REQUEST',
    de: 'Die Datei ist kein wohlgeformtes XML (Zeile {line}: {reason}).',
    en: 'The file is not well-formed XML (line {line}: {reason}).',
  },
  FORM_FIM_UNKNOWN_MESSAGE: {
    status: 'BAD_REQUEST',
    de: 'Die Datei ist keine XDatenfelder-Nachricht (Stammdatenschema, Datenfeldgruppe oder Datenfeld in Version 2 oder 3).',
    en: 'The file is not an XDatenfelder message (data schema, field group or field in version 2 or 3).',
  },
  FORM_FIM_INVALID: {
    status: 'BAD_REQUEST',
    de: 'Die XDatenfelder-Nachricht ist unvollständig: {reason}',
    en: 'The XDatenfelder message is incomplete: {reason}',
  },
  FORM_FIM_DEFINITION_INVALID: {
    status: 'UNPROCESSABLE_CONTENT',
    de: 'Aus der XDatenfelder-Nachricht entsteht keine gültige Formulardefinition: {reason}',
    en: 'The XDatenfelder message does not yield a valid form definition: {reason}',
  },
});
