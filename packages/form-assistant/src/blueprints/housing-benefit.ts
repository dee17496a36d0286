import type { Condition } from '../conditions/expression.js';
import type { FormDefinition, LocalizedText, Option } from '../schema/definition.js';

const l = (de: string, en: string): LocalizedText => ({ de, en });
const option = (value: string, de: string, en: string): Option => ({ value, label: l(de, en) });
const is = (path: string, value: string | boolean): Condition => ({ '==': [{ var: path }, value] });

const rentAllowance = is('benefit.kind', 'mietzuschuss');
const burdenAllowance = is('benefit.kind', 'lastenzuschuss');

const maritalStatus: Option[] = [
  option('ledig', 'ledig', 'single'),
  option('verheiratet', 'verheiratet', 'married'),
  option('lebenspartnerschaft', 'eingetragene Lebenspartnerschaft', 'registered civil partnership'),
  option('getrennt', 'dauernd getrennt lebend', 'permanently separated'),
  option('geschieden', 'geschieden', 'divorced'),
  option('verwitwet', 'verwitwet', 'widowed'),
];

const incomeKinds: Option[] = [
  option('nichtselbstaendig', 'Lohn oder Gehalt', 'Wages or salary'),
  option('selbstaendig', 'selbständige Tätigkeit oder Gewerbe', 'Self-employment or business'),
  option('rente', 'Rente oder Pension', 'Pension'),
  option('alg1', 'Arbeitslosengeld', 'Unemployment benefit'),
  option('krankengeld', 'Krankengeld', 'Sickness benefit'),
  option('elterngeld', 'Elterngeld', 'Parental allowance'),
  option('unterhalt', 'Unterhalt oder Unterhaltsvorschuss', 'Maintenance or maintenance advance'),
  option('bafoeg', 'BAföG oder Berufsausbildungsbeihilfe', 'Student or training grant'),
  option('kapital', 'Kapitalerträge oder Vermietung', 'Investment or rental income'),
  option('sonstige', 'sonstige Einnahmen', 'Other income'),
];

/**
 * Housing benefit (Wohngeld), first application, as rent or burden allowance. Modelled on the
 * federal sample form "Antrag auf Mietzuschuss / Lastenzuschuss" (WoGG §§ 1–24, WoGV) that
 * the states' online services follow: applicant, household members, dwelling, rent or
 * burden, income per member, assets, transfer benefits, account, declarations.
 */
