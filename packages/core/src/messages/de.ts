/** Core messages, German. Keys are stable: packages and clients refer to them. */
export const de = {
  'ars.invalid': 'Der Regionalschlüssel muss aus 2, 3, 5, 9 oder 12 Ziffern bestehen.',
  'ags.invalid': 'Der Gemeindeschlüssel muss aus 8 Ziffern bestehen.',
  'leistungsschluessel.invalid': 'Der Leistungsschlüssel muss aus 14 Ziffern bestehen.',
  'money.notInteger': 'Der Betrag muss in ganzen Cent angegeben werden.',
  'money.negative': 'Der Betrag darf nicht negativ sein.',
  'money.tooLarge': 'Der Betrag ist zu hoch.',
  'address.country': 'Bitte geben Sie den Staat als zweistelligen Ländercode an (z. B. AT).',
  'address.postcode': 'Die Postleitzahl muss aus 5 Ziffern bestehen, zum Beispiel 01067.',
  'address.street': 'Bitte geben Sie die Straße an.',
  'address.houseNumber': 'Bitte geben Sie die Hausnummer an.',
  'address.town': 'Bitte geben Sie den Ort an.',
  'person.name': 'Bitte geben Sie den Namen an.',
  'person.birthDate': 'Das Geburtsdatum muss ein gültiges Datum in der Vergangenheit sein.',
  'date.invalid': 'Bitte geben Sie ein gültiges Datum an.',
  'error.BAD_INPUT': 'Die Eingaben sind unvollständig oder fehlerhaft.',
  'error.INTERNAL': 'Ein unerwarteter Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.',
  'error.NOT_FOUND': 'Das Angeforderte wurde nicht gefunden.',
  'error.CSRF': 'Die Anfrage konnte nicht bestätigt werden. Bitte laden Sie die Seite neu.',
  'error.PAYLOAD_TOO_LARGE': 'Die Anfrage ist zu groß.',
  'error.UNAUTHORIZED': 'Bitte melden Sie sich an.',
  'error.FORBIDDEN': 'Dafür fehlt Ihnen die Berechtigung.',
  'error.NETWORK':
    'Der Dienst ist nicht erreichbar. Bitte prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  'error.DATABASE_URL_INVALID':
    'DATABASE_URL ist ungültig: erwartet wird postgres://… oder ein Ordnerpfad für die eingebettete Datenbank, erhalten: {value}',
  'error.DATABASE_UNREACHABLE': 'Die Datenbank unter {target} ist nicht erreichbar: {reason}',
} as const;

export type CoreMessageKey = keyof typeof de;
