import { createTranslator } from '@efa-kit/core';

const de = {
  skipLink: 'Zum Inhalt springen',
  mainNav: 'Hauptnavigation',
  languageSwitch: 'Sprache',
  otherLanguage: 'English',
  otherLanguageLabel: 'Switch to English',
  demoNotice: 'Demonstrationsportal: keine echten Anträge, Zahlungen oder Zuständigkeiten.',
  developmentBannerTitle: 'Entwicklungsmodus.',
  developmentBannerText:
    'Es laufen Entwicklungsdienste statt echter Anbieter: {services}. Nicht für echte Daten verwenden.',
  footerNav: 'Rechtliches',
  accessibility: 'Erklärung zur Barrierefreiheit',
  imprint: 'Impressum',
  privacy: 'Datenschutz',
  startTitle: 'Verwaltung online erledigen',
  startIntro:
    'Finden Sie heraus, welche Behörde für Ihr Anliegen zuständig ist, melden Sie sich mit Ihrem Servicekonto an, stellen Sie Ihren Antrag und bezahlen Sie die Gebühr – alles an einem Ort.',
  notFoundTitle: 'Seite nicht gefunden',
  notFoundText: 'Die Adresse ist falsch geschrieben oder die Seite gibt es nicht mehr.',
  backToStart: 'Zur Startseite',
  errorTitle: 'Ein Fehler ist aufgetreten',
  errorText: 'Bitte versuchen Sie es später erneut.',
} as const;

const en: Record<keyof typeof de, string> = {
  skipLink: 'Skip to content',
  mainNav: 'Main navigation',
  languageSwitch: 'Language',
  otherLanguage: 'Deutsch',
  otherLanguageLabel: 'Auf Deutsch wechseln',
  demoNotice: 'Demonstration portal: no real applications, payments or responsibilities.',
  developmentBannerTitle: 'Development mode.',
  developmentBannerText:
    'Development services are running instead of real providers: {services}. Do not use with real data.',
  footerNav: 'Legal',
  accessibility: 'Accessibility statement',
  imprint: 'Imprint',
  privacy: 'Privacy',
  startTitle: 'Deal with the authorities online',
  startIntro:
    'Find out which authority is responsible for your matter, log in with your service account, submit your application and pay the fee – all in one place.',
  notFoundTitle: 'Page not found',
  notFoundText: 'The address is misspelt or the page no longer exists.',
  backToStart: 'Go to the start page',
  errorTitle: 'Something went wrong',
  errorText: 'Please try again later.',
};

export type PortalMessageKey = keyof typeof de;
export const t = createTranslator<PortalMessageKey>({ de, en });
