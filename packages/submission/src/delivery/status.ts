import type { SubmitAnswer } from '@efa-kit/core/server';
import type { DeliveryState } from './storage.js';

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