export const housingBenefit: FormDefinition = {
  format: 'efa-form/1',
  id: 'housing-benefit',
  version: '1.0.0',
  title: l('Wohngeld beantragen (Erstantrag)', 'Apply for housing benefit (first application)'),
  description: l(
    'Wohngeld ist ein Zuschuss zur Miete (Mietzuschuss) oder zu den Kosten für selbst genutztes Wohneigentum (Lastenzuschuss). Halten Sie Ihren Mietvertrag und Einkommensnachweise aller Haushaltsmitglieder bereit. Das dauert etwa 30 Minuten.',
    'Housing benefit is a contribution to the rent (rent allowance) or to the costs of owner-occupied housing (burden allowance). Have your tenancy agreement and proof of income of all household members at hand. This takes about 30 minutes.',
  ),
  leistungsschluessel: '99107023037000',
  // The housing benefit office of the dwelling's municipality decides.
  placeFrom: { address: 'applicant.address' },
  steps: [
    {
      id: 'antragsteller',
      title: l('Antragstellende Person', 'Applicant'),
      groups: [
        {
          kind: 'group',
          id: 'applicant',
          title: l('Angaben zu Ihrer Person', 'About you'),
          items: [
            {
              kind: 'personName',
              id: 'name',
              label: l('Name', 'Name'),
              required: true,
              withBirthName: true,
              withAcademicTitle: true,
              prefill: { attribute: 'personName' },
            },
            {
              kind: 'date',
              id: 'birthDate',
              label: l('Geburtsdatum', 'Date of birth'),
              required: true,
              min: 'today-120y',
              max: 'today-16y',
              autocomplete: 'bday',
              prefill: { attribute: 'birthDate' },
            },
            {
              kind: 'choice',
              id: 'maritalStatus',
              label: l('Familienstand', 'Marital status'),
              required: true,
              display: 'select',
              options: maritalStatus,
            },
            {
              kind: 'text',
              id: 'nationality',
              label: l('Staatsangehörigkeit', 'Nationality'),
              required: true,
              maxLength: 60,
              autocomplete: 'country-name',
              prefill: { attribute: 'nationality', lockVerified: false },
            },
            {
              kind: 'address',
              id: 'address',
              label: l(
                'Anschrift der Wohnung, für die Sie Wohngeld beantragen',
                'Address of the dwelling you apply for',
              ),
              required: true,
              prefill: { attribute: 'address', lockVerified: false },
            },
            {
              kind: 'phone',
              id: 'phone',
              label: l('Telefonnummer für Rückfragen', 'Phone number for questions'),
              autocomplete: 'tel',
            },
            {
              kind: 'email',
              id: 'email',
              label: l('E-Mail-Adresse', 'Email address'),
              autocomplete: 'email',
              prefill: { attribute: 'email', lockVerified: false },
            },
          ],
        },
      ],
    },
    {
      id: 'art',
      title: l('Art des Wohngeldes', 'Type of housing benefit'),
      groups: [
        {
          kind: 'group',
          id: 'benefit',
          items: [
            {
              kind: 'choice',
              id: 'kind',
              label: l('Welches Wohngeld beantragen Sie?', 'Which housing benefit are you applying for?'),
              required: true,
              display: 'radio',
              options: [
                {
                  value: 'mietzuschuss',
                  label: l('Mietzuschuss', 'Rent allowance'),
                  hint: l(
                    'Sie wohnen zur Miete oder in einem Heim.',
                    'You rent your home or live in a care home.',
                  ),
                },
                {
                  value: 'lastenzuschuss',
                  label: l('Lastenzuschuss', 'Burden allowance'),
                  hint: l(
                    'Sie wohnen in Ihrem eigenen Haus oder Ihrer eigenen Wohnung.',
                    'You live in a house or flat you own.',
                  ),
                },
              ],
            },
            {
              kind: 'date',
              id: 'from',
              label: l('Wohngeld ab', 'Housing benefit from'),
              hint: l(
                'Wohngeld gibt es frühestens ab dem Monat, in dem der Antrag eingeht.',
                'Housing benefit is paid at the earliest from the month in which the application is received.',
              ),
              required: true,
              min: 'today-1m',
              max: 'today+6m',
            },
            {
              kind: 'yesNo',
              id: 'receivedBefore',
              label: l(
                'Haben Sie in den letzten zwei Jahren schon einmal Wohngeld bezogen?',
                'Have you received housing benefit in the last two years?',
              ),
              required: true,
            },
            {
              kind: 'text',
              id: 'previousFileNumber',
              label: l('Bisheriges Aktenzeichen (Wohngeldnummer)', 'Previous file number'),
              hint: l('Steht auf dem letzten Bescheid.', 'It is on the last notice.'),
              maxLength: 40,
              showWhen: is('benefit.receivedBefore', true),
            },
            {
              kind: 'yesNo',
              id: 'transferBenefits',
              label: l(
                'Beziehen Sie oder ein Haushaltsmitglied Bürgergeld, Sozialhilfe oder Grundsicherung?',
                'Do you or a household member receive citizen’s benefit, social assistance or basic income support?',
              ),
              required: true,
            },
            {
              kind: 'static',
              id: 'transferNote',
              tone: 'warning',
              showWhen: is('benefit.transferBenefits', true),
              text: l(
                'Mit diesen Leistungen sind die Kosten der Unterkunft in der Regel schon berücksichtigt; dann besteht kein Anspruch auf Wohngeld (§ 7 WoGG). Sie können den Antrag trotzdem stellen, die Wohngeldbehörde prüft ihn.',
                'These benefits usually already cover housing costs; there is then no entitlement to housing benefit (§ 7 WoGG). You can still apply; the housing benefit office will check.',
              ),
            },
          ],
        },
      ],
    },
    {
      id: 'haushalt',
      title: l('Haushalt', 'Household'),
      description: l(
        'Zum Haushalt gehören alle, die mit Ihnen zusammen wohnen und wirtschaften, zum Beispiel Ehe- oder Lebenspartner und Kinder.',
        'Your household includes everyone who lives and keeps house with you, for example spouse or partner and children.',
      ),
      groups: [
        {
          kind: 'group',
          id: 'members',
          title: l('Weitere Haushaltsmitglieder', 'Other household members'),
          repeat: {
            min: 0,
            max: 19,
            itemLabel: l('Haushaltsmitglied {n}', 'Household member {n}'),
            addLabel: l('Haushaltsmitglied hinzufügen', 'Add household member'),
            removeLabel: l('Haushaltsmitglied entfernen', 'Remove household member'),
          },
          items: [
            { kind: 'personName', id: 'name', label: l('Name', 'Name'), required: true },
            {
              kind: 'date',
              id: 'birthDate',
              label: l('Geburtsdatum', 'Date of birth'),
              required: true,
              min: 'today-120y',
              max: 'today',
            },
            {
              kind: 'choice',
              id: 'relationship',
              label: l('Verhältnis zu Ihnen', 'Relationship to you'),
              required: true,
              display: 'select',
              options: [
                option('ehepartner', 'Ehe- oder Lebenspartner/in', 'Spouse or civil partner'),
                option('partner', 'Partner/in in Verantwortungsgemeinschaft', 'Partner (cohabiting)'),
                option('kind', 'Kind', 'Child'),
                option('pflegekind', 'Pflegekind', 'Foster child'),
                option('elternteil', 'Elternteil', 'Parent'),
                option('geschwister', 'Geschwister', 'Sibling'),
                option('sonstige', 'sonstige Verwandte', 'Other relative'),
              ],
            },
            {
              kind: 'yesNo',
              id: 'disabled',
              label: l('Ist eine Schwerbehinderung anerkannt?', 'Is a severe disability recognised?'),
              required: true,
            },
            {
              kind: 'integer',
              id: 'disabilityDegree',
              label: l('Grad der Behinderung', 'Degree of disability'),
              required: true,
              min: 20,
              max: 100,
              showWhen: is('members.disabled', true),
            },
            {
              kind: 'choice',
              id: 'careLevel',
              label: l('Pflegegrad', 'Care level'),
              display: 'radio',
              options: [
                option('0', 'kein Pflegegrad', 'none'),
                option('1', 'Pflegegrad 1', 'Care level 1'),
                option('2', 'Pflegegrad 2', 'Care level 2'),
                option('3', 'Pflegegrad 3', 'Care level 3'),
                option('4', 'Pflegegrad 4', 'Care level 4'),
                option('5', 'Pflegegrad 5', 'Care level 5'),
              ],
            },
            {
              kind: 'yesNo',
              id: 'inEducation',
              label: l(
                'Ist die Person in Schule, Ausbildung oder Studium?',
                'Is the person at school, in training or studying?',
              ),
              required: true,
            },
          ],
        },
      ],
    },
    {
      id: 'wohnung',
      title: l('Wohnung', 'Dwelling'),
      groups: [
        {
          kind: 'group',
          id: 'dwelling',
          title: l('Angaben zur Wohnung', 'About the dwelling'),
          items: [
            {
              kind: 'decimal',
              id: 'area',
              label: l('Wohnfläche', 'Living space'),
              unit: l('m²', 'm²'),
              required: true,
              min: 5,
              max: 1000,
              fractionDigits: 2,
            },
            {
              kind: 'integer',
              id: 'rooms',
              label: l('Anzahl der Räume', 'Number of rooms'),
              required: true,
              min: 1,
              max: 30,
            },
            {
              kind: 'integer',
              id: 'builtYear',
              label: l('Jahr der Bezugsfertigkeit', 'Year the building was completed'),
              hint: l(
                'Steht meist im Mietvertrag; sonst schätzen.',
                'Usually in the tenancy agreement; estimate otherwise.',
              ),
              min: 1600,
              max: 2100,
            },
            {
              kind: 'choice',
              id: 'heating',
              label: l('Heizung', 'Heating'),
              required: true,
              display: 'radio',
              options: [
                option('zentral', 'Sammel- oder Zentralheizung', 'Central heating'),
                option('etage', 'Etagenheizung', 'Heating per flat'),
                option('ofen', 'Öfen', 'Stoves'),
              ],
            },
            {
              kind: 'yesNo',
              id: 'sublet',
              label: l(
                'Ist ein Teil der Wohnung untervermietet oder gewerblich genutzt?',
                'Is part of the dwelling sublet or used for business?',
              ),
              required: true,
            },
            {
              kind: 'decimal',
              id: 'subletArea',
              label: l('Untervermietete oder gewerblich genutzte Fläche', 'Sublet or business area'),
              unit: l('m²', 'm²'),
              required: true,
              min: 1,
              max: 1000,
              showWhen: is('dwelling.sublet', true),
            },
          ],
        },
        {
          kind: 'group',
          id: 'rent',
          title: l('Miete', 'Rent'),
          showWhen: rentAllowance,
          items: [
            {
              kind: 'date',
              id: 'tenancySince',
              label: l('Mietverhältnis seit', 'Tenancy since'),
              required: true,
              max: 'today+3m',
            },
            {
              kind: 'text',
              id: 'landlord',
              label: l('Name der Vermieterin oder des Vermieters', 'Name of the landlord'),
              required: true,
              maxLength: 200,
            },
            {
              kind: 'address',
              id: 'landlordAddress',
              label: l('Anschrift der Vermietung', 'Address of the landlord'),
              required: true,
            },
            {
              kind: 'money',
              id: 'totalRent',
              label: l(
                'Monatliche Gesamtmiete laut Mietvertrag',
                'Total monthly rent as in the tenancy agreement',
              ),
              hint: l(
                'Kaltmiete mit Nebenkosten und Heizkosten.',
                'Basic rent with service and heating charges.',
              ),
              required: true,
              min: 1,
              max: 1_000_000,
            },
            {
              kind: 'money',
              id: 'heatingCosts',
              label: l('davon Heizkosten', 'of which heating costs'),
              required: true,
              min: 0,
              max: 1_000_000,
              // Part of the total rent, so never more than it (WoGG § 9: rent includes heating).
              checks: [
                {
                  condition: {
                    or: [
                      { '!': { var: 'rent.totalRent' } },
                      { '<=': [{ value: [] }, { var: 'rent.totalRent' }] },
                    ],
                  },
                  message: l(
                    'Die Heizkosten sind ein Teil der Gesamtmiete und können nicht höher sein als sie. Prüfen Sie beide Beträge.',
                    'Heating costs are part of the total rent and cannot be higher than it. Check both amounts.',
                  ),
                },
              ],
            },
            {
              kind: 'money',
              id: 'garage',
              label: l('davon Garage oder Stellplatz', 'of which garage or parking'),
              min: 0,
              checks: [
                {
                  condition: {
                    or: [
                      { '!': { var: 'rent.totalRent' } },
                      {
                        '<=': [
                          { '+': [{ value: [] }, { var: ['rent.heatingCosts', 0] }] },
                          { var: 'rent.totalRent' },
                        ],
                      },
                    ],
                  },
                  message: l(
                    'Heizkosten und Garage zusammen können nicht höher sein als die Gesamtmiete. Prüfen Sie die Beträge.',
                    'Heating costs and garage together cannot be higher than the total rent. Check the amounts.',
                  ),
                },
              ],
            },
            {
              kind: 'file',
              id: 'tenancyAgreement',
              label: l('Mietvertrag oder Mietbescheinigung', 'Tenancy agreement or rent certificate'),
              required: true,
              accept: ['application/pdf', 'image/jpeg', 'image/png'],
              maxSize: 10 * 1024 * 1024,
              maxFiles: 5,
            },
          ],
        },
        {
          kind: 'group',
          id: 'burden',
          title: l('Belastung für Wohneigentum', 'Costs of owner-occupied housing'),
          showWhen: burdenAllowance,
          items: [
            {
              kind: 'money',
              id: 'debtService',
              label: l('Zins und Tilgung im Jahr', 'Interest and repayment per year'),
              required: true,
              min: 0,
            },
            {
              kind: 'money',
              id: 'propertyTax',
              label: l('Grundsteuer im Jahr', 'Property tax per year'),
              required: true,
              min: 0,
            },
            {
              kind: 'file',
              id: 'loanStatements',
              label: l('Nachweise der Darlehen', 'Loan statements'),
              required: true,
              accept: ['application/pdf', 'image/jpeg', 'image/png'],
              maxSize: 10 * 1024 * 1024,
              maxFiles: 10,
            },
          ],
        },
      ],
    },
    {
      id: 'einkommen',
      title: l('Einkommen', 'Income'),
      description: l(
        'Geben Sie das Einkommen jedes Haushaltsmitglieds an, auch Ihr eigenes. Maßgeblich ist das zu erwartende Einkommen der nächsten zwölf Monate.',
        'Give the income of each household member, including your own. What counts is the income expected over the next twelve months.',
      ),
      groups: [
        {
          kind: 'group',
          id: 'incomes',
          title: l('Einkommen je Person', 'Income per person'),
          repeat: {
            min: 1,
            max: 20,
            itemLabel: l('Einkommen Person {n}', 'Income of person {n}'),
            addLabel: l('Einkommen einer weiteren Person angeben', 'Add income of another person'),
            removeLabel: l('Diese Angabe entfernen', 'Remove this entry'),
          },
          items: [
            {
              kind: 'text',
              id: 'person',
              label: l('Vor- und Familienname', 'Given and family name'),
              required: true,
              maxLength: 120,
            },
            {
              kind: 'yesNo',
              id: 'hasIncome',
              label: l('Hat die Person Einnahmen?', 'Does the person have income?'),
              required: true,
            },
            {
              kind: 'multiChoice',
              id: 'kinds',
              label: l('Art der Einnahmen', 'Type of income'),
              required: true,
              minSelected: 1,
              options: incomeKinds,
              showWhen: is('incomes.hasIncome', true),
            },
            {
              kind: 'text',
              id: 'employer',
              label: l('Arbeitgeber', 'Employer'),
              required: true,
              maxLength: 200,
              showWhen: { in: ['nichtselbstaendig', { var: 'incomes.kinds' }] },
            },
            {
              kind: 'money',
              id: 'grossMonthly',
              label: l(
                'Bruttoeinnahmen im Monat (alle Arten zusammen)',
                'Gross monthly income (all types together)',
              ),
              required: true,
              min: 0,
              max: 100_000_000,
              showWhen: is('incomes.hasIncome', true),
            },
            {
              kind: 'yesNo',
              id: 'paysIncomeTax',
              label: l('Werden Steuern vom Einkommen gezahlt?', 'Is income tax paid?'),
              required: true,
              showWhen: is('incomes.hasIncome', true),
            },
            {
              kind: 'yesNo',
              id: 'paysPension',
              label: l(
                'Werden Pflichtbeiträge zur Rentenversicherung gezahlt?',
                'Are statutory pension contributions paid?',
              ),
              required: true,
              showWhen: is('incomes.hasIncome', true),
            },
            {
              kind: 'yesNo',
              id: 'paysHealth',
              label: l(
                'Werden Beiträge zur Kranken- und Pflegeversicherung gezahlt?',
                'Are health and care insurance contributions paid?',
              ),
              required: true,
              showWhen: is('incomes.hasIncome', true),
            },
            {
              kind: 'file',
              id: 'proof',
              label: l('Einkommensnachweise', 'Proof of income'),
              hint: l(
                'Zum Beispiel Gehaltsabrechnungen der letzten drei Monate, Rentenbescheid.',
                'For example pay slips for the last three months, pension notice.',
              ),
              requiredWhen: is('incomes.hasIncome', true),
              accept: ['application/pdf', 'image/jpeg', 'image/png'],
              maxSize: 10 * 1024 * 1024,
              maxFiles: 10,
              showWhen: is('incomes.hasIncome', true),
            },
          ],
        },
        {
          kind: 'group',
          id: 'assets',
          title: l('Vermögen', 'Assets'),
          items: [
            {
              kind: 'yesNo',
              id: 'significant',
              label: l(
                'Haben Sie oder Haushaltsmitglieder zusammen mehr als 60.000 € Vermögen (plus 30.000 € für jedes weitere Mitglied)?',
                'Do you and your household members together have assets above € 60,000 (plus € 30,000 for each further member)?',
              ),
              hint: l(
                'Zum Beispiel Sparguthaben, Wertpapiere, Grundstücke, die Sie nicht selbst bewohnen.',
                'For example savings, securities, land you do not live on yourself.',
              ),
              required: true,
            },
            {
              kind: 'money',
              id: 'amount',
              label: l('Höhe des Vermögens', 'Amount of assets'),
              required: true,
              min: 0,
              showWhen: is('assets.significant', true),
            },
          ],
        },
      ],
    },
    {
      id: 'konto',
      title: l('Bankverbindung', 'Bank account'),
      groups: [
        {
          kind: 'group',
          id: 'account',
          title: l('Konto für die Auszahlung', 'Account for the payment'),
          items: [
            {
              kind: 'text',
              id: 'holder',
              label: l('Kontoinhaberin oder Kontoinhaber', 'Account holder'),
              required: true,
              maxLength: 70,
              latin: true,
              autocomplete: 'name',
            },
            { kind: 'iban', id: 'iban', label: l('IBAN', 'IBAN'), required: true },
          ],
        },
      ],
    },
    {
      id: 'erklaerungen',
      title: l('Erklärungen', 'Declarations'),
      groups: [
        {
          kind: 'group',
          id: 'declarations',
          items: [
            {
              kind: 'static',
              id: 'privacy',
              text: l(
                'Die Wohngeldbehörde verarbeitet Ihre Angaben nach § 23 WoGG und prüft sie mit einem automatisierten Datenabgleich (§ 33 WoGG).',
                'The housing benefit office processes your details under § 23 WoGG and checks them by automated data matching (§ 33 WoGG).',
              ),
            },
            {
              kind: 'yesNo',
              id: 'correct',
              label: l(
                'Ich versichere, dass meine Angaben richtig und vollständig sind.',
                'I declare that my details are correct and complete.',
              ),
              required: true,
              requireYes: true,
            },
            {
              kind: 'yesNo',
              id: 'reportChanges',
              label: l(
                'Mir ist bekannt, dass ich Änderungen (zum Beispiel beim Einkommen oder im Haushalt) sofort mitteilen muss (§ 27 WoGG).',
                'I know that I must report changes (for example in income or household) immediately (§ 27 WoGG).',
              ),
              required: true,
              requireYes: true,
            },
          ],
        },
      ],
    },
  ],
};
