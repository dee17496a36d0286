import type { Locale } from '@efa-kit/core';
import { type DraftStore, uploadOwnerHash } from '@efa-kit/form-assistant/server';
import type { PageContext, PortalPage } from '../capability.js';
import { html } from '../html.js';
import { localizedHref } from '../layout.js';
import { portalForms } from './form.js';

/** Where a resume link lands: the code comes in the path, the page reads it from the fragment. */
export const resumePath = '/antrag/fortsetzen';
export const draftsPath = '/mein-konto/entwuerfe';

const text = {
  de: {
    resumeTitle: 'Antrag fortsetzen',
    resumeIntro:
      'Geben Sie den Code ein, den Sie beim Speichern erhalten haben. Der Code gilt einmal: Danach setzen Sie den Antrag in diesem Browser fort.',
    codeLabel: 'Code zum Fortsetzen',
    codeHint: 'Zum Beispiel 7K3M-9QXD-W2HF-0C4B-Y. Groß- und Kleinschreibung ist egal.',
    resumeButton: 'Antrag fortsetzen',
    loginLink: 'Anmelden und fortsetzen',
    noscript: 'Zum Fortsetzen wird JavaScript benötigt.',
    draftsTitle: 'Meine Entwürfe',
    draftsIntro:
      'Anträge, die Sie angemeldet begonnen und noch nicht abgesendet haben. Jeder Entwurf wird nach dem letzten Speichern 30 Tage aufbewahrt und dann gelöscht.',
    draftsNone: 'Sie haben keine gespeicherten Entwürfe.',
    draftsLogin: 'Bitte melden Sie sich an, um Ihre Entwürfe zu sehen.',
    form: 'Antrag',
    saved: 'Zuletzt gespeichert',
    expires: 'Gelöscht am',
    continue: 'Fortsetzen',
    continueLabel: '{form} fortsetzen',
  },
  en: {
    resumeTitle: 'Continue an application',
    resumeIntro:
      'Enter the code you were given when you saved. The code works once: afterwards you continue the application in this browser.',
    codeLabel: 'Code to continue',
    codeHint: 'For example 7K3M-9QXD-W2HF-0C4B-Y. Upper or lower case does not matter.',
    resumeButton: 'Continue the application',
    loginLink: 'Log in and continue',
    noscript: 'Continuing needs JavaScript.',
    draftsTitle: 'My drafts',
    draftsIntro:
      'Applications you started logged in and have not submitted yet. Each draft is kept for 30 days after it was last saved, then deleted.',
    draftsNone: 'You have no saved drafts.',
    draftsLogin: 'Please log in to see your drafts.',
    form: 'Application',
    saved: 'Last saved',
    expires: 'Deleted on',
    continue: 'Continue',
    continueLabel: 'Continue {form}',
  },
} as const satisfies Record<Locale, unknown>;

function dateText(date: Date, locale: Locale, withTime: boolean): string {
  return date.toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: 'Europe/Berlin',
  });
}

/**
 * The resume page: a field for the code (typed from paper, or filled from the link's fragment by
 * the page script, which then removes it from the address). The code is used up only when the
 * citizen presses the button, never by opening a link (link previews and prefetchers open links).
 * The form pages' addresses by form id go to the script as data.
 */
export const resumePage: PortalPage = {
  path: resumePath,
  title: { de: text.de.resumeTitle, en: text.en.resumeTitle },
  entry: 'resume',
  render({ locale }: PageContext) {
    const t = text[locale];
    const targets = JSON.stringify(
      Object.fromEntries(portalForms.map((form) => [form.id, localizedHref(form.path, locale)])),
    );
    return html`<h1>${t.resumeTitle}</h1>
<p>${t.resumeIntro}</p>
<form class="resume" data-resume data-targets="${targets}" data-login-text="${t.loginLink}" data-lang="${locale}" novalidate>
<label for="resume-code">${t.codeLabel}</label>
<p class="hint" id="resume-code-hint">${t.codeHint}</p>
<p class="resume__error" id="resume-code-error" role="alert" hidden></p>
<input id="resume-code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="40" aria-describedby="resume-code-hint resume-code-error" required>
<p><button class="button" type="submit">${t.resumeButton}</button></p>
<p class="resume__login" hidden><a href="/auth/login">${t.loginLink}</a></p>
</form>
<noscript><p>${t.noscript}</p></noscript>`;
  },
};

/** "Mein Konto": the logged-in person's drafts, each continued on its form's page. */
export function draftsPage(store: DraftStore): PortalPage {
  return {
    path: draftsPath,
    title: { de: text.de.draftsTitle, en: text.en.draftsTitle },
    async render({ locale, session }: PageContext) {
      const t = text[locale];
      if (!session) {
        return html`<h1>${t.draftsTitle}</h1>
<p>${t.draftsLogin}</p>
<efa-login lang="${locale}" endpoint="/trpc" return-to="${localizedHref(draftsPath, locale)}"></efa-login>`;
      }
      const drafts = await store.listFor(uploadOwnerHash(session.subject));
      const rows = drafts.flatMap((draft) => {
        const form = portalForms.find((candidate) => candidate.id === draft.formId);
        if (!form) return [];
        const title = form.title[locale];
        return [
          html`<tr><td>${title}</td><td>${dateText(draft.savedAt, locale, true)}</td><td>${dateText(draft.expiresAt, locale, false)}</td><td><a href="${localizedHref(form.path, locale)}#entwurf=${draft.draftId}" aria-label="${t.continueLabel.replace('{form}', title)}">${t.continue}</a></td></tr>`,
        ];
      });
      return html`<h1>${t.draftsTitle}</h1>
<p>${t.draftsIntro}</p>
${
  rows.length === 0
    ? html`<p>${t.draftsNone}</p>`
    : html`<div class="table-scroll"><table class="drafts">
<thead><tr><th scope="col">${t.form}</th><th scope="col">${t.saved}</th><th scope="col">${t.expires}</th><th scope="col">${t.continue}</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`
}`;
    },
  };
}
