import { createEndpointClient, EndpointError } from '@efa-kit/core/client';

/** The citizen's view of a delivery, as `submission.status` answers it. */
interface DeliveryStatus {
  applicationId: string;
  delivery: 'pending' | 'submitted' | 'accepted' | 'rejected' | 'failed';
  state: string;
}

/** First pause, growth and longest pause between two questions (ms): soon at first, then calmer. */
const firstPauseMs = 1_000;
const growth = 1.5;
const longestPauseMs = 15_000;
/** After this long the page stops asking; "Stand aktualisieren" reloads it. */
const giveUpAfterMs = 30 * 60 * 1_000;

/**
 * Asks the server how the application's delivery stands and says it in the page's live
 * region (role=status, polite) whenever it changes: "wird übermittelt" with the step it is at,
 * then "übermittelt" once the delivery service took it, or what went wrong. Stops at a final
 * state, when the application is not found for this person, or after half an hour. The texts
 * come from the page (data attributes, in its language).
 */
export function followDeliveryStatus(section: HTMLElement): void {
  const live = section.querySelector<HTMLElement>('[role="status"]');
  const applicationId = section.dataset.applicationId ?? '';
  if (!live || !applicationId || section.dataset.delivery !== 'pending') return;
  const locale = document.documentElement.lang.startsWith('en') ? 'en' : 'de';
  const client = createEndpointClient({ endpoint: '/trpc', locale });
  const started = Date.now();
  let pause = firstPauseMs;
  let shown = '';

  const show = (status: DeliveryStatus) => {
    const text = section.dataset[`text${status.delivery[0]?.toUpperCase()}${status.delivery.slice(1)}`] ?? '';
    const stateKey = `state${status.state[0]?.toUpperCase()}${status.state.slice(1)}`;
    const step = status.delivery === 'pending' ? (section.dataset[stateKey] ?? '') : '';
    const key = `${status.delivery}:${step}`;
    if (!text || key === shown) return;
    shown = key;
    section.dataset.delivery = status.delivery;
    live.className = `delivery-status delivery-status--${status.delivery}`;
    // One text node change per update: the region is announced once, with the whole sentence.
    live.textContent = step ? `${text} ${step}` : text;
  };

  const ask = async () => {
    try {
      const status = await client.query<DeliveryStatus>('submission.status', { applicationId });
      show(status);
      if (status.delivery !== 'pending') return;
    } catch (error) {
      // Not (or no longer) this person's application, e.g. after logout: nothing more to ask.
      if (error instanceof EndpointError && (error.status === 401 || error.status === 404)) return;
      // The network or the server hiccuped: ask again later.
    }
    if (Date.now() - started > giveUpAfterMs) return;
    setTimeout(() => void ask(), pause);
    pause = Math.min(pause * growth, longestPauseMs);
  };
  // The server rendered the state it had; the first question follows shortly.
  setTimeout(() => void ask(), firstPauseMs);
}
