import type { LoginMessageKey, TimeoutMessageKey } from './de.js';

/** Texts of the service-account elements, English. */
export const loginEn: Record<LoginMessageKey, string> = {
  'login.button': 'Log in with a service account',
  'login.stepUp': 'Log in at trust level "{level}"',
  'login.stepUpHint': 'This service needs trust level "{level}", for example with the online ID card.',
  'login.loggedInAs': 'Logged in as',
  'login.organisationActing': 'acting: {name}',
  'login.level': 'Trust level',
  'login.logout': 'Log out',
  'login.loading': 'Checking login status …',
  'login.unavailable': 'The login status could not be checked.',
  'login.retry': 'Try again',
  'level.low': 'low',
  'level.substantial': 'substantial',
  'level.high': 'high',
  'result.ACCOUNT_LOGIN_CANCELLED': 'You cancelled the login. You can try again at any time.',
  'result.ACCOUNT_LOGIN_FAILED': 'The login failed. Please try again.',
  'result.ACCOUNT_LOCKED':
    'Your service account is locked. You can log in again once the lock is lifted; please contact the office that runs your service account.',
  'result.ACCOUNT_DOCUMENT_EXPIRED':
    'Your ID document has expired. Please log in with a valid ID document or another method.',
  'result.ACCOUNT_LOGIN_EXPIRED':
    'The login took too long or was started in another window. Please log in again.',
  'result.ACCOUNT_LEVEL_TOO_LOW':
    'The login did not reach the required trust level. Please choose another method, for example the online ID card.',
  'result.ACCOUNT_PROVIDER_UNAVAILABLE':
    'The service account cannot be reached at the moment. Please try again later.',
  'result.ACCOUNT_LOGIN_BUSY': 'Very many people are logging in right now. Please try again in a minute.',
};

export const timeoutEn: Record<TimeoutMessageKey, string> = {
  'timeout.title': 'Your session will end soon',
  'timeout.text':
    'You will be logged out automatically in {time} if you do nothing. Unsaved entries will then be lost.',
  'timeout.announce': 'Your session ends in {time}.',
  'timeout.stay': 'Stay logged in',
  'timeout.logout': 'Log out now',
  'timeout.expiredTitle': 'You have been logged out',
  'timeout.expiredText': 'Your session has ended for security reasons. Please log in again.',
  'timeout.login': 'Log in again',
  'timeout.close': 'Close',
  'timeout.extendFailed': 'The session could not be extended. Please log in again.',
  'time.minutes': '{m} minutes',
  'time.minute': '1 minute',
  'time.minutesSeconds': '{m} minutes and {s} seconds',
  'time.minuteSeconds': '1 minute and {s} seconds',
  'time.seconds': '{s} seconds',
  'time.second': '1 second',
};
