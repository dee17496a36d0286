/**
 * The simulator's hosted checkout pages: plain HTML forms, no script (so a strict CSP holds
 * and they work without JavaScript), labelled fields, an error summary that links to the
 * fields, and layouts that work at 320 px.
 */
export interface CheckoutPageModel {
  lang: 'de' | 'en';
  transactionId: string;
  /** Anti-forgery field every form posts back; the simulator refuses posts without it. */
  formToken: string;
  amount: string;
  purpose: string;
  description: string;
  items: Array<{ description: string; amount: string }>;
}

export interface CheckoutFormState {
  method: string;
  errors: Record<string, string>;
  values: Record<string, string>;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const texts = {
  de: {
    title: 'Bezahlen',
    simulator: 'Simulator eines Bezahldienstes (XBezahldienste). Es wird kein Geld bewegt.',
    toPay: 'Zu zahlen',
    purpose: 'Verwendungszweck',
    errorSummary: 'Bitte korrigieren Sie:',
    card: 'Kreditkarte',
    cardHolder: 'Name auf der Karte',
    cardNumber: 'Kartennummer',
    cardHint:
      'Testkarten: 4111 1111 1111 1111 (erfolgreich), 4000 0000 0000 0002 (abgelehnt), 4000 0000 0000 3220 (Bestätigung nötig), 4000 0000 0000 0119 (Bank antwortet verspätet).',
    expiry: 'Gültig bis (MM/JJ)',
    cvc: 'Prüfziffer (CVC)',
    payCard: 'Mit Karte bezahlen',
    paypal: 'PayPal',
    paypalText: 'Sie bestätigen die Zahlung in Ihrem PayPal-Konto (simuliert).',
    payPaypal: 'Mit PayPal bezahlen',
    sepa: 'SEPA-Lastschrift',
    accountHolder: 'Kontoinhaberin oder Kontoinhaber',
    iban: 'IBAN',
    ibanHint: 'Zum Beispiel DE02 1203 0000 0000 2020 51',
    mandate: 'Ich ermächtige die Kasse, die Gebühr von meinem Konto mittels Lastschrift einzuziehen.',
    paySepa: 'Per Lastschrift bezahlen',
    transfer: 'Überweisung',
    transferText:
      'Sie erhalten die Bankverbindung und überweisen selbst. Die Zahlung ist erst mit dem Geldeingang abgeschlossen.',
    payTransfer: 'Per Überweisung bezahlen',
    cancel: 'Zahlung abbrechen',
    challengeTitle: 'Zahlung bestätigen (3-D Secure)',
    challengeText: 'Ihre Bank bittet Sie, die Zahlung zu bestätigen.',
    approve: 'Zahlung bestätigen',
    decline: 'Ablehnen',
    transferTitle: 'Bankverbindung für Ihre Überweisung',
    recipient: 'Empfänger',
    reference: 'Verwendungszweck (bitte unverändert angeben)',
    transferDone: 'Zurück zum Portal',
  },
  en: {
    title: 'Pay',
    simulator: 'Simulator of a payment service (XBezahldienste). No money is moved.',
    toPay: 'To pay',
    purpose: 'Payment reference',
    errorSummary: 'Please correct:',
    card: 'Credit card',
    cardHolder: 'Name on the card',
    cardNumber: 'Card number',
    cardHint:
      'Test cards: 4111 1111 1111 1111 (succeeds), 4000 0000 0000 0002 (declined), 4000 0000 0000 3220 (needs confirmation), 4000 0000 0000 0119 (bank answers late).',
    expiry: 'Expiry (MM/YY)',
    cvc: 'Security code (CVC)',
    payCard: 'Pay by card',
    paypal: 'PayPal',
    paypalText: 'You confirm the payment in your PayPal account (simulated).',
    payPaypal: 'Pay with PayPal',
    sepa: 'SEPA direct debit',
    accountHolder: 'Account holder',
    iban: 'IBAN',
    ibanHint: 'For example DE02 1203 0000 0000 2020 51',
    mandate: 'I authorise the cash office to collect the fee from my account by direct debit.',
    paySepa: 'Pay by direct debit',
    transfer: 'Bank transfer',
    transferText:
      'You receive the bank details and transfer the money yourself. The payment completes when the money arrives.',
    payTransfer: 'Pay by bank transfer',
    cancel: 'Cancel the payment',
    challengeTitle: 'Confirm the payment (3-D Secure)',
    challengeText: 'Your bank asks you to confirm the payment.',
    approve: 'Confirm the payment',
    decline: 'Decline',
    transferTitle: 'Bank details for your transfer',
    recipient: 'Recipient',
    reference: 'Reference (please quote exactly)',
    transferDone: 'Back to the portal',
  },
} as const;

/** The switch names the other language in that language, as the portal's does. */
const otherLanguage = {
  de: { lang: 'en', name: 'English', label: 'Switch to English' },
  en: { lang: 'de', name: 'Deutsch', label: 'Auf Deutsch wechseln' },
} as const;

/** `path`: this page's path, for the language switch (a GET of the same page). */
function layout(lang: 'de' | 'en', title: string, body: string, path?: string): string {
  const other = otherLanguage[lang];
  const languageSwitch = path
    ? `<a class="language-switch" href="${escapeHtml(path)}?lang=${other.lang}" hreflang="${other.lang}" lang="${other.lang}" aria-label="${other.label}">${other.name}</a>`
    : '';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Simulator</title>
<link rel="stylesheet" href="/simulator.css">
</head>
<body>
<header class="banner"><p>${escapeHtml(texts[lang].simulator)}</p>${languageSwitch}</header>
<main>
${body}
</main>
</body>
</html>`;
}

function field(
  name: string,
  label: string,
  state: CheckoutFormState | undefined,
  attributes: string,
  hint?: string,
): string {
  const error = state?.errors[name];
  const value = state?.values[name] ?? '';
  const described = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
  return `<div class="field">
<label for="${name}">${escapeHtml(label)}</label>
${hint ? `<p class="hint" id="${name}-hint">${escapeHtml(hint)}</p>` : ''}
${error ? `<p class="error" id="${name}-error">${escapeHtml(error)}</p>` : ''}
<input id="${name}" name="${name}" ${attributes} value="${escapeHtml(value)}"${described ? ` aria-describedby="${described}"` : ''}${error ? ' aria-invalid="true"' : ''}>
</div>`;
}

function tokenField(model: CheckoutPageModel): string {
  return `<input type="hidden" name="token" value="${escapeHtml(model.formToken)}">`;
}

function summary(model: CheckoutPageModel): string {
  const t = texts[model.lang];
  const rows = model.items
    .map(
      (item) =>
        `<tr><th scope="row">${escapeHtml(item.description)}</th><td>${escapeHtml(item.amount)}</td></tr>`,
    )
    .join('');
  return `<h1>${escapeHtml(t.title)}: ${escapeHtml(model.amount)}</h1>
<p>${escapeHtml(model.description)}</p>
<table><caption>${escapeHtml(t.toPay)}</caption><tbody>${rows}</tbody></table>
<p>${escapeHtml(t.purpose)}: <strong>${escapeHtml(model.purpose)}</strong></p>`;
}

export function checkoutPage(model: CheckoutPageModel, state?: CheckoutFormState): string {
  const t = texts[model.lang];
  const path = `/checkout/${model.transactionId}`;
  const action = `${escapeHtml(path)}?lang=${model.lang}`;
  const errors = state ? Object.entries(state.errors) : [];
  const errorSummary = errors.length
    ? `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">${escapeHtml(t.errorSummary)}</h2>
<ul>${errors.map(([name, message]) => `<li><a href="#${name}">${escapeHtml(message)}</a></li>`).join('')}</ul>
</div>`
    : '';
  const only = (method: string) => (state && state.method !== method ? undefined : state);
  return layout(
    model.lang,
    `${t.title}: ${model.amount}`,
    `${errorSummary}
${summary(model)}
<section aria-labelledby="card-title"><h2 id="card-title">${escapeHtml(t.card)}</h2>
<form method="post" action="${action}" novalidate>${tokenField(model)}
<input type="hidden" name="method" value="card">
${field('cardHolder', t.cardHolder, only('card'), 'type="text" autocomplete="cc-name" required')}
${field('cardNumber', t.cardNumber, only('card'), 'type="text" inputmode="numeric" autocomplete="cc-number" required', t.cardHint)}
${field('cardExpiry', t.expiry, only('card'), 'type="text" inputmode="numeric" autocomplete="cc-exp" size="5"')}
${field('cardCvc', t.cvc, only('card'), 'type="text" inputmode="numeric" autocomplete="cc-csc" size="4"')}
<button type="submit" name="action" value="pay">${escapeHtml(t.payCard)}</button>
</form></section>
<section aria-labelledby="paypal-title"><h2 id="paypal-title">${escapeHtml(t.paypal)}</h2>
<form method="post" action="${action}">${tokenField(model)}<input type="hidden" name="method" value="paypal">
<p>${escapeHtml(t.paypalText)}</p>
<button type="submit" name="action" value="pay">${escapeHtml(t.payPaypal)}</button>
</form></section>
<section aria-labelledby="sepa-title"><h2 id="sepa-title">${escapeHtml(t.sepa)}</h2>
<form method="post" action="${action}" novalidate>${tokenField(model)}<input type="hidden" name="method" value="sepa">
${field('accountHolder', t.accountHolder, only('sepa'), 'type="text" autocomplete="name" required')}
${field('iban', t.iban, only('sepa'), 'type="text" autocomplete="off" spellcheck="false" required', t.ibanHint)}
<div class="field checkbox">${state?.errors.mandate && state.method === 'sepa' ? `<p class="error" id="mandate-error">${escapeHtml(state.errors.mandate)}</p>` : ''}
<input type="checkbox" id="mandate" name="mandate" value="yes"${state?.errors.mandate && state.method === 'sepa' ? ' aria-describedby="mandate-error" aria-invalid="true"' : ''}>
<label for="mandate">${escapeHtml(t.mandate)}</label></div>
<button type="submit" name="action" value="pay">${escapeHtml(t.paySepa)}</button>
</form></section>
<section aria-labelledby="transfer-title"><h2 id="transfer-title">${escapeHtml(t.transfer)}</h2>
<form method="post" action="${action}">${tokenField(model)}<input type="hidden" name="method" value="transfer">
<p>${escapeHtml(t.transferText)}</p>
<button type="submit" name="action" value="pay">${escapeHtml(t.payTransfer)}</button>
</form></section>
<form method="post" action="${action}" class="cancel">${tokenField(model)}
<button type="submit" name="action" value="cancel" class="secondary">${escapeHtml(t.cancel)}</button>
</form>`,
    path,
  );
}

export function challengePage(model: CheckoutPageModel): string {
  const t = texts[model.lang];
  const path = `/checkout/${model.transactionId}/challenge`;
  const action = `${escapeHtml(path)}?lang=${model.lang}`;
  return layout(
    model.lang,
    t.challengeTitle,
    `<h1>${escapeHtml(t.challengeTitle)}</h1>
<p>${escapeHtml(t.challengeText)}</p>
<p>${escapeHtml(t.toPay)}: <strong>${escapeHtml(model.amount)}</strong></p>
<form method="post" action="${action}">${tokenField(model)}
<button type="submit" name="action" value="approve">${escapeHtml(t.approve)}</button>
<button type="submit" name="action" value="decline" class="secondary">${escapeHtml(t.decline)}</button>
</form>`,
    path,
  );
}

export function transferPage(model: CheckoutPageModel): string {
  const t = texts[model.lang];
  return layout(
    model.lang,
    t.transferTitle,
    `<h1>${escapeHtml(t.transferTitle)}</h1>
<dl>
<dt>${escapeHtml(t.recipient)}</dt><dd>Stadtkasse Musterstadt</dd>
<dt>IBAN</dt><dd>DE02 1203 0000 0000 2020 51</dd>
<dt>${escapeHtml(t.toPay)}</dt><dd>${escapeHtml(model.amount)}</dd>
<dt>${escapeHtml(t.reference)}</dt><dd><strong>${escapeHtml(model.purpose)}</strong></dd>
</dl>
<form method="post" action="/checkout/${escapeHtml(model.transactionId)}/transfer-done?lang=${model.lang}">${tokenField(model)}
<button type="submit" name="action" value="back">${escapeHtml(t.transferDone)}</button>
</form>`,
    `/checkout/${model.transactionId}/transfer`,
  );
}

export function messagePage(lang: 'de' | 'en', title: string, text: string): string {
  return layout(lang, title, `<h1>${escapeHtml(title)}</h1>${text ? `<p>${escapeHtml(text)}</p>` : ''}`);
}

export const simulatorCss = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1rem;line-height:1.5;color:#1b1b1f;background:#fff}
.banner{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem;background:#fff4e0;color:#5c3900;padding:.5rem 1rem;border-bottom:2px solid #7a4b00}
.banner p{margin:0;flex:1 1 14rem}
.banner a{color:#5c3900;display:inline-block;padding:.5rem;min-height:44px}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.25}
h2{font-size:1.25rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin-bottom:1rem}
caption{text-align:left;font-weight:600}
th,td{text-align:left;padding:.25rem .5rem .25rem 0;border-bottom:1px solid #6b6b76;vertical-align:top}
td{text-align:right;white-space:nowrap}
section{border-top:2px solid #6b6b76}
.field{margin-bottom:1rem}
label{display:block;font-weight:600}
.checkbox{display:flex;gap:.5rem;align-items:flex-start;flex-wrap:wrap}
.checkbox input{width:1.5rem;height:1.5rem;margin:0}
.checkbox label{font-weight:400;flex:1 1 12rem}
.checkbox .error{flex-basis:100%}
.hint{margin:0;color:#4a4a55}
.error{margin:0;color:#b00020;font-weight:600}
input[type=text]{display:block;width:100%;min-height:2.75rem;padding:.5rem;border:2px solid #4a4a55;border-radius:.25rem;font:inherit}
input[aria-invalid=true]{border-color:#b00020;border-width:3px}
button{min-height:2.75rem;min-width:44px;padding:.5rem 1rem;border:2px solid #1f3d7a;border-radius:.25rem;background:#1f3d7a;color:#fff;font:inherit;font-weight:600;cursor:pointer;margin:.25rem .5rem .25rem 0}
button.secondary{background:#fff;color:#1f3d7a}
:focus-visible{outline:3px solid #0b0b0b;outline-offset:2px}
a{color:#1f3d7a}
.error-summary{border:3px solid #b00020;padding:1rem;margin-bottom:1rem}
.error-summary h2{margin-top:0}
.cancel{margin-top:2rem;border-top:2px solid #6b6b76;padding-top:1rem}
dt{font-weight:600}
dd{margin:0 0 .5rem}
`;
