import type { Leistung, Onlinedienst } from '../schema/index.js';

/**
 * The curated service catalogue shipped with the package. No service catalogue with an open
 * licence exists (see README, "Data"), so names, synonyms and descriptions are written by the
 * EfA Kit authors. Leistungsschlüssel are public identifiers; every key here was seen in
 * public sources but has NOT been checked against the FIM catalogue, so each is marked
 * `unverified` with where it was seen. Services whose key we could not find carry no key
 * (`keyStatus: 'none'`) rather than a guessed one; an operator's XZuFi or CSV import adds it.
 */
type Entry = Omit<Leistung, 'source' | 'synonyms' | 'delegable' | 'searchWeight'> & {
  synonyms: string[];
  delegable?: boolean;
  searchWeight?: number;
};

const seenInPvogHundesteuer =
  'Hundesteuer tables in two independent public sources, one tied to PVOG content';

const entries: Entry[] = [
  {
    id: '99102013104000',
    searchWeight: 1.5,
    key: '99102013104000',
    keyStatus: 'unverified',
    keySource: seenInPvogHundesteuer,
    name: { de: 'Hundesteuer – Anmeldung', en: 'Dog tax – registration' },
    description: {
      de: 'Wer einen Hund hält, meldet ihn bei der Gemeinde zur Hundesteuer an und erhält eine Steuermarke.',
      en: 'Anyone who keeps a dog registers it with the municipality for dog tax and receives a tax tag.',
    },
    synonyms: ['Hund anmelden', 'Hundeanmeldung', 'Steuermarke', 'Hundemarke', 'Welpe', 'dog registration'],
    level: 'gemeinde',
  },
  {
    id: '99102013070000',
    key: '99102013070000',
    keyStatus: 'unverified',
    keySource: seenInPvogHundesteuer,
    name: { de: 'Hundesteuer – Abmeldung', en: 'Dog tax – deregistration' },
    description: {
      de: 'Wenn ein Hund abgegeben wird, verstirbt oder Sie wegziehen, melden Sie ihn von der Hundesteuer ab.',
      en: 'When a dog is given away, dies or you move away, you deregister it from dog tax.',
    },
    synonyms: ['Hund abmelden', 'Hundeabmeldung', 'Hund verstorben'],
    level: 'gemeinde',
  },
  {
    id: '99102013010000',
    key: '99102013010000',
    keyStatus: 'unverified',
    keySource: seenInPvogHundesteuer,
    name: { de: 'Hundesteuer – Befreiung', en: 'Dog tax – exemption' },
    description: {
      de: 'Für bestimmte Hunde, etwa Assistenz- oder Rettungshunde, kann die Hundesteuer erlassen werden.',
      en: 'Dog tax can be waived for certain dogs, such as assistance or rescue dogs.',
    },
    synonyms: ['Blindenhund', 'Assistenzhund', 'Rettungshund', 'Steuerbefreiung Hund'],
    level: 'gemeinde',
  },
  {
    id: '99102013011000',
    key: '99102013011000',
    keyStatus: 'unverified',
    keySource: seenInPvogHundesteuer,
    name: { de: 'Hundesteuer – Änderung', en: 'Dog tax – change of details' },
    description: {
      de: 'Änderungen wie eine neue Anschrift oder ein neuer Halter werden der Gemeinde mitgeteilt.',
      en: 'Changes such as a new address or a new keeper are reported to the municipality.',
    },
    synonyms: ['Hundehalter ändern', 'Steuermarke verloren'],
    level: 'gemeinde',
  },
  {
    id: '99102013149000',
    key: '99102013149000',
    keyStatus: 'unverified',
    keySource: seenInPvogHundesteuer,
    name: { de: 'Hundesteuer – Ermäßigung', en: 'Dog tax – reduction' },
    description: {
      de: 'Unter bestimmten Voraussetzungen, etwa für geprüfte Hunde, ermäßigt die Gemeinde die Hundesteuer.',
      en: 'Under certain conditions, for example for tested dogs, the municipality reduces the dog tax.',
    },
    synonyms: ['Steuerermäßigung Hund', 'Wachhund'],
    level: 'gemeinde',
  },
  {
    id: '99050012104000',
    searchWeight: 1.3,
    key: '99050012104000',
    keyStatus: 'unverified',
    keySource: 'a public test that checks the XZuFi service name; linked on verwaltung.bund.de',
    name: { de: 'Gewerbe anmelden', en: 'Register a trade or business' },
    description: {
      de: 'Wer ein Gewerbe beginnt, zeigt es bei der Gewerbebehörde des Betriebsorts an.',
      en: 'Anyone starting a trade or business notifies the trade office where the business is located.',
    },
    synonyms: [
      'Gewerbeanmeldung',
      'Gewerbeschein',
      'Selbstständigkeit',
      'Firma gründen',
      'Kleingewerbe',
      'business registration',
    ],
    level: 'gemeinde',
    delegable: true,
  },
  {
    id: 'efa:gewerbe-ummelden',
    key: null,
    keyStatus: 'none',
    name: { de: 'Gewerbe ummelden', en: 'Change a trade registration' },
    description: {
      de: 'Ändert sich Tätigkeit, Anschrift oder Inhaber eines Gewerbes, wird die Gewerbeanzeige geändert.',
      en: 'When the activity, address or owner of a business changes, the trade registration is amended.',
    },
    synonyms: ['Gewerbeummeldung', 'Gewerbe ändern'],
    level: 'gemeinde',
    delegable: true,
  },
  {
    id: 'efa:gewerbe-abmelden',
    key: null,
    keyStatus: 'none',
    name: { de: 'Gewerbe abmelden', en: 'Deregister a trade or business' },
    description: {
      de: 'Wer ein Gewerbe aufgibt, meldet es bei der Gewerbebehörde ab.',
      en: 'Anyone who gives up a business deregisters it with the trade office.',
    },
    synonyms: ['Gewerbeabmeldung', 'Betrieb aufgeben'],
    level: 'gemeinde',
    delegable: true,
  },
  {
    id: 'efa:wohnsitz-anmelden',
    searchWeight: 1.5,
    key: null,
    keyStatus: 'none',
    name: { de: 'Wohnsitz anmelden', en: 'Register your residence' },
    description: {
      de: 'Nach einem Umzug melden Sie sich innerhalb von zwei Wochen bei der Meldebehörde an.',
      en: 'After moving, you register with the registration office within two weeks.',
    },
    synonyms: [
      'Ummeldung',
      'Umzug',
      'Anmeldung Wohnung',
      'Meldebehörde',
      'Einwohnermeldeamt',
      'Bürgeramt',
      'moving house',
    ],
    level: 'gemeinde',
    delegable: true,
  },
  {
    id: 'efa:wohnsitz-abmelden',
    key: null,
    keyStatus: 'none',
    name: { de: 'Wohnsitz abmelden', en: 'Deregister your residence' },
    description: {
      de: 'Wer ins Ausland zieht oder eine Nebenwohnung aufgibt, meldet sich ab.',
      en: 'Anyone moving abroad or giving up a second home deregisters.',
    },
    synonyms: ['Abmeldung', 'Wegzug ins Ausland', 'Nebenwohnung aufgeben'],
    level: 'gemeinde',
    delegable: true,
  },
  {
    id: 'efa:meldebescheinigung',
    key: null,
    keyStatus: 'none',
    name: { de: 'Meldebescheinigung beantragen', en: 'Apply for a certificate of registration' },
    description: {
      de: 'Die Meldebehörde bescheinigt, unter welcher Anschrift Sie gemeldet sind.',
      en: 'The registration office certifies the address at which you are registered.',
    },
    synonyms: ['Wohnsitzbescheinigung', 'Meldebestätigung'],
    level: 'gemeinde',
    delegable: true,
  },
  {
    id: '99008001012000',
    searchWeight: 1.3,
    key: '99008001012000',
    keyStatus: 'unverified',
    keySource: 'one public source',
    name: { de: 'Personalausweis beantragen', en: 'Apply for an identity card' },
    description: {
      de: 'Den Personalausweis beantragen Sie persönlich bei der Personalausweisbehörde Ihres Wohnorts.',
      en: 'You apply for an identity card in person at the identity card office where you live.',
    },
    synonyms: ['Ausweis', 'Perso', 'neuer Ausweis', 'ID card'],
    level: 'gemeinde',
    delegable: true,
  },
  {
    id: 'efa:reisepass',
    key: null,
    keyStatus: 'none',
    name: { de: 'Reisepass beantragen', en: 'Apply for a passport' },
    description: {
      de: 'Den Reisepass beantragen Sie persönlich bei der Passbehörde Ihres Wohnorts.',
      en: 'You apply for a passport in person at the passport office where you live.',
    },
    synonyms: ['Pass', 'Kinderreisepass', 'passport'],
    level: 'gemeinde',
    delegable: true,
  },
  {
    id: '99027002012000',
    key: '99027002012000',
    keyStatus: 'unverified',
    keySource: 'one public source',
    name: { de: 'Geburtsurkunde beantragen', en: 'Apply for a birth certificate' },
    description: {
      de: 'Eine Geburtsurkunde stellt das Standesamt aus, bei dem die Geburt beurkundet wurde.',
      en: 'A birth certificate is issued by the registry office where the birth was recorded.',
    },
    synonyms: ['Standesamt', 'Urkunde', 'birth certificate'],
    level: 'gemeinde',
    delegable: true,
  },
  {
    id: '99049001001000',
    key: '99049001001000',
    keyStatus: 'unverified',
    keySource: 'one public source',
    name: { de: 'Führungszeugnis beantragen', en: 'Apply for a certificate of good conduct' },
    description: {
      de: 'Das Führungszeugnis stellt das Bundesamt für Justiz aus; beantragt wird es bei der Meldebehörde oder online.',
      en: 'The certificate is issued by the Federal Office of Justice; you apply at the registration office or online.',
    },
    synonyms: ['polizeiliches Führungszeugnis', 'erweitertes Führungszeugnis', 'criminal record certificate'],
    level: 'gemeinde',
    delegable: true,
  },
  {
    id: '99107023037000',
    key: '99107023037000',
    keyStatus: 'unverified',
    keySource: 'one public source',
    name: { de: 'Wohngeld – Mietzuschuss beantragen', en: 'Apply for housing benefit (rent subsidy)' },
    description: {
      de: 'Wohngeld ist ein Zuschuss zur Miete für Haushalte mit geringem Einkommen.',
      en: 'Housing benefit is a rent subsidy for households with low income.',
    },
    synonyms: ['Mietzuschuss', 'Wohngeldantrag', 'housing benefit'],
    level: 'kreis',
  },
  {
    id: '99107022012000',
    key: '99107022012000',
    keyStatus: 'unverified',
    keySource: 'one public source',
    name: { de: 'Wohnberechtigungsschein beantragen', en: 'Apply for a housing entitlement certificate' },
    description: {
      de: 'Der Wohnberechtigungsschein berechtigt zum Bezug einer geförderten Wohnung.',
      en: 'The certificate entitles you to rent a subsidised flat.',
    },
    synonyms: ['WBS', 'Sozialwohnung'],
    level: 'kreis',
  },
  {
    id: 'efa:fahrzeug-zulassen',
    searchWeight: 1.3,
    key: null,
    keyStatus: 'none',
    name: { de: 'Fahrzeug zulassen', en: 'Register a vehicle' },
    description: {
      de: 'Ein Kraftfahrzeug lassen Sie bei der Zulassungsbehörde Ihres Wohnorts zu.',
      en: 'You register a motor vehicle with the registration authority where you live.',
    },
    synonyms: [
      'Auto anmelden',
      'KFZ-Zulassung',
      'Kennzeichen',
      'Zulassungsstelle',
      'Autozulassung',
      'car registration',
    ],
    level: 'kreis',
  },
  {
    id: 'efa:fahrzeug-ausser-betrieb',
    key: null,
    keyStatus: 'none',
    name: { de: 'Fahrzeug außer Betrieb setzen', en: 'Take a vehicle off the road' },
    description: {
      de: 'Ein Fahrzeug, das nicht mehr gefahren wird, setzen Sie bei der Zulassungsbehörde außer Betrieb.',
      en: 'A vehicle that is no longer driven is taken off the road at the registration authority.',
    },
    synonyms: ['Auto abmelden', 'KFZ abmelden', 'Stilllegung'],
    level: 'kreis',
  },
  {
    id: 'efa:fuehrerschein',
    key: null,
    keyStatus: 'none',
    name: { de: 'Führerschein beantragen', en: 'Apply for a driving licence' },
    description: {
      de: 'Fahrerlaubnis und Führerschein beantragen Sie bei der Fahrerlaubnisbehörde, auch für den Umtausch.',
      en: 'You apply for a driving licence, including an exchange, at the driving licence authority.',
    },
    synonyms: ['Fahrerlaubnis', 'Führerscheinumtausch', 'Führerscheinstelle', "driver's licence"],
    level: 'kreis',
  },
  {
    id: 'efa:elterngeld',
    key: null,
    keyStatus: 'none',
    name: { de: 'Elterngeld beantragen', en: 'Apply for parental allowance' },
    description: {
      de: 'Elterngeld ersetzt einen Teil des Einkommens, wenn Eltern nach der Geburt ihr Kind betreuen.',
      en: 'Parental allowance replaces part of the income when parents care for their child after birth.',
    },
    synonyms: ['Elterngeldstelle', 'ElterngeldPlus', 'parental allowance'],
    level: 'kreis',
  },
  {
    id: 'efa:einbuergerung',
    key: null,
    keyStatus: 'none',
    name: { de: 'Einbürgerung beantragen', en: 'Apply for naturalisation' },
    description: {
      de: 'Wer die deutsche Staatsangehörigkeit erwerben möchte, stellt einen Antrag bei der Einbürgerungsbehörde.',
      en: 'Anyone who wants to acquire German citizenship applies to the naturalisation authority.',
    },
    synonyms: ['Staatsangehörigkeit', 'deutscher Pass', 'citizenship'],
    level: 'kreis',
  },
  {
    id: '99108001001000',
    key: '99108001001000',
    keyStatus: 'unverified',
    keySource: 'one public source',
    name: { de: 'Bewohnerparkausweis beantragen', en: "Apply for a resident's parking permit" },
    description: {
      de: 'Anwohner in Bewohnerparkgebieten erhalten einen Parkausweis von der Straßenverkehrsbehörde.',
      en: 'Residents of resident parking zones receive a permit from the road traffic authority.',
    },
    synonyms: ['Anwohnerparken', 'Parkausweis', 'Parkvignette'],
    level: 'kreis',
  },
  {
    id: 'efa:soziale-entschaedigung',
    key: null,
    keyStatus: 'none',
    name: { de: 'Soziale Entschädigung für Gewaltopfer beantragen', en: "Apply for victims' compensation" },
    description: {
      de: 'Opfer von Gewalttaten und ihre Angehörigen erhalten Leistungen der Sozialen Entschädigung (SGB XIV).',
      en: 'Victims of violent crime and their relatives receive social compensation benefits (SGB XIV).',
    },
    synonyms: ['Opferentschädigung', 'OEG', 'Gewaltopfer', 'victims compensation'],
    level: 'land',
  },
];

