import { type Catalogues, createTranslator } from '@efa-kit/core';

/**
 * Texts of the PDF receipt and the application PDF. German is the reference; English has
 * exactly its keys (checked by type). Kept here, apart from the package's other messages, so
 * the receipt can be changed without touching the element catalogues.
 *
 * Delivery wording is deliberately literal: "übermittelt" only once the delivery service has
 * taken the submission, never before (issue 12, "honest status").
 */
const de = {
  'receipt.title': 'Eingangsbestätigung',
  'receipt.documentTitle': 'Eingangsbestätigung {service} ({reference})',
  'receipt.intro':
    'Ihr Antrag „{service}“ ist am {submittedAt} im Portal eingegangen. Bitte bewahren Sie diese Bestätigung auf und geben Sie bei Rückfragen Ihr Aktenzeichen an.',
  'application.title': 'Antrag: {service}',
  'application.documentTitle': 'Antrag {service} ({reference})',
  'application.intro':
    'Dieser Antrag wurde am {submittedAt} über das Onlineportal gestellt und ist für die zuständige Behörde bestimmt.',
  'facts.heading': 'Ihr Antrag',
  'facts.headingApplication': 'Übersicht',
  'facts.reference': 'Aktenzeichen',
  'facts.submittedAt': 'Eingegangen am',
  'facts.submittedAtUtc': 'Eingangszeitpunkt (UTC)',
  'facts.service': 'Leistung',
  'facts.serviceValue': '{service} (Leistungsschlüssel {leikaKey})',
  'facts.authority': 'Zuständige Behörde',
  'facts.delivery': 'Stand der Übermittlung',
  'delivery.heading': 'Übermittlung an die Behörde',
  'delivery.status': 'Status',
  'delivery.submissionId': 'Einreichungs-ID (FIT-Connect)',
  'delivery.caseId': 'Vorgangs-ID (FIT-Connect)',
  'delivery.at': 'Stand vom',
  'delivery.short.pending': 'Wird übermittelt',
  'delivery.short.submitted': 'Übermittelt',
  'delivery.short.accepted': 'Von der Behörde angenommen',
  'delivery.short.rejected': 'Von der Behörde zurückgewiesen',
  'delivery.short.failed': 'Übermittlung fehlgeschlagen',
  'delivery.long.pending':
    'Ihr Antrag wird übermittelt. Er ist sicher gespeichert und wird verschlüsselt an die Behörde gesendet. Er ist der Behörde noch nicht zugegangen.',
  'delivery.long.submitted':
    'Ihr Antrag wurde an die Behörde übermittelt: Der Zustelldienst hat den Antrag angenommen. Die Behörde ruft ihn dort ab; eine Bestätigung der Behörde steht noch aus.',
  'delivery.long.accepted':
    'Ihr Antrag wurde an die Behörde übermittelt, und die Behörde hat den Eingang bestätigt.',
  'delivery.long.rejected':
    'Die Behörde hat den übermittelten Antrag nicht angenommen, zum Beispiel weil er technisch nicht verarbeitet werden konnte. Bitte wenden Sie sich unter Angabe Ihres Aktenzeichens an die Behörde.',
  'delivery.long.failed':
    'Ihr Antrag ist im Portal gespeichert, konnte aber auch nach mehreren Versuchen nicht an die Behörde übermittelt werden. Der Behörde liegt er noch nicht vor.',
  'summary.heading': 'Ihre Angaben',
  'summary.headingApplication': 'Angaben der antragstellenden Person',
  'summary.question': 'Angabe',
  'summary.answer': 'Antwort',
  'summary.empty': 'Keine Angaben.',
  'summary.noAnswer': 'keine Angabe',
  'attachments.heading': 'Anlagen',
  'attachments.filename': 'Datei',
  'attachments.type': 'Dateityp',
  'attachments.size': 'Größe',
  'attachments.sha512': 'Prüfsumme (SHA-512)',
  'attachments.none': 'Zu diesem Antrag gibt es keine Anlagen.',
  'attachments.hint':
    'Mit der Prüfsumme lässt sich nachweisen, dass eine Datei unverändert bei der Behörde angekommen ist.',
  'fee.heading': 'Gebühr',
  'fee.amount': 'Betrag',
  'fee.kassenzeichen': 'Kassenzeichen',
  'fee.paymentMethod': 'Zahlungsart',
  'fee.method.GIROPAY': 'giropay',
  'fee.method.PAYDIRECT': 'paydirekt',
  'fee.method.CREDITCARD': 'Kreditkarte',
  'fee.method.PAYPAL': 'PayPal',
  'fee.method.INVOICE': 'Rechnung',
  'fee.method.OTHER': 'Sonstige',
  'next.heading': 'Wie es weitergeht',
  'next.pending':
    'Sie müssen nichts weiter tun. Den aktuellen Stand sehen Sie im Portal unter Ihrem Aktenzeichen. Sobald der Zustelldienst den Antrag angenommen hat, steht dort „übermittelt“.',
  'next.submitted':
    'Die Behörde bearbeitet Ihren Antrag. Hat sie Fragen oder hat sie entschieden, erhalten Sie eine Nachricht in Ihr Postfach im Portal.',
  'next.accepted':
    'Die Behörde bearbeitet Ihren Antrag. Hat sie Fragen oder hat sie entschieden, erhalten Sie eine Nachricht in Ihr Postfach im Portal.',
  'next.rejected':
    'Stellen Sie den Antrag bitte erst nach Rücksprache mit der Behörde erneut, damit er nicht doppelt eingeht.',
  'next.failed':
    'Der Fehler wird dem Portalbetrieb angezeigt, der die Übermittlung wiederholen kann. Stellen Sie den Antrag bitte nicht neu, damit er nicht doppelt eingeht. Wenn es eilt, wenden Sie sich unter Angabe Ihres Aktenzeichens direkt an die Behörde.',
  'next.contact': 'Bei Fragen wenden Sie sich bitte an: {authority}.',
  'footer.page': '{reference} · Seite {page} von {pages}',
  'date.format': '{date}, {time} Uhr ({zone})',
} as const;

