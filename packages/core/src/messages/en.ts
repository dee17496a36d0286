import type { CoreMessageKey } from './de.js';

export const en: Record<CoreMessageKey, string> = {
  'ars.invalid': 'The regional key must have 2, 3, 5, 9 or 12 digits.',
  'ags.invalid': 'The municipality key must have 8 digits.',
  'leistungsschluessel.invalid': 'The service key must have 14 digits.',
  'money.notInteger': 'The amount must be given in whole cents.',
  'money.negative': 'The amount must not be negative.',
  'money.tooLarge': 'The amount is too large.',
  'address.country': 'Please give the country as a two-letter code (e.g. AT).',
  'address.postcode': 'The postcode must have 5 digits, for example 01067.',
  'address.street': 'Please enter the street.',
  'address.houseNumber': 'Please enter the house number.',
  'address.town': 'Please enter the town.',
  'person.name': 'Please enter the name.',
  'person.birthDate': 'The date of birth must be a valid date in the past.',
  'date.invalid': 'Please enter a valid date.',
  'error.BAD_INPUT': 'The input is incomplete or invalid.',
  'error.INTERNAL': 'An unexpected error occurred. Please try again later.',
  'error.NOT_FOUND': 'What you asked for was not found.',
  'error.CSRF': 'The request could not be verified. Please reload the page.',
  'error.PAYLOAD_TOO_LARGE': 'The request is too large.',
  'error.UNAUTHORIZED': 'Please log in.',
  'error.FORBIDDEN': 'You are not allowed to do this.',
  'error.NETWORK': 'The service cannot be reached. Please check your connection and try again.',
  'error.DATABASE_URL_INVALID':
    'DATABASE_URL is invalid: expected postgres://… or a folder path for the embedded database, got: {value}',
  'error.DATABASE_UNREACHABLE': 'The database at {target} cannot be reached: {reason}',
};
