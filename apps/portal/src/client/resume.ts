// The resume page: the code from the link's fragment (or typed) is used up only when the
// citizen presses the button; the draft then continues on its form's page in this tab.
import { createEndpointClient, EndpointError } from '@efa-kit/core/client';
import { writeResumeHandoff } from './form-page/resume-handoff.js';

const form = document.querySelector<HTMLFormElement>('form[data-resume]');
if (form) setUp(form);

function setUp(element: HTMLFormElement): void {
  const input = element.querySelector<HTMLInputElement>('input[name=code]');
  const error = element.querySelector<HTMLElement>('.resume__error');
  const login = element.querySelector<HTMLElement>('.resume__login');
  if (!input || !error || !login) return;
  const targets = JSON.parse(element.dataset.targets ?? '{}') as Record<string, string>;
  const locale = element.dataset.lang === 'en' ? 'en' : 'de';
  const fromLink = /^#code=(.+)$/.exec(location.hash)?.[1];
  if (fromLink) {
    input.value = decodeURIComponent(fromLink);
    // The code leaves the address bar (and the history), so it is not shared or bookmarked with it.
    history.replaceState(null, '', location.pathname + location.search);
  }
  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = input.value.trim();
    error.hidden = true;
    login.hidden = true;
    input.removeAttribute('aria-invalid');
    try {
      const draft = await createEndpointClient({ endpoint: '/trpc', locale }).mutation<{
        draftId: string;
        formId: string;
        personal: boolean;
        key?: string;
      }>('form.drafts.resume', { code });
      const page = targets[draft.formId];
      // A draft started without login continues without one (the form page asks at submit).
      const target =
        page && !draft.personal ? `${page}${page.includes('?') ? '&' : '?'}ohne-anmeldung` : page;
      if (!target) throw new EndpointError('', 'FORM_UNKNOWN', 404);
      writeResumeHandoff({
        formId: draft.formId,
        draftId: draft.draftId,
        ...(draft.key ? { key: draft.key } : {}),
      });
      location.assign(target);
    } catch (failure) {
      error.textContent = failure instanceof Error ? failure.message : String(failure);
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      if (failure instanceof EndpointError && failure.code === 'DRAFT_RESUME_LOGIN') {
        const link = login.querySelector('a');
        if (link) {
          link.href = `/auth/login?${new URLSearchParams({ returnTo: `/antrag/fortsetzen/${encodeURIComponent(code)}` })}`;
        }
        login.hidden = false;
      }
      input.focus();
    }
  });
}
