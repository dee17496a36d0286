import { createLazyTranslator, type Locale } from '@efa-kit/core/elements';
/**
 * Texts of the citizen's mailbox element, German first, English complete. `{name}`
 * placeholders are filled from parameters.
 */
export const mailboxDe = {
  heading: 'Mein Postfach',
  loading: 'Wird geladen …',
  error: 'Fehler',
  empty: 'Sie haben noch keine Anträge gestellt.',
  'consent.heading': 'Elektronische Bekanntgabe',
  'consent.label':
    'Ich willige ein, dass mir Bescheide elektronisch in diesem Postfach bekannt gegeben werden.',
  'consent.hint':
    'Ein Bescheid gilt dann als bekannt gegeben, wie es das Gesetz bestimmt (Datum unten bei jedem Bescheid). Sie können die Einwilligung jederzeit widerrufen.',
  'consent.given': 'Einwilligung erteilt am {at}.',
  'consent.revoked': 'Einwilligung widerrufen am {at}.',
  'consent.none': 'Keine Einwilligung erteilt.',
  'application.reference': 'Aktenzeichen: {reference}',
  'application.status': 'Stand: {status}',
  'application.unread': '{count} ungelesen',
  'application.track': 'Verlauf',
  'application.show': 'Nachrichten anzeigen',
  'application.hide': 'Nachrichten ausblenden',
  'messages.empty': 'Zu diesem Antrag gibt es noch keine Nachrichten.',
  'message.open': 'Öffnen',
  'message.unread': 'ungelesen',
  'message.from': 'Von: {sender}',
  'message.service': 'Leistung: {service}',
  'message.kind.status': 'Statusmeldung',
  'message.kind.question': 'Rückfrage',
  'message.kind.answer': 'Ihre Antwort',
  'message.kind.decision': 'Bescheid',
  'message.level': 'Zum Öffnen ist eine Anmeldung mit Vertrauensniveau „{level}“ nötig.',
  'message.provided': 'Bereitgestellt',
  'message.notified': 'Benachrichtigung versandt',
  'message.retrieved': 'Erstmals abgerufen',
  'message.deemed': 'Gilt als bekannt gegeben am',
  'message.provisionEnds': 'Abruf möglich bis',
  'message.provisionEnded': 'Nicht innerhalb der Frist abgerufen: nicht elektronisch bekannt gegeben.',
  'message.noConsent': 'Ohne Ihre Einwilligung wird der Bescheid nicht elektronisch bekannt gegeben.',
  'message.attachment': '{filename} herunterladen ({size})',
  'message.sha512': 'SHA-512-Prüfsumme',
  'message.notYet': 'noch nicht',
  'answer.label': 'Ihre Antwort',
  'answer.submit': 'Antwort senden',
  'answer.sent': 'Ihre Antwort wurde an die Behörde übermittelt.',
  'answer.required': 'Bitte schreiben Sie eine Antwort.',
  'level.low': 'niedrig',
  'level.substantial': 'substanziell',
  'level.high': 'hoch',
  'status.INITIATED': 'Antrag wird übermittelt',
  'status.SUBMITTED': 'Antrag übermittelt',
  'status.RECEIVED': 'Antrag bei der Behörde eingegangen',
  'status.PROCESSING': 'Antrag in Bearbeitung',
  'status.ACTION_REQUIRED': 'Rückfrage: Ihre Mitwirkung ist nötig',
  'status.COMPLETED': 'Verfahren abgeschlossen',
} as const;

export type MailboxMessageKey = keyof typeof mailboxDe;

export type Translate = (key: MailboxMessageKey, params?: Readonly<Record<string, string>>) => string;

// English is its own chunk, fetched the first time the mailbox renders in English (issue 16).
const translate = createLazyTranslator(mailboxDe, () =>
  import('./messages-en.js').then((module) => module.mailboxEn),
);

/** Nothing when `locale`'s texts are here; else a promise that settles once they are. */
export const textsReady = translate.ready;

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}
