import type { Locale } from '@efa-kit/core';
import type { PageContext, PortalPage } from '../capability.js';
import { html } from '../html.js';

/** The demonstration Leistung whose fee this page collects (see exampleFeeSchedules). */
const serviceId = '99102013104000';

const text = {
  de: {
    title: 'Gebühr bezahlen: Hund anmelden',
    nav: 'Gebühr bezahlen',
    intro:
      'Die Gebühr berechnet der Server aus der Gebührenordnung und Ihren Angaben. Sie bezahlen beim Bezahldienst und kehren danach hierher zurück.',
    answers: 'Angaben für die Gebühr',
    dogs: 'Anzahl der Hunde',
    dogsHint: '1 bis 20',
    dangerous: 'Es ist ein gefährlicher Hund dabei.',
    socialPass: 'Ich habe einen Sozialpass.',
    assistanceDog: 'Es ist ein Assistenzhund.',
    calculate: 'Gebühr neu berechnen',
  },
  en: {
    title: 'Pay a fee: register a dog',
    nav: 'Pay a fee',
    intro:
      'The server calculates the fee from the fee schedule and your answers. You pay at the payment service and come back here afterwards.',
    answers: 'Answers for the fee',
    dogs: 'Number of dogs',
    dogsHint: '1 to 20',
    dangerous: 'One of the dogs is a dangerous dog.',
    socialPass: 'I have a social pass.',
    assistanceDog: 'It is an assistance dog.',
    calculate: 'Recalculate the fee',
  },
} satisfies Record<Locale, Record<string, string>>;

function answersFrom(url: URL) {
  const dogs = Number.parseInt(url.searchParams.get('hunde') ?? '1', 10);
  return {
    dogs: Number.isInteger(dogs) && dogs >= 1 && dogs <= 20 ? dogs : 1,
    dangerous: url.searchParams.get('gefaehrlich') === '1',
    socialPass: url.searchParams.get('sozialpass') === '1',
    assistanceDog: url.searchParams.get('assistenzhund') === '1',
  };
}

function checkbox(name: string, label: string, checked: boolean) {
  return html`<div class="checkbox"><input type="checkbox" id="${name}" name="${name}" value="1"${checked ? html` checked` : ''}> <label for="${name}">${label}</label></div>`;
}

export const paymentPage: PortalPage = {
  path: '/gebuehr-bezahlen',
  title: { de: text.de.title, en: text.en.title },
  nav: { de: text.de.nav, en: text.en.nav },
  entry: 'payment',
  render({ locale, url, stateScope }: PageContext) {
    const t = text[locale];
    const answers = answersFrom(url);
    return html`<h1>${t.title}</h1>
<p>${t.intro}</p>
<form method="get" action="/gebuehr-bezahlen" class="fee-answers">
${locale === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
<fieldset>
<legend>${t.answers}</legend>
<p><label for="hunde">${t.dogs}</label> <span class="hint" id="hunde-hint">${t.dogsHint}</span><br>
<input type="number" id="hunde" name="hunde" min="1" max="20" inputmode="numeric" value="${answers.dogs}" aria-describedby="hunde-hint"></p>
${checkbox('gefaehrlich', t.dangerous, answers.dangerous)}
${checkbox('sozialpass', t.socialPass, answers.socialPass)}
${checkbox('assistenzhund', t.assistanceDog, answers.assistanceDog)}
</fieldset>
<p><button type="submit" class="button button--secondary">${t.calculate}</button></p>
</form>
<efa-payment service="${serviceId}" state-scope="${stateScope ?? ''}" endpoint="/trpc" lang="${locale}" answers="${JSON.stringify(answers)}"></efa-payment>`;
  },
};
