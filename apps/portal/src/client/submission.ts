// The status page of an application: follows its delivery until a final state (see
// submission-page/status-poll.ts) and styles the confirmation.
import { followDeliveryStatus } from './submission-page/status-poll.js';

const section = document.querySelector<HTMLElement>('[data-delivery-status]');
if (section) followDeliveryStatus(section);
