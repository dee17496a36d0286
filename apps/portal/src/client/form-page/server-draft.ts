import type { EfaFormElement } from '@efa-kit/form-assistant';
import { takeResumeHandoff, writeResumeHandoff } from './resume-handoff.js';

const draftFragment = /^#entwurf=([0-9a-f-]{36})$/;

/**
 * The form page's part of server drafts: continues the draft the resume page handed over, or
 * the one "Mein Konto" links to (`#entwurf=<id>`, the logged-in person's own); and before the
 * citizen leaves for a login, hands the draft on to the page she comes back to.
 */
export function setUpServerDraft(form: EfaFormElement): void {
  if (!form.draftProcedures) return;
  const handoff = takeResumeHandoff(form.formId);
  const fromAccount = draftFragment.exec(location.hash)?.[1];
  if (fromAccount) history.replaceState(null, '', location.pathname + location.search);
  const ref = handoff
    ? { draftId: handoff.draftId, ...(handoff.key ? { key: handoff.key } : {}) }
    : fromAccount
      ? { draftId: fromAccount }
      : undefined;
  if (ref) void form.openServerDraft(ref);

  // A login leaves the page (and, for a draft without login, the key would stay behind in the
  // old state scope): the draft goes with the tab to the page after the login.
  document.addEventListener(
    'click',
    (event) => {
      const link = (event.target as Element | null)?.closest?.('a[href^="/auth/login"]');
      const draft = form.serverDraft;
      if (link && draft) writeResumeHandoff({ formId: form.formId, ...draft });
    },
    true,
  );
}
