import type { DraftRef } from './submission.js';

/**
 * The `drafts.*` contract as the browser sees it (the router's answers; dates ISO strings).
 * Kept free of zod, like the rest of what `<efa-form>` imports.
 */
export interface DraftView {
  draftId: string;
  formId: string;
  formVersion: string;
  /** Raised by every save; the next save names it as `baseVersion`. */
  version: number;
  savedAt: string;
  /** Deleted then, unless saved again before (each save keeps it the configured time longer). */
  expiresAt: string;
  /** Started logged in: continues only for the same login. */
  personal: boolean;
}

export interface DraftContentView extends DraftView {
  stepId: string;
  data: Record<string, unknown>;
  applicationId?: string;
}

export interface DraftSaveInput extends Partial<DraftRef> {
  formId: string;
  baseVersion: number;
  stepId: string;
  data: Record<string, unknown>;
  applicationId?: string;
}

/** A new draft without login answers with the key the browser keeps (the only copy). */
export type DraftSaveAnswer = DraftView & { key?: string };

export interface ResumeCodeAnswer {
  /** Grouped Crockford base32 with a check symbol, e.g. "7K3M-9QXD-W2HF-0C4B-Y". */
  code: string;
  expiresAt: string;
  /** The address the code opens, when the server knows it, and its QR code as an SVG image. */
  url?: string;
  qrSvgDataUrl?: string;
}

/** The error codes of the drafts API the element reacts to. */
export const draftConflictCode = 'DRAFT_CONFLICT';
export const draftNotFoundCode = 'DRAFT_NOT_FOUND';
