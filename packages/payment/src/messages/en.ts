import type { uiDe, validationDe } from './de.js';

/** Payment validation messages, English: exactly the German keys. */
export const validationEn: Record<keyof typeof validationDe, string> = {
  'payment.serviceId': 'The service is unknown.',
  'payment.answerName': 'An answer has an invalid name.',
  'payment.tooManyAnswers': 'Too many answers were sent.',
  'payment.returnPath': 'The return address must be a path on this portal.',
  'payment.idempotencyKey': 'The payment could not be identified. Please reload the page.',
  'payment.applicationId': 'The application could not be identified. Please reload the page.',
  'payment.id': 'The payment number is invalid.',
  'payment.date': 'Please enter a valid date (YYYY-MM-DD).',
  'payment.period': 'The end of the period must not be before its start.',
};

/** Texts of <efa-payment>, English: exactly the German keys. */
export const uiEn: Record<keyof typeof uiDe, string> = {
  'ui.heading': 'Pay the fee',
  'ui.item': 'Item',
  'ui.quantity': 'Quantity',
  'ui.amount': 'Amount',
  'ui.total': 'Total',
  'ui.reduction': 'Reduction',
  'ui.methods': 'You can pay with:',
  'ui.payNow': 'Pay now',
  'ui.payNowHint': 'You will be taken to the payment service and brought back here afterwards.',
  'ui.loading': 'Calculating the fee …',
  'ui.redirecting': 'Taking you to the payment service …',
  'ui.checking': 'Asking the payment service for the status …',
  'ui.noFee': 'There is no fee for this service.',
  'ui.status.created': 'The payment was created but has not yet reached the payment service.',
  'ui.status.pending': 'The payment is not complete yet.',
  'ui.status.paid': 'Thank you. Your payment of {amount} has been received.',
  'ui.status.failed': 'The payment failed. Nothing was charged.',
  'ui.status.cancelled': 'You cancelled the payment. Nothing was charged.',
  'ui.status.expired': 'The payment was not completed in time. Nothing was charged.',
  'ui.status.refunded': 'The payment has been refunded.',
  'ui.kassenzeichen': 'Payment reference (Kassenzeichen)',
  'ui.retry': 'Try again',
  'ui.resume': 'Resume the payment you started',
  'ui.resumeHint': 'You started a payment but did not finish it.',
  'ui.checkAgain': 'Check the status again',
  'ui.error': 'Error',
};
