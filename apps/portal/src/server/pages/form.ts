import type { Locale } from '@efa-kit/core';
import type { PageContext, PortalPage } from '../capability.js';
import { html } from '../html.js';
import { localizedHref } from '../layout.js';

/** The blueprint forms the portal serves, with the page each one lives on. */
export const portalForms = [
  {
    id: 'dog-registration',
    path: '/antrag/hund-anmelden',
    title: { de: 'Hund anmelden (Hundesteuer)', en: 'Register a dog (dog tax)' },
    summary: {
      de: 'Melden Sie Ihren Hund zur Hundesteuer an, mit Ermäßigung und Lastschrift.',
      en: 'Register your dog for dog tax, with reductions and direct debit.',
    },
  },
  {
    id: 'housing-benefit',
    path: '/antrag/wohngeld',
    title: { de: 'Wohngeld beantragen (Erstantrag)', en: 'Apply for housing benefit (first application)' },
    summary: {
      de: 'Mietzuschuss für Ihren Haushalt: Personen, Wohnung, Einkommen.',
      en: 'Rent subsidy for your household: members, home, income.',
    },
  },
  {
    id: 'geothermal-drilling',
    path: '/antrag/erdwaermesonde',
    title: { de: 'Bohrung für eine Erdwärmesonde anzeigen', en: 'Notify a drilling for a geothermal probe' },
    summary: {
      de: 'Anzeige nach § 49 WHG und Lagerstättengesetz bei der Wasserbehörde.',
      en: 'Notification under § 49 WHG and the Deposits Act to the water authority.',
    },
  },
] as const;

const text = {
  de: {
    title: 'Anträge',
    intro:
      'Diese Anträge können Sie online stellen. Ihre Eingaben werden als Entwurf in diesem Browser gespeichert, bis Sie den Antrag absenden.',
    noscript: 'Für den Antrag wird JavaScript benötigt.',
  },
  en: {
    title: 'Applications',
    intro:
      'You can make these applications online. Your answers are kept as a draft in this browser until you submit the application.',
    noscript: 'The application needs JavaScript.',
  },
} satisfies Record<Locale, Record<string, string>>;

export const formsOverviewPage: PortalPage = {
  path: '/antraege',
  title: { de: text.de.title, en: text.en.title },
  nav: { de: text.de.title, en: text.en.title },
  render({ locale }: PageContext) {
    return html`<h1>${text[locale].title}</h1>
<p>${text[locale].intro}</p>
<ul class="form-list">
${portalForms.map(
  (form) =>
    html`<li><a href="${localizedHref(form.path, locale)}">${form.title[locale]}</a><br>${form.summary[locale]}</li>`,
)}
</ul>`;
  },
};

/** One page per form: the assistant fetches its definition and submits to the form router. */
export const formPages: PortalPage[] = portalForms.map((form) => ({
  path: form.path,
  title: { de: form.title.de, en: form.title.en },
  entry: 'form',
  render({ locale, stateScope }: PageContext) {
    return html`<h1>${form.title[locale]}</h1>
<efa-form form-id="${form.id}" state-scope="${stateScope ?? ''}" endpoint="/trpc" definition-procedure="form.definition" submit-procedure="form.submitPreview" prefill-procedure="form.prefill" lang="${locale}">
<noscript><p>${text[locale].noscript}</p></noscript>
</efa-form>`;
  },
}));
