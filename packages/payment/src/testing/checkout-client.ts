/**
 * Drives the simulator's checkout page the way a browser without JavaScript does: a form
 * POST, then following the redirect only as far as the service's return URL (which the
 * caller may then fetch, or not, to play a citizen who closed the tab).
 */
export type CheckoutAction =
  | { method: 'card'; cardNumber: string; cardHolder?: string; challenge?: 'approve' | 'decline' }
  | { method: 'paypal' }
  | { method: 'sepa'; iban: string; accountHolder?: string; mandate?: boolean }
  | { method: 'transfer' }
  | { method: 'cancel' };

export interface CheckoutResult {
  /** Where the simulator sent the browser: the service's return URL, or a page of its own. */
  location: string | null;
  status: number;
  body: string;
}

async function post(url: string, form: Record<string, string>): Promise<CheckoutResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
  const location = response.headers.get('location');
  return {
    location: location ? new URL(location, url).toString() : null,
    status: response.status,
    body: await response.text(),
  };
}

export async function payAtCheckout(checkoutUrl: string, action: CheckoutAction): Promise<CheckoutResult> {
  switch (action.method) {
    case 'cancel':
      return post(checkoutUrl, { action: 'cancel' });
    case 'paypal':
      return post(checkoutUrl, { method: 'paypal', action: 'pay' });
    case 'transfer': {
      const first = await post(checkoutUrl, { method: 'transfer', action: 'pay' });
      if (!first.location) return first;
      return post(first.location.replace('/transfer?', '/transfer-done?'), { action: 'back' });
    }
    case 'sepa':
      return post(checkoutUrl, {
        method: 'sepa',
        action: 'pay',
        accountHolder: action.accountHolder ?? 'Erika Mustermann',
        iban: action.iban,
        ...(action.mandate === false ? {} : { mandate: 'yes' }),
      });
    case 'card': {
      const first = await post(checkoutUrl, {
        method: 'card',
        action: 'pay',
        cardHolder: action.cardHolder ?? 'Erika Mustermann',
        cardNumber: action.cardNumber,
        cardExpiry: '12/30',
        cardCvc: '123',
      });
      if (first.location?.includes('/challenge') && action.challenge) {
        return post(first.location, { action: action.challenge });
      }
      return first;
    }
  }
}