export const catalogue: Leistung[] = entries.map((entry) => ({
  ...entry,
  synonyms: entry.synonyms,
  delegable: entry.delegable ?? false,
  searchWeight: entry.searchWeight ?? 1,
  source: 'catalogue',
}));

/**
 * Online services we can name truthfully: the federal online application for the certificate
 * of good conduct, and the portal's own demo applications for dog tax and housing benefit
 * (paths, so they work on whatever host runs the portal; marked demo).
 */
export const onlineServices: Onlinedienst[] = [
  {
    id: 'bfj.OD.fuehrungszeugnis',
    name: 'Online-Antrag Führungszeugnis (Bundesamt für Justiz)',
    url: 'https://www.fuehrungszeugnis.bund.de/',
    trustLevel: 'high',
    languages: ['de', 'en'],
    demo: false,
    source: 'catalogue',
  },
  {
    id: 'efa-demo.OD.hundesteuer',
    name: 'Hundesteuer online anmelden (Demo-Portal)',
    url: '/antrag/hund-anmelden',
    trustLevel: 'substantial',
    languages: ['de', 'en'],
    demo: true,
    source: 'catalogue',
  },
  {
    id: 'efa-demo.OD.wohngeld',
    name: 'Wohngeld online beantragen (Demo-Portal)',
    url: '/antrag/wohngeld',
    trustLevel: 'substantial',
    languages: ['de', 'en'],
    demo: true,
    source: 'catalogue',
  },
];
