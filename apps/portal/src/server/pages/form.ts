import { type Locale, satisfiesTrustLevel, type TrustLevel } from '@efa-kit/core';
import type { PageContext, PortalPage } from '../capability.js';
import { html } from '../html.js';
import { localizedHref } from '../layout.js';
import { portalServiceForForm } from '../services.js';

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
    loginFirst:
      'Für diesen Antrag melden Sie sich zuerst an, mindestens mit dem Vertrauensniveau „{level}“ (zum Beispiel mit der Online-Ausweisfunktion). Ihre bestätigten Daten werden dann in den Antrag übernommen.',
    notSubmittable:
      'Diesen Antrag können Sie hier ausfüllen und prüfen; das Absenden ist in diesem Portal noch nicht eingerichtet.',
    levels: { low: 'niedrig', substantial: 'substanziell', high: 'hoch' },
  },
  en: {
    title: 'Applications',
    intro:
      'You can make these applications online. Your answers are kept as a draft in this browser until you submit the application.',
    noscript: 'The application needs JavaScript.',
    loginFirst:
      'For this application, please sign in first, at trust level "{level}" or higher (for example with the online ID function). Your confirmed data are then taken into the application.',
    notSubmittable:
      'You can fill in and check this application here; submitting it is not set up in this portal yet.',
    levels: { low: 'low', substantial: 'substantial', high: 'high' },
  },
} as const satisfies Record<Locale, unknown>;

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

/**
 * One page per form. A form of the service catalogue needs a login at the service's trust
 * level first (its verified data prefill and lock the form); then the assistant fetches the
 * definition, uploads files to /uploads and submits to `form.submit`. The page script
 * (client/form.ts) shows the fee when the submit asks for it and, afterwards, the status page.
 */
export const formPages: PortalPage[] = portalForms.map((form) => ({
  path: form.path,
  title: { de: form.title.de, en: form.title.en },
  entry: 'form',
  render({ locale, stateScope, session }: PageContext) {
    const t = text[locale];
    const service = portalServiceForForm(form.id);
    const required: TrustLevel | null = service?.trustLevel ?? null;
    if (required && !(session && satisfiesTrustLevel(session.trustLevel, required))) {
      return html`<h1>${form.title[locale]}</h1>
<p>${t.loginFirst.replace('{level}', t.levels[required])}</p>
<efa-login lang="${locale}" endpoint="/trpc" required-level="${required}" return-to="${localizedHref(form.path, locale)}"></efa-login>`;
    }
    return html`<h1>${form.title[locale]}</h1>
${service ? '' : html`<p class="hint">${t.notSubmittable}</p>`}
<efa-form form-id="${form.id}" state-scope="${stateScope ?? ''}" endpoint="/trpc" definition-procedure="form.definition" submit-procedure="${service ? 'form.submit' : 'form.submitPreview'}" prefill-procedure="form.prefill" upload-endpoint="${service ? '/uploads' : ''}" lang="${locale}"${service?.feeScheduleId ? html` data-fee-schedule="${service.feeScheduleId}"` : ''}>
<noscript><p>${t.noscript}</p></noscript>
</efa-form>`;
  },
}));
