/**
 * Drives the simulator's checkout page the way a browser without JavaScript does: it opens
 * the page, posts one of its forms (with the page's anti-forgery field), then following the redirect only as far as the service's return URL (which the
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

/**
 * Opens the checkout page as a browser does and reads the forms' anti-forgery field; a page
 * that redirects (the payment is already over) is the result itself.
 */
async function open(url: string): Promise<{ token: string } | CheckoutResult> {
  const response = await fetch(url, { redirect: 'manual' });
  const body = await response.text();
  const location = response.headers.get('location');
  const token = /name="token" value="([^"]+)"/.exec(body)?.[1];
  if (response.status !== 200 || !token) {
    return { location: location ? new URL(location, url).toString() : null, status: response.status, body };
  }
  return { token };
}

export async function payAtCheckout(checkoutUrl: string, action: CheckoutAction): Promise<CheckoutResult> {
  const page = await open(checkoutUrl);
  if (!('token' in page)) return page;
  const { token } = page;
  switch (action.method) {
    case 'cancel':
      return post(checkoutUrl, { token, action: 'cancel' });
    case 'paypal':
      return post(checkoutUrl, { token, method: 'paypal', action: 'pay' });
    case 'transfer': {
      const first = await post(checkoutUrl, { token, method: 'transfer', action: 'pay' });
      if (!first.location) return first;
      return post(first.location.replace('/transfer?', '/transfer-done?'), { token, action: 'back' });
    }
    case 'sepa':
      return post(checkoutUrl, {
        token,
        method: 'sepa',
        action: 'pay',
        accountHolder: action.accountHolder ?? 'Erika Mustermann',
        iban: action.iban,
        ...(action.mandate === false ? {} : { mandate: 'yes' }),
      });
    case 'card': {
      const first = await post(checkoutUrl, {
        token,
        method: 'card',
        action: 'pay',
        cardHolder: action.cardHolder ?? 'Erika Mustermann',
        cardNumber: action.cardNumber,
        cardExpiry: '12/30',
        cardCvc: '123',
      });
      if (first.location?.includes('/challenge') && action.challenge) {
        return post(first.location, { token, action: action.challenge });
      }
      return first;
    }
  }
}
