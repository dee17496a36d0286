/**
 * `@efa-kit/form-assistant/testing`: complete, valid example applications for the blueprint
 * forms, for end-to-end tests, stories and server tests of an integrating portal. Browser-safe.
 * Dates are relative to the day the function is called, so bounds like "today+1m" hold.
 */
import type { FormData } from '../schema/values.js';

function isoDate(offsetDays: number, from = new Date()): string {
  const date = new Date(Date.UTC(from.getFullYear(), from.getMonth(), from.getDate() + offsetDays));
  return date.toISOString().slice(0, 10);
}

const pdf = (name: string) => [{ name, size: 48_213, mediaType: 'application/pdf' }];

/** A dog registration: one keeper with e-mail, two dogs (one needing a permit), direct debit. */
export function exampleDogRegistration(today = new Date()): FormData {
  return {
    G99777000010: {
      F99777000011: 'Müller',
      F99777000012: 'Erika',
      F99777000013: '1980-05-17',
      G99777000014: {
        F99777000015: 'Hauptstraße',
        F99777000016: '12a',
        F99777000017: '01067',
        F99777000018: 'Dresden',
      },
      F99777000020: 'erika.mueller@example.org',
    },
    G99777000030: [
      {
        F99777000031: 'Bello',
        F99777000032: 'mischling',
        F99777000033: 'm',
        F99777000037: isoDate(-10, today),
      },
      {
        F99777000031: 'Ronja',
        F99777000032: 'staffordshire-bullterrier',
        F99777000033: 'w',
        F99777000036: '276098106543210',
        F99777000037: isoDate(-3, today),
        F99777000038: pdf('erlaubnis.pdf'),
      },
    ],
    G99777000050: { F99777000051: false },
    G99777000060: {
      F99777000061: true,
      G99777000062: { F99777000063: 'Erika Müller', F99777000064: 'DE89 3704 0044 0532 0130 00' },
    },
    G99777000070: { F99777000072: true },
  };
}

/** A housing benefit first application: rent allowance, a couple with one child. */
export function exampleHousingBenefit(today = new Date()): FormData {
  return {
    applicant: {
      name: { givenNames: 'Anna', familyName: 'Schmidt' },
      birthDate: '1988-03-02',
      maritalStatus: 'verheiratet',
      nationality: 'deutsch',
      address: { street: 'Lindenweg', houseNumber: '5', postcode: '04109', town: 'Leipzig' },
      email: 'anna.schmidt@example.org',
    },
    benefit: {
      kind: 'mietzuschuss',
      from: isoDate(0, today),
      receivedBefore: false,
      transferBenefits: false,
    },
    members: [
      {
        name: { givenNames: 'Jonas', familyName: 'Schmidt' },
        birthDate: '1986-11-20',
        relationship: 'ehepartner',
        disabled: false,
        inEducation: false,
      },
      {
        name: { givenNames: 'Mia', familyName: 'Schmidt' },
        birthDate: '2017-06-09',
        relationship: 'kind',
        disabled: false,
        inEducation: true,
      },
    ],
    dwelling: { area: 72.5, rooms: 3, builtYear: 1968, heating: 'zentral', sublet: false },
    rent: {
      tenancySince: '2019-04-01',
      landlord: 'Wohnungsgenossenschaft Lindenau eG',
      landlordAddress: { street: 'Karl-Heine-Straße', houseNumber: '20', postcode: '04229', town: 'Leipzig' },
      totalRent: 89_000,
      heatingCosts: 11_000,
      tenancyAgreement: pdf('mietvertrag.pdf'),
    },
    incomes: [
      {
        person: 'Anna Schmidt',
        hasIncome: true,
        kinds: ['nichtselbstaendig'],
        employer: 'Stadtbibliothek Leipzig',
        grossMonthly: 210_000,
        paysIncomeTax: true,
        paysPension: true,
        paysHealth: true,
        proof: pdf('gehalt.pdf'),
      },
      { person: 'Jonas Schmidt', hasIncome: false },
      { person: 'Mia Schmidt', hasIncome: false },
    ],
    assets: { significant: false },
    account: { holder: 'Anna Schmidt', iban: 'DE02120300000000202051' },
    declarations: { correct: true, reportChanges: true },
  };
}

/** A geothermal drilling notification: two 99 m probes outside protection areas. */
export function exampleGeothermalDrilling(today = new Date()): FormData {
  return {
    operator: {
      name: { givenNames: 'Thomas', familyName: 'Weber' },
      address: { street: 'Am Hang', houseNumber: '3', postcode: '01796', town: 'Pirna' },
      phone: '03501 123456',
      isOwner: true,
    },
    site: {
      address: { street: 'Am Hang', houseNumber: '3', postcode: '01796', town: 'Pirna' },
      gemarkung: 'Copitz',
      flur: '2',
      flurstueck: '415/7',
      east: 427_820,
      north: 5_649_310,
      protectionArea: false,
      contamination: false,
    },
    plant: {
      probes: 2,
      depth: 99,
      heatOutput: 9.5,
      probeType: 'doppel-u',
      heatCarrier: 'ethylenglykol',
      cooling: false,
    },
    driller: {
      company: 'Elbtal Bohrtechnik GmbH',
      address: { street: 'Gewerbering', houseNumber: '8', postcode: '01809', town: 'Heidenau' },
      email: 'auftrag@elbtal-bohrtechnik.example',
      certified: true,
      certificate: pdf('dvgw-w120-2.pdf'),
    },
    schedule: { start: isoDate(45, today), durationDays: 4 },
    documents: { sitePlan: pdf('lageplan.pdf'), correct: true },
  };
}

/** The examples by form id. */
export function exampleApplications(today = new Date()): Record<string, FormData> {
  return {
    'dog-registration': exampleDogRegistration(today),
    'housing-benefit': exampleHousingBenefit(today),
    'geothermal-drilling': exampleGeothermalDrilling(today),
  };
}
