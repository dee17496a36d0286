import { type Locale, satisfiesTrustLevel, type TrustLevel } from '@efa-kit/core';
import { blueprintForms } from '@efa-kit/form-assistant/blueprints';
import { parseFormDefinition } from '@efa-kit/form-assistant/schema';
import { firstStepHtml } from '@efa-kit/form-assistant/server';
import type { PageContext, PortalPage } from '../capability.js';
import { html, SafeHtml } from '../html.js';
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
      'Diese Anträge können Sie online stellen. Ihre Eingaben werden als Entwurf gespeichert, verschlüsselt auf dem Server, bis Sie den Antrag absenden, längstens 30 Tage nach dem letzten Speichern.',
    noscript: 'Für den Antrag wird JavaScript benötigt.',
    loginFirst:
      'Für diesen Antrag melden Sie sich zuerst an, mindestens mit dem Vertrauensniveau „{level}“ (zum Beispiel mit der Online-Ausweisfunktion). Angaben, die der Antrag aus Ihrem Konto übernimmt (zum Beispiel Ihren Namen), sind dann vorausgefüllt und als bestätigt gekennzeichnet.',
    notSubmittable:
      'Diesen Antrag können Sie hier ausfüllen und prüfen; das Absenden ist in diesem Portal noch nicht eingerichtet.',
    levels: { low: 'niedrig', substantial: 'substanziell', high: 'hoch' },
    feeLabel: 'Gebühr',
    feeIntro:
      'Die Gebühr für diesen Antrag ergibt sich aus Ihren Angaben. Bitte bezahlen Sie sie, bevor Sie den Antrag absenden. Ihre Angaben bleiben dabei in diesem Browser gespeichert.',
    feePaid:
      'Gebühr bezahlt: {amount} (Kassenzeichen {kassenzeichen}). Sie können den Antrag jetzt absenden.',
    feeDue: 'Bitte bezahlen Sie zuerst die Gebühr; danach senden Sie den Antrag ab.',
    feeChanged: 'Die Gebühr hat sich mit Ihren Angaben geändert. Bitte bezahlen Sie den neuen Betrag.',
    loginAgain:
      'Zum Absenden brauchen Sie eine Anmeldung mit dem Vertrauensniveau „{level}“. Ihre Angaben bleiben gespeichert.',
    loginLink: 'Mit Vertrauensniveau „{level}“ anmelden',
    withoutLogin:
      'Sie können den Antrag auch ohne Anmeldung beginnen: Speichern Sie ihn zwischendurch und setzen Sie ihn mit einem Code auf einem anderen Gerät fort. Zum Absenden melden Sie sich dann an.',
    withoutLoginLink: 'Ohne Anmeldung beginnen',
    resumeLink: 'Einen gespeicherten Antrag mit Code fortsetzen',
  },
  en: {
    title: 'Applications',
    intro:
      'You can make these applications online. Your answers are kept as a draft, encrypted on the server, until you submit the application, for at most 30 days after you last saved.',
    noscript: 'The application needs JavaScript.',
    loginFirst:
      'For this application, please sign in first, at trust level "{level}" or higher (for example with the online ID function). Answers the application takes from your account (your name, for example) are then filled in and marked as confirmed.',
    notSubmittable:
      'You can fill in and check this application here; submitting it is not set up in this portal yet.',
    levels: { low: 'low', substantial: 'substantial', high: 'high' },
    feeLabel: 'Fee',
    feeIntro:
      'The fee for this application follows from your answers. Please pay it before you submit the application. Your answers stay saved in this browser meanwhile.',
    feePaid: 'Fee paid: {amount} (cash reference {kassenzeichen}). You can submit the application now.',
    feeDue: 'Please pay the fee first; then submit the application.',
    feeChanged: 'The fee changed with your answers. Please pay the new amount.',
    loginAgain: 'To submit, you need to log in at trust level "{level}". Your answers stay saved.',
    loginLink: 'Log in at trust level "{level}"',
    withoutLogin:
      'You can also start the application without logging in: save it as you go and continue it on another device with a code. To submit, you log in then.',
    withoutLoginLink: 'Start without logging in',
    resumeLink: 'Continue a saved application with a code',
  },
} as const satisfies Record<Locale, unknown>;

/**
 * Step 1 of a form as plain HTML and its definition for the page (ADR 0011): the citizen reads
 * and types before the script runs, and <efa-form> takes the definition from the page instead
 * of a request. The definition is the one `form.definition` answers with (parsed the same way).
 * None for a form whose step 1 firstStepHtml cannot write: that page stays client-only.
 */
