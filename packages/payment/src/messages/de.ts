/** Payment validation messages, German (the reference catalogue); the server localizes with them. */
export const validationDe = {
  'payment.serviceId': 'Die Leistung ist unbekannt.',
  'payment.answerName': 'Eine Angabe hat einen ungültigen Namen.',
  'payment.tooManyAnswers': 'Es wurden zu viele Angaben übermittelt.',
  'payment.returnPath': 'Die Rücksprungadresse muss ein Pfad auf diesem Portal sein.',
  'payment.idempotencyKey':
    'Die Zahlung konnte nicht eindeutig zugeordnet werden. Bitte laden Sie die Seite neu.',
  'payment.applicationId':
    'Der Antrag konnte nicht eindeutig zugeordnet werden. Bitte laden Sie die Seite neu.',
  'payment.id': 'Die Zahlungsnummer ist ungültig.',
  'payment.date': 'Bitte geben Sie ein gültiges Datum an (JJJJ-MM-TT).',
  'payment.period': 'Das Ende des Zeitraums darf nicht vor dessen Beginn liegen.',
} as const;

/** Texts of <efa-payment>, German. Kept apart so the element bundles only what it shows. */
export const uiDe = {
  'ui.heading': 'Gebühr bezahlen',
  'ui.item': 'Posten',
  'ui.quantity': 'Anzahl',
  'ui.amount': 'Betrag',
  'ui.total': 'Gesamtbetrag',
  'ui.reduction': 'Ermäßigung',
  'ui.methods': 'Sie können bezahlen mit:',
  'ui.payNow': 'Jetzt bezahlen',
  'ui.payNowHint': 'Sie werden zum Bezahldienst weitergeleitet und kehren danach hierher zurück.',
  'ui.loading': 'Gebühr wird berechnet …',
  'ui.redirecting': 'Sie werden zum Bezahldienst weitergeleitet …',
  'ui.checking': 'Der Zahlungsstatus wird beim Bezahldienst abgefragt …',
  'ui.noFee': 'Für diese Leistung fällt keine Gebühr an.',
  'ui.status.created': 'Die Zahlung wurde angelegt, aber noch nicht an den Bezahldienst übergeben.',
  'ui.status.pending': 'Die Zahlung ist noch nicht abgeschlossen.',
  'ui.status.paid': 'Vielen Dank. Die Zahlung über {amount} ist eingegangen.',
  'ui.status.failed': 'Die Zahlung ist fehlgeschlagen. Es wurde nichts abgebucht.',
  'ui.status.cancelled': 'Sie haben die Zahlung abgebrochen. Es wurde nichts abgebucht.',
  'ui.status.expired': 'Die Zahlung wurde nicht rechtzeitig abgeschlossen. Es wurde nichts abgebucht.',
  'ui.status.refunded': 'Die Zahlung wurde erstattet.',
  'ui.kassenzeichen': 'Kassenzeichen',
  'ui.retry': 'Erneut versuchen',
  'ui.resume': 'Begonnene Zahlung fortsetzen',
  'ui.resumeHint': 'Sie haben eine Zahlung begonnen, aber nicht abgeschlossen.',
  'ui.checkAgain': 'Status erneut abfragen',
  'ui.error': 'Fehler',
} as const;

export type PaymentMessageKey = keyof typeof validationDe | keyof typeof uiDe;
