/**
 * Validation messages of the form assistant, German. Keys are stable: the generated schemas
 * give them as errors, the server's error formatter and the elements look them up.
 * `{minimum}` and `{maximum}` are filled from the failed check.
 */
export const validationDe = {
  'form.required': 'Bitte füllen Sie dieses Feld aus.',
  'form.required.choice': 'Bitte wählen Sie eine Möglichkeit aus.',
  'form.required.yesNo': 'Bitte wählen Sie „Ja“ oder „Nein“.',
  'form.required.file': 'Bitte laden Sie eine Datei hoch.',
  // What is missing, named (GOV.UK): {what} is the field as object ("Ihren Vornamen") or its label quoted.
  'form.missing.enter': 'Geben Sie {what} ein.',
  'form.missing.select': 'Wählen Sie {what} aus.',
  'form.missing.answer': 'Beantworten Sie die Frage „{label}“',
  'form.missing.yesNo': 'Wählen Sie „Ja“ oder „Nein“: {label}',
  'form.missing.upload': 'Laden Sie {what} hoch.',
  'form.text.digits': 'Geben Sie {what} mit genau {count} Ziffern ein.',
  'form.text.digitsBetween': 'Geben Sie {what} mit {minimum} bis {maximum} Ziffern ein.',
  'form.text.digitsOnly': 'Geben Sie {what} nur mit Ziffern ein.',
  'form.text.before': 'Der Wert darf nicht vor {minimum} liegen.',
  'form.text.after': 'Der Wert darf nicht nach {maximum} liegen.',
  'form.date.noSuchDay':
    'Dieses Datum gibt es nicht: Der Monat hat nur {days} Tage. Prüfen Sie Tag und Monat.',
  'form.date.noSuchMonth': 'Dieses Datum gibt es nicht: Der Monat ist eine Zahl von 1 bis 12.',
  'form.iban.country': 'Geben Sie eine IBAN an, die mit {countries} beginnt.',
  'form.iban.pattern':
    'Diese IBAN wird hier nicht angenommen. Prüfen Sie, ob Sie das richtige Konto angegeben haben.',
  // A check of the definition (a cross-field rule) brings its own text.
  'form.check': '{text}',
  'form.text.invalid': 'Bitte geben Sie einen Text ein.',
  'form.text.tooShort': 'Bitte geben Sie mindestens {minimum} Zeichen ein.',
  'form.text.tooLong': 'Bitte geben Sie höchstens {maximum} Zeichen ein.',
  'form.text.pattern': 'Die Eingabe hat nicht das erwartete Format.',
  'form.text.latin':
    'Die Eingabe enthält Zeichen, die nicht verarbeitet werden können. Bitte verwenden Sie lateinische Buchstaben.',
  'form.number.invalid': 'Bitte geben Sie eine Zahl ein.',
  'form.integer.invalid': 'Bitte geben Sie eine ganze Zahl ohne Komma ein.',
  'form.number.tooSmall': 'Der Wert muss mindestens {minimum} sein.',
  'form.number.tooLarge': 'Der Wert darf höchstens {maximum} sein.',
  'form.decimal.fraction': 'Bitte geben Sie höchstens {maximum} Nachkommastellen an.',
  'form.money.invalid': 'Bitte geben Sie einen Betrag in Euro an, zum Beispiel 12,50.',
  'form.money.tooSmall': 'Der Betrag ist zu niedrig.',
  'form.money.tooLarge': 'Der Betrag ist zu hoch.',
  'form.date.invalid': 'Bitte geben Sie ein gültiges Datum an, zum Beispiel 27 3 2024.',
  'form.date.tooEarly': 'Das Datum darf nicht vor dem {minimum} liegen.',
  'form.date.tooLate': 'Das Datum darf nicht nach dem {maximum} liegen.',
  'form.yesNo.invalid': 'Bitte wählen Sie „Ja“ oder „Nein“.',
  'form.yesNo.mustBeYes':
    'Bitte bestätigen Sie diese Erklärung mit „Ja“, sonst kann der Antrag nicht gestellt werden.',
  'form.choice.invalid': 'Bitte wählen Sie eine der angebotenen Möglichkeiten.',
  'form.multiChoice.tooFew': 'Bitte wählen Sie mindestens {minimum} Möglichkeiten aus.',
  'form.multiChoice.tooMany': 'Bitte wählen Sie höchstens {maximum} Möglichkeiten aus.',
  'form.email.invalid': 'Bitte geben Sie eine E-Mail-Adresse im Format name@beispiel.de an.',
  'form.phone.invalid':
    'Bitte geben Sie eine Telefonnummer an, zum Beispiel 0351 1234567 oder +49 351 1234567.',
  'form.iban.invalid': 'Bitte geben Sie eine IBAN an, zum Beispiel DE89 3704 0044 0532 0130 00.',
  'form.iban.checksum': 'Die Prüfziffern der IBAN stimmen nicht. Bitte prüfen Sie Ihre Eingabe.',
  'form.iban.notSepa': 'Bitte geben Sie die IBAN eines Kontos im SEPA-Raum an.',
  'form.address.invalid': 'Bitte geben Sie die Anschrift vollständig an.',
  'form.personName.invalid': 'Bitte geben Sie Vor- und Familiennamen an.',
  'form.file.invalid': 'Die Datei konnte nicht gelesen werden. Bitte wählen Sie sie erneut aus.',
  'form.file.tooLarge': 'Die Datei ist zu groß.',
  'form.file.type': 'Dieser Dateityp ist hier nicht erlaubt.',
  'form.file.tooMany': 'Bitte laden Sie höchstens {maximum} Dateien hoch.',
  'form.file.unknown': 'Diese Datei liegt nicht (mehr) vor. Bitte laden Sie sie erneut hoch.',
  'form.file.notUploaded': 'Diese Datei wurde noch nicht hochgeladen. Bitte wählen Sie sie erneut aus.',
  'form.file.duplicate': 'Diese Datei ist im Antrag bereits angegeben.',
  'form.repeat.tooFew': 'Bitte geben Sie mindestens {minimum} Einträge an.',
  'form.repeat.tooMany': 'Bitte geben Sie höchstens {maximum} Einträge an.',
  'form.prefill.locked':
    'Dieser Wert stammt aus Ihrem Nutzerkonto und ist bestätigt. Er kann hier nicht geändert werden.',
  'form.definition.id':
    'Kennungen bestehen aus Buchstaben, Ziffern, „_“ und „-“ und beginnen mit einem Buchstaben.',
  'form.definition.condition': 'Die Bedingung ist kein gültiger Ausdruck.',
  'form.definition.dateBound':
    'Eine Datumsgrenze ist ein Datum (2024-01-31) oder „today“ mit Abstand (today-18y).',
} as const;

export type ValidationMessageKey = keyof typeof validationDe;