const firstSteps = new Map<string, { html: Record<Locale, string>; definition: string } | null>();
function firstStepOf(formId: string): { html: Record<Locale, string>; definition: string } | null {
  let found = firstSteps.get(formId);
  if (found === undefined) {
    const raw = (blueprintForms() as Record<string, unknown>)[formId];
    const definition = raw === undefined ? undefined : parseFormDefinition(raw);
    const de = definition && firstStepHtml(definition, 'de');
    const en = definition && firstStepHtml(definition, 'en');
    found =
      definition && de && en
        ? { html: { de, en }, definition: JSON.stringify(definition).replaceAll('<', '\\u003c') }
        : null;
    firstSteps.set(formId, found);
  }
  return found;
}

/** The resume page (pages/drafts.ts), linked from a form's login step. */
const resumePagePath = '/antrag/fortsetzen';

/** The login route at a trust level, back to this page afterwards (as <efa-login> builds it). */
function loginHref(level: TrustLevel, returnTo: string): string {
  return `/auth/login?${new URLSearchParams({ level, returnTo }).toString()}`;
}

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
 * definition, uploads files to /uploads and submits to `form.submit`. On the check page (the
 * form's `check` slot) a service with a fee shows it with <efa-payment>, computed and bound to
 * the application by the page script (client/form.ts), which also offers the login again when
 * the submit says the level is too low, and opens the status page once a reference came back.
 * The texts the script shows are rendered here, in the page's language, as data attributes.
 */
export const formPages: PortalPage[] = portalForms.map((form) => ({
  path: form.path,
  title: { de: form.title.de, en: form.title.en },
  entry: 'form',
  render({ locale, stateScope, session, url }: PageContext) {
    const t = text[locale];
    const service = portalServiceForForm(form.id);
    const required: TrustLevel | null = service?.trustLevel ?? null;
    // Without a login the form can be started and saved on the server (issue 14); the submit
    // asks for the login then, and the draft goes with the tab through it.
    const withoutLogin = !session && url.searchParams.has('ohne-anmeldung');
    if (required && !withoutLogin && !(session && satisfiesTrustLevel(session.trustLevel, required))) {
      const startHref = `${localizedHref(form.path, locale)}${localizedHref(form.path, locale).includes('?') ? '&' : '?'}ohne-anmeldung`;
      return html`<h1>${form.title[locale]}</h1>
<p>${t.loginFirst.replace('{level}', t.levels[required])}</p>
<efa-login lang="${locale}" endpoint="/trpc" required-level="${required}" return-to="${localizedHref(form.path, locale)}"></efa-login>
${
  session
    ? ''
    : html`<p>${t.withoutLogin}</p>
<p><a href="${startHref}" data-start-without-login>${t.withoutLoginLink}</a></p>
<p><a href="${localizedHref(resumePagePath, locale)}">${t.resumeLink}</a></p>`
}`;
    }
    const returnTo = localizedHref(form.path, locale);
    const fee = service?.feeScheduleId
      ? html`<section slot="check" class="fee-step" data-fee-step hidden data-service="${service.feeScheduleId}" data-text-paid="${t.feePaid}" data-text-due="${t.feeDue}" data-text-changed="${t.feeChanged}" aria-label="${t.feeLabel}">
<p>${t.feeIntro}</p>
<p class="fee-step__status" role="status" tabindex="-1"></p>
</section>`
      : '';
    const login = required
      ? html`<div slot="check" class="login-again" data-login-again hidden>
<p>${t.loginAgain.replace('{level}', t.levels[required])}</p>
<p><a href="${loginHref(required, returnTo)}">${t.loginLink.replace('{level}', t.levels[required])}</a></p>
</div>`
      : '';
    // Signed in, the form prefills and locks answers from the identity: those would change
    // under the citizen's hands at the hand-over, so such a page stays client-only.
    const first = session ? null : firstStepOf(form.id);
    // JSON in a data block: not run, so the CSP's script-src does not apply; "<" escaped above.
    const definitionData = first
      ? new SafeHtml(`<script type="application/json" data-efa-definition>${first.definition}</script>`)
      : '';
    return html`<h1>${form.title[locale]}</h1>
${service ? '' : html`<p class="hint">${t.notSubmittable}</p>`}
${first ? new SafeHtml(first.html[locale]) : ''}<efa-form${first ? html` hidden` : ''} form-id="${form.id}" state-scope="${stateScope ?? ''}" endpoint="/trpc" draft-procedures="form.drafts" definition-procedure="form.definition" submit-procedure="${service ? 'form.submit' : 'form.submitPreview'}" prefill-procedure="form.prefill" upload-endpoint="${service ? '/uploads' : ''}" lang="${locale}"${service?.feeScheduleId ? html` data-fee-schedule="${service.feeScheduleId}"` : ''}${service ? html` data-status-href="${localizedHref('/antrag/status?antrag={applicationId}', locale)}"` : ''}>
${login}${fee}${definitionData}
</efa-form><noscript><p>${t.noscript}</p></noscript>`;
  },
}));