export type ReceiptMessageKey = keyof typeof de;

const en: Record<ReceiptMessageKey, string> = {
  'receipt.title': 'Confirmation of receipt',
  'receipt.documentTitle': 'Confirmation of receipt {service} ({reference})',
  'receipt.intro':
    'Your application "{service}" reached the portal on {submittedAt}. Please keep this confirmation and quote your reference number if you have questions.',
  'application.title': 'Application: {service}',
  'application.documentTitle': 'Application {service} ({reference})',
  'application.intro':
    'This application was made through the online portal on {submittedAt} and is addressed to the responsible authority.',
  'facts.heading': 'Your application',
  'facts.headingApplication': 'Overview',
  'facts.reference': 'Reference number',
  'facts.submittedAt': 'Received on',
  'facts.submittedAtUtc': 'Time of receipt (UTC)',
  'facts.service': 'Service',
  'facts.serviceValue': '{service} (service key {leikaKey})',
  'facts.authority': 'Responsible authority',
  'facts.delivery': 'Delivery status',
  'delivery.heading': 'Delivery to the authority',
  'delivery.status': 'Status',
  'delivery.submissionId': 'Submission ID (FIT-Connect)',
  'delivery.caseId': 'Case ID (FIT-Connect)',
  'delivery.at': 'As of',
  'delivery.short.pending': 'Being delivered',
  'delivery.short.submitted': 'Delivered',
  'delivery.short.accepted': 'Accepted by the authority',
  'delivery.short.rejected': 'Rejected by the authority',
  'delivery.short.failed': 'Delivery failed',
  'delivery.long.pending':
    'Your application is being delivered. It is stored safely and is being sent, encrypted, to the authority. The authority has not received it yet.',
  'delivery.long.submitted':
    'Your application has been delivered to the authority: the delivery service has accepted it. The authority collects it from there; its confirmation is still to come.',
  'delivery.long.accepted':
    'Your application has been delivered to the authority, and the authority has confirmed its receipt.',
  'delivery.long.rejected':
    'The authority did not accept the delivered application, for example because it could not be processed technically. Please contact the authority and quote your reference number.',
  'delivery.long.failed':
    'Your application is stored in the portal, but could not be delivered to the authority even after several attempts. The authority does not have it yet.',
  'summary.heading': 'Your answers',
  'summary.headingApplication': "The applicant's answers",
  'summary.question': 'Question',
  'summary.answer': 'Answer',
  'summary.empty': 'No answers.',
  'summary.noAnswer': 'not answered',
  'attachments.heading': 'Attachments',
  'attachments.filename': 'File',
  'attachments.type': 'File type',
  'attachments.size': 'Size',
  'attachments.sha512': 'Checksum (SHA-512)',
  'attachments.none': 'This application has no attachments.',
  'attachments.hint': 'The checksum proves that a file reached the authority unchanged.',
  'fee.heading': 'Fee',
  'fee.amount': 'Amount',
  'fee.kassenzeichen': 'Payment reference (Kassenzeichen)',
  'fee.paymentMethod': 'Payment method',
  'fee.method.GIROPAY': 'giropay',
  'fee.method.PAYDIRECT': 'paydirekt',
  'fee.method.CREDITCARD': 'Credit card',
  'fee.method.PAYPAL': 'PayPal',
  'fee.method.INVOICE': 'Invoice',
  'fee.method.OTHER': 'Other',
  'next.heading': 'What happens next',
  'next.pending':
    'You do not need to do anything else. You can see the current status in the portal under your reference number. Once the delivery service has accepted the application, it will say "delivered" there.',
  'next.submitted':
    'The authority is processing your application. If it has questions or has made a decision, you will get a message in your mailbox in the portal.',
  'next.accepted':
    'The authority is processing your application. If it has questions or has made a decision, you will get a message in your mailbox in the portal.',
  'next.rejected':
    'Please only apply again after speaking to the authority, so that your application does not arrive twice.',
  'next.failed':
    'The failure is shown to the portal operators, who can repeat the delivery. Please do not apply again, so that your application does not arrive twice. If it is urgent, contact the authority directly and quote your reference number.',
  'next.contact': 'If you have questions, please contact: {authority}.',
  'footer.page': '{reference} · Page {page} of {pages}',
  'date.format': '{date}, {time} ({zone})',
};

export const receiptMessages: Catalogues<ReceiptMessageKey> = { de, en };

export const translateReceipt = createTranslator(receiptMessages);
