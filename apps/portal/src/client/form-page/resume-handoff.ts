import { browserStateSlot } from '@efa-kit/core/client';

/**
 * A server draft this tab is to continue on a form page: written by the resume page (after the
 * code was used up) and before a login the form page sends the citizen to, read once by the form
 * page. In sessionStorage: this tab only, and cleared with the rest of the kit's browser state.
 */
export interface ResumeHandoff {
  formId: string;
  draftId: string;
  key?: string;
}

const slot = () => browserStateSlot(null, 'form-resume');

export function writeResumeHandoff(handoff: ResumeHandoff): void {
  const target = slot();
  try {
    target?.storage.setItem(target.key, JSON.stringify(handoff));
  } catch {
    // Storage blocked: the draft stays on the server; "Mein Konto" or a new code opens it.
  }
}

/** The handoff for `formId`, removed as it is read; undefined when there is none for this form. */
export function takeResumeHandoff(formId: string): ResumeHandoff | undefined {
  const target = slot();
  try {
    const raw = target?.storage.getItem(target.key);
    if (!raw || !target) return undefined;
    const handoff = JSON.parse(raw) as Partial<ResumeHandoff>;
    if (handoff.formId !== formId || typeof handoff.draftId !== 'string') return undefined;
    target.storage.removeItem(target.key);
    return {
      formId,
      draftId: handoff.draftId,
      ...(typeof handoff.key === 'string' ? { key: handoff.key } : {}),
    };
  } catch {
    return undefined;
  }
}
