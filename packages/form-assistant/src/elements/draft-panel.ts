import type { Locale } from '@efa-kit/core';
import { html, nothing, type TemplateResult } from 'lit';
import type { UiMessageKey } from '../messages/ui.js';
import type { ResumeCodeAnswer } from '../schema/drafts.js';
import type { DraftSyncStatus } from './server-draft.js';

type Msg = (key: UiMessageKey, params?: Record<string, string | number>) => string;

export interface DraftPanelActions {
  retry(): void;
  saveAsNew(): void;
  keepMine(): void;
  takeTheirs(): void;
  saveForLater(): void;
}

function when(iso: string, locale: Locale, style: 'time' | 'date' | 'both'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const tag = locale === 'de' ? 'de-DE' : 'en-GB';
  if (style === 'time') return date.toLocaleTimeString(tag, { hour: '2-digit', minute: '2-digit' });
  if (style === 'date') return date.toLocaleDateString(tag, { dateStyle: 'long' });
  return date.toLocaleString(tag, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The status line under a step: a polite live region with what is true about the draft (saved
 * when, kept until when; or that saving failed and the answers are kept here); the buttons that
 * resolve a failure sit outside it, so only the news is announced.
 */
export function renderDraftStatus(
  status: DraftSyncStatus,
  locale: Locale,
  msg: Msg,
  actions: DraftPanelActions,
  offerCode: boolean,
): TemplateResult {
  let text = '';
  if (status.kind === 'saving') text = msg('draft.saving');
  else if (status.kind === 'saved')
    text = msg('draft.savedAt', {
      time: when(status.savedAt, locale, 'time'),
      expires: when(status.expiresAt, locale, 'date'),
    });
  else if (status.kind === 'failed')
    text = status.reason ? msg('draft.saveFailedReason', { reason: status.reason }) : msg('draft.saveFailed');
  else if (status.kind === 'gone') text = msg('draft.gone');
  return html`<div class="draft" part="draft-status">
    <p class="draft__status" role="status" aria-live="polite" data-draft-status=${status.kind}>${text}</p>
    ${
      status.kind === 'failed'
        ? html`<button type="button" class="link" @click=${actions.retry}>${msg('draft.retry')}</button>`
        : nothing
    }
    ${
      status.kind === 'gone'
        ? html`<button type="button" class="link" @click=${actions.saveAsNew}>${msg('draft.saveAsNew')}</button>`
        : nothing
    }
    ${
      offerCode && status.kind !== 'gone' && status.kind !== 'conflict'
        ? html`<button type="button" class="button button--secondary" data-save-for-later @click=${actions.saveForLater}>
          ${msg('draft.saveForLater')}
        </button>`
        : nothing
    }
  </div>`;
}

/** The conflict: which version counts is the citizen's choice; nothing is overwritten before it. */
export function renderDraftConflict(
  status: DraftSyncStatus,
  locale: Locale,
  msg: Msg,
  stepTitle: (stepId: string) => string,
  actions: DraftPanelActions,
): TemplateResult | typeof nothing {
  if (status.kind !== 'conflict') return nothing;
  const theirs = status.theirs;
  return html`<section class="panel panel--error" role="alert" tabindex="-1" data-draft-conflict>
    <h2>${msg('draft.conflictTitle')}</h2>
    <p>${msg('draft.conflictText', { savedAt: when(theirs.savedAt, locale, 'both'), step: stepTitle(theirs.stepId) })}</p>
    <div class="actions">
      <button type="button" class="button" @click=${actions.keepMine}>${msg('draft.keepMine')}</button>
      <button type="button" class="button button--secondary" @click=${actions.takeTheirs}>${msg('draft.takeTheirs')}</button>
    </div>
  </section>`;
}

/** The resume code, its link and QR image (an `<img>`: the server's SVG never becomes page markup). */
export function renderResumeCode(
  code: ResumeCodeAnswer | undefined,
  personal: boolean,
  locale: Locale,
  msg: Msg,
): TemplateResult | typeof nothing {
  if (!code) return nothing;
  return html`<section class="panel" tabindex="-1" data-resume-code aria-labelledby="resume-code-title">
    <h2 id="resume-code-title">${msg('draft.codeTitle')}</h2>
    <p class="resume-code" translate="no"><strong data-code>${code.code}</strong></p>
    <p>${msg('draft.codeIntro', { expires: when(code.expiresAt, locale, 'date') })}</p>
    ${personal ? html`<p>${msg('draft.codeLogin')}</p>` : nothing}
    ${code.url ? html`<p><a href=${code.url} data-resume-link>${msg('draft.codeLink')}</a></p>` : nothing}
    ${
      code.qrSvgDataUrl?.startsWith('data:image/svg+xml;base64,')
        ? html`<img class="resume-qr" src=${code.qrSvgDataUrl} alt=${msg('draft.codeQr')} width="160" height="160" />`
        : nothing
    }
  </section>`;
}
