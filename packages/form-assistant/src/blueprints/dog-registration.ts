import { parseGenericode } from '../fim/genericode.js';
import { importXDatenfelder } from '../fim/import.js';
import type { ImportWarning } from '../fim/warnings.js';
import { addEnglish, arrangeSteps, patchItem } from '../schema/authoring.js';
import type { FormDefinition } from '../schema/definition.js';

/** Data paths of the imported schema S99777000001 (groups G…, fields F…). */
const keeper = 'G99777000010';
const dogs = 'G99777000030';
const reduction = 'G99777000050';
const payment = 'G99777000060';
const declaration = 'G99777000070';
const breedList = 'urn:de:efa-kit:codeliste:hunderasse';

/**
 * The dog registration for dog tax, built as another state would: import the XDatenfelder 3.0
 * schema (fixtures/blueprints/hundesteuer-anmeldung.xdf3.xml) with its breed code list, then add
 * what FIM does not say: steps, help, date bounds, a contact condition, English texts.
 */
export function dogRegistrationFromXdf(
  xdfXml: string,
  breedCodeListXml: string,
): { definition: FormDefinition; warnings: ImportWarning[] } {
  const imported = importXDatenfelder(xdfXml, {
    formId: 'dog-registration',
    codeLists: [parseGenericode(breedCodeListXml)],
  });
  let definition: FormDefinition = {
    ...imported.definition,
    // Dog tax is the municipality's where the dog is kept: the keeper's address (a FIM group).
    placeFrom: {
      postcode: `${keeper}.G99777000014.F99777000017`,
      municipality: `${keeper}.G99777000014.F99777000018`,
    },
    title: { de: 'Hund zur Hundesteuer anmelden', en: 'Register a dog for dog tax' },
    description: {
      de: 'Melden Sie jeden Hund, den Sie in der Gemeinde halten, innerhalb von zwei Wochen nach Beginn der Haltung an. Das dauert etwa 10 Minuten.',
      en: 'Register every dog you keep in the municipality within two weeks of taking it in. This takes about 10 minutes.',
    },
  };
  definition = arrangeSteps(definition, [
    { id: 'halter', title: { de: 'Halterin oder Halter', en: 'Dog keeper' }, groups: [keeper] },
    { id: 'hunde', title: { de: 'Ihre Hunde', en: 'Your dogs' }, groups: [dogs] },
    { id: 'ermaessigung', title: { de: 'Steuerermäßigung', en: 'Tax reduction' }, groups: [reduction] },
    { id: 'zahlung', title: { de: 'Zahlung', en: 'Payment' }, groups: [payment] },
    { id: 'erklaerung', title: { de: 'Erklärung', en: 'Declaration' }, groups: [declaration] },
  ]);
  definition = patchItem(definition, dogs, {
    repeat: {
      min: 1,
      max: 10,
      itemLabel: { de: 'Hund {n}', en: 'Dog {n}' },
      addLabel: { de: 'Weiteren Hund hinzufügen', en: 'Add another dog' },
      removeLabel: { de: 'Diesen Hund entfernen', en: 'Remove this dog' },
    },
  });
  // Dates: nobody registers a dog born or kept from the future; registration may precede the
  // move-in by a month. Keepers are adults (tax liability needs legal capacity).
  definition = patchItem(definition, `${keeper}.F99777000013`, { max: 'today-18y', min: 'today-120y' });
  definition = patchItem(definition, `${dogs}.F99777000034`, { max: 'today', min: 'today-30y' });
  definition = patchItem(definition, `${dogs}.F99777000037`, { max: 'today+1m', min: 'today-30y' });
  // The authority needs one way to reach the keeper: the phone number becomes required
  // when no e-mail address is given.
  definition = patchItem(definition, `${keeper}.F99777000019`, {
    requiredWhen: { '!': { var: `${keeper}.F99777000020` } },
    hint: {
      de: 'Für Rückfragen tagsüber. Pflicht, wenn Sie keine E-Mail-Adresse angeben.',
      en: 'For questions during the day. Required if you give no email address.',
    },
  });
  definition = patchItem(definition, `${keeper}.G99777000014.F99777000017`, { inputMode: 'numeric' });
  definition = patchItem(definition, `${dogs}.F99777000036`, { inputMode: 'numeric' });
  definition = patchItem(definition, `${reduction}.F99777000051`, {
    hint: {
      de: 'Zum Beispiel für Blindenführhunde, Assistenzhunde oder Hunde aus dem Tierheim.',
      en: 'For example for guide dogs, assistance dogs or dogs from an animal shelter.',
    },
  });
  definition = patchItem(definition, `${payment}.F99777000061`, {
    hint: {
      de: 'Die Gemeinde bucht die Steuer zu den Fälligkeitstagen ab. Die Mandatsreferenz steht im Steuerbescheid.',
      en: 'The municipality debits the tax on the due dates. The mandate reference is given in the tax notice.',
    },
  });
  definition = patchItem(definition, `${declaration}.F99777000072`, { requireYes: true });
  definition = addEnglish(
    definition,
    {
      [keeper]: {
        title: 'Dog keeper',
        hint: 'The person who keeps the dog in their household pays the tax.',
      },
      [`${keeper}.F99777000011`]: { label: 'Family name' },
      [`${keeper}.F99777000012`]: { label: 'Given names' },
      [`${keeper}.F99777000013`]: { label: 'Date of birth' },
      [`${keeper}.G99777000014`]: { title: 'Address', hint: 'The address where the dog is kept.' },
      [`${keeper}.G99777000014.F99777000015`]: { label: 'Street' },
      [`${keeper}.G99777000014.F99777000016`]: { label: 'House number' },
      [`${keeper}.G99777000014.F99777000017`]: { label: 'Postcode' },
      [`${keeper}.G99777000014.F99777000018`]: { label: 'Town' },
      [`${keeper}.F99777000019`]: { label: 'Phone number' },
      [`${keeper}.F99777000020`]: { label: 'Email address' },
      [dogs]: { title: 'Dog', hint: 'Give the details separately for each dog.' },
      [`${dogs}.F99777000031`]: { label: 'Name of the dog' },
      [`${dogs}.F99777000032`]: {
        label: 'Breed or cross',
        hint: 'For crosses choose “Mixed breed”, unless a parent belongs to one of the breeds under § 2 HundVerbrEinfG.',
      },
      [`${dogs}.F99777000033`]: { label: 'Sex', options: { m: 'Male', w: 'Female' } },
      [`${dogs}.F99777000034`]: { label: 'Date of birth (litter date)' },
      [`${dogs}.F99777000035`]: { label: 'Coat colour' },
      [`${dogs}.F99777000036`]: {
        label: 'Transponder number (chip)',
        hint: 'The 15-digit number is in the EU pet passport.',
      },
      [`${dogs}.F99777000037`]: { label: 'Kept since' },
      [`${dogs}.F99777000038`]: { label: 'Permit to keep a dangerous dog' },
      [reduction]: { title: 'Tax reduction' },
      [`${reduction}.F99777000051`]: { label: 'Are you applying for a tax reduction or exemption?' },
      [`${reduction}.G99777000055`]: { title: 'Details of the reduction' },
      [`${reduction}.G99777000055.F99777000052`]: {
        label: 'Reason',
        options: {
          blindenfuehrhund: 'Guide dog for a blind person',
          assistenzhund: 'Assistance dog for a person with a disability',
          rettungshund: 'Certified rescue dog',
          tierheimhund: 'Dog from an animal shelter',
          herdenschutzhund: 'Livestock guardian dog',
        },
      },
      [`${reduction}.G99777000055.F99777000053`]: {
        label: 'Proof',
        hint: 'For example the severe disability card with the mark “Bl” or the test certificate.',
      },
      [payment]: { title: 'Payment' },
      [`${payment}.F99777000061`]: {
        label: 'Should the dog tax be debited from your account (SEPA direct debit)?',
      },
      [`${payment}.G99777000062`]: { title: 'Account for the direct debit' },
      [`${payment}.G99777000062.F99777000063`]: { label: 'Account holder' },
      [`${payment}.G99777000062.F99777000064`]: { label: 'IBAN' },
      [declaration]: { title: 'Declaration' },
      [`${declaration}.F99777000071`]: {
        text: 'Your details are processed to assess and collect the dog tax (Art. 6(1)(e) GDPR with the Municipal Charges Act).',
      },
      [`${declaration}.F99777000072`]: { label: 'I declare that my details are correct and complete.' },
    },
    {
      [breedList]: {
        mischling: 'Mixed breed',
        beagle: 'Beagle',
        'border-collie': 'Border Collie',
        chihuahua: 'Chihuahua',
        dackel: 'Dachshund',
        'deutscher-schaeferhund': 'German Shepherd',
        'franzoesische-bulldogge': 'French Bulldog',
        'golden-retriever': 'Golden Retriever',
        'jack-russell-terrier': 'Jack Russell Terrier',
        'labrador-retriever': 'Labrador Retriever',
        pudel: 'Poodle',
        'yorkshire-terrier': 'Yorkshire Terrier',
        'pitbull-terrier': 'Pit Bull Terrier',
        'american-staffordshire-terrier': 'American Staffordshire Terrier',
        'staffordshire-bullterrier': 'Staffordshire Bull Terrier',
        bullterrier: 'Bull Terrier',
        andere: 'Other breed',
      },
    },
  );
  return { definition, warnings: imported.warnings };
}
