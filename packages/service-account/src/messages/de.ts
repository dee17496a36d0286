/**
 * Texts of the service-account elements, German. One object per element, so that each
 * element's bundle carries only its own texts.
 */
export const loginDe = {
  'login.button': 'Mit Servicekonto anmelden',
  'login.stepUp': 'Mit Vertrauensniveau „{level}“ anmelden',
  'login.stepUpHint':
    'Dieser Dienst braucht das Vertrauensniveau „{level}“, zum Beispiel mit dem Online-Ausweis.',
  'login.loggedInAs': 'Angemeldet als',
  'login.organisationActing': 'handelnd: {name}',
  'login.level': 'Vertrauensniveau',
  'login.logout': 'Abmelden',
  'login.loading': 'Anmeldestatus wird geprüft …',
  'login.unavailable': 'Der Anmeldestatus konnte nicht geprüft werden.',
  'login.retry': 'Erneut versuchen',
  'level.low': 'niedrig',
  'level.substantial': 'substanziell',
  'level.high': 'hoch',
  'result.ACCOUNT_LOGIN_CANCELLED':
    'Sie haben die Anmeldung abgebrochen. Sie können es jederzeit erneut versuchen.',
  'result.ACCOUNT_LOGIN_FAILED': 'Die Anmeldung ist fehlgeschlagen. Bitte versuchen Sie es erneut.',
  'result.ACCOUNT_LOCKED':
    'Ihr Servicekonto ist gesperrt. Sie können sich erst wieder anmelden, wenn die Sperre aufgehoben ist. Wenden Sie sich dazu an die Stelle, die Ihr Servicekonto führt.',
  'result.ACCOUNT_DOCUMENT_EXPIRED':
    'Ihr Ausweis ist abgelaufen. Bitte melden Sie sich mit einem gültigen Ausweis oder einem anderen Verfahren an.',
  'result.ACCOUNT_LOGIN_EXPIRED':
    'Die Anmeldung hat zu lange gedauert oder wurde in einem anderen Fenster begonnen. Bitte melden Sie sich erneut an.',
  'result.ACCOUNT_LEVEL_TOO_LOW':
    'Die Anmeldung erreichte nicht das nötige Vertrauensniveau. Bitte wählen Sie ein anderes Verfahren, zum Beispiel den Online-Ausweis.',
  'result.ACCOUNT_PROVIDER_UNAVAILABLE':
    'Das Servicekonto ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut.',
  'result.ACCOUNT_LOGIN_BUSY':
    'Gerade melden sich sehr viele Personen an. Bitte versuchen Sie es in einer Minute erneut.',
} as const;

export const timeoutDe = {
  'timeout.title': 'Ihre Sitzung läuft bald ab',
  'timeout.text':
    'Sie werden in {time} automatisch abgemeldet, wenn Sie nichts tun. Nicht gespeicherte Eingaben gehen dann verloren.',
  'timeout.announce': 'Ihre Sitzung läuft in {time} ab.',
  'timeout.stay': 'Angemeldet bleiben',
  'timeout.logout': 'Jetzt abmelden',
  'timeout.expiredTitle': 'Sie wurden abgemeldet',
  'timeout.expiredText':
    'Ihre Sitzung ist aus Sicherheitsgründen abgelaufen. Bitte melden Sie sich erneut an.',
  'timeout.login': 'Erneut anmelden',
  'timeout.close': 'Schließen',
  'timeout.extendFailed': 'Die Sitzung konnte nicht verlängert werden. Bitte melden Sie sich erneut an.',
  'time.minutes': '{m} Minuten',
  'time.minute': '1 Minute',
  'time.minutesSeconds': '{m} Minuten und {s} Sekunden',
  'time.minuteSeconds': '1 Minute und {s} Sekunden',
  'time.seconds': '{s} Sekunden',
  'time.second': '1 Sekunde',
} as const;

export type LoginMessageKey = keyof typeof loginDe;
export type TimeoutMessageKey = keyof typeof timeoutDe;
