import type { SubmitAnswer } from '@efa-kit/core/server';
import type { DeliveryRow, DeliveryState } from './storage.js';

/**
 * What the citizen may be told. "übermittelt" (submitted) only once the delivery service has
 * taken the submission; every state before that is "wird übermittelt" (pending).
 */
export function citizenDelivery(state: DeliveryState): SubmitAnswer['delivery'] {
  switch (state) {
    case 'created':
    case 'announced':
    case 'uploaded':
      return 'pending';
    case 'submitted':
      return 'submitted';
    case 'accepted':
      return 'accepted';
    case 'rejected':
      return 'rejected';
    case 'failed':
      return 'failed';
  }
}

/** States in which the pipeline still has work to do. */
export const unfinishedStates: readonly DeliveryState[] = ['created', 'announced', 'uploaded'];

export interface DeliveryStatus {
  applicationId: string;
  reference: string;
  delivery: SubmitAnswer['delivery'];
  state: DeliveryState;
  submittedAt: string;
  deliveredAt: string | null;
  decidedAt: string | null;
  leikaKey: string;
  formId: string;
  /** For failures only: what went wrong, for the citizen's "what to do" and for operators. */
  lastError: string | null;
}

const toIso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

export function statusOf(row: DeliveryRow): DeliveryStatus {
  return {
    applicationId: row.application_id,
    reference: row.reference,
    delivery: citizenDelivery(row.state),
    state: row.state,
    submittedAt: new Date(row.submitted_at).toISOString(),
    deliveredAt: toIso(row.delivered_at),
    decidedAt: toIso(row.decided_at),
    leikaKey: row.leika_key,
    formId: row.form_id,
    lastError: row.state === 'failed' || row.state === 'rejected' ? row.last_error : null,
  };
}
