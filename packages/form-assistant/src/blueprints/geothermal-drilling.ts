import type { Condition } from '../conditions/expression.js';
import type { FormDefinition, LocalizedText, Option } from '../schema/definition.js';

const l = (de: string, en: string): LocalizedText => ({ de, en });
const option = (value: string, de: string, en: string): Option => ({ value, label: l(de, en) });
const is = (path: string, value: string | boolean): Condition => ({ '==': [{ var: path }, value] });
const documents = ['application/pdf', 'image/jpeg', 'image/png'];

/**
 * Notification of a borehole for a geothermal probe (Erdwärmesonde): the water authority
 * (§ 49 Abs. 1 WHG, state water acts) and the geological survey (§ 8 Geologiedatengesetz)
 * must be told before drilling. Modelled on the lower water authorities' forms "Anzeige einer
 * Erdwärmesondenanlage": operator, site with parcel and coordinates, water protection zone,
 * probes, heat carrier, drilling company, schedule, site plan.
 */
export const geothermalDrilling: FormDefinition = {
  format: 'efa-form/1',
  id: 'geothermal-drilling',
  version: '1.0.0',
  title: l('Bohrung für eine Erdwärmesonde anzeigen', 'Notify a borehole for a geothermal probe'),
  description: l(
    'Zeigen Sie die Bohrung spätestens einen Monat vor Beginn der unteren Wasserbehörde an; die Anzeige nach § 8 Geologiedatengesetz an den geologischen Dienst ist damit verbunden. Halten Sie den Lageplan und die Angaben des Bohrunternehmens bereit.',
    'Notify the lower water authority of the borehole at least one month before drilling starts; this includes the notification to the geological survey under § 8 Geological Data Act. Have the site plan and the drilling company’s details at hand.',
  ),
  // The water authority of the drilling site is responsible, not the operator's.
  placeFrom: { address: 'site.address' },
  steps: [
    {
      id: 'betreiber',
      title: l('Betreiberin oder Betreiber', 'Operator'),
      groups: [
        {
          kind: 'group',
          id: 'operator',
          title: l('Wer betreibt die Anlage?', 'Who operates the installation?'),
          items: [
            {
              kind: 'personName',
              id: 'name',
              label: l('Name', 'Name'),
              required: true,
              prefill: { attribute: 'personName' },
            },
            {
              kind: 'address',
              id: 'address',
              label: l('Anschrift', 'Address'),
              required: true,
              prefill: { attribute: 'address', lockVerified: false },
            },
            {
              kind: 'phone',
              id: 'phone',
              label: l('Telefonnummer', 'Phone number'),
              required: true,
              autocomplete: 'tel',
            },
            {
              kind: 'email',
              id: 'email',
              label: l('E-Mail-Adresse', 'Email address'),
              autocomplete: 'email',
              prefill: { attribute: 'email', lockVerified: false },
            },
            {
              kind: 'yesNo',
              id: 'isOwner',
              label: l('Sind Sie Eigentümerin oder Eigentümer des Grundstücks?', 'Do you own the land?'),
              required: true,
            },
            {
              kind: 'file',
              id: 'ownerConsent',
              label: l('Einverständnis der Eigentümerin oder des Eigentümers', 'Consent of the owner'),
              required: true,
              accept: documents,
              maxSize: 10 * 1024 * 1024,
              showWhen: is('operator.isOwner', false),
            },
          ],
        },
      ],
    },
    {
      id: 'standort',
      title: l('Standort', 'Site'),
      groups: [
        {
          kind: 'group',
          id: 'site',
          title: l('Wo wird gebohrt?', 'Where will the drilling take place?'),
          items: [
            {
              kind: 'address',
              id: 'address',
              label: l('Anschrift des Grundstücks', 'Address of the site'),
              required: true,
            },
            {
              kind: 'text',
              id: 'gemarkung',
              label: l('Gemarkung', 'Cadastral district'),
              required: true,
              maxLength: 100,
            },
            {
              kind: 'text',
              id: 'flur',
              label: l('Flur', 'Cadastral section'),
              maxLength: 20,
              pattern: '[0-9]{1,5}',
            },
            {
              kind: 'text',
              id: 'flurstueck',
              label: l('Flurstück', 'Parcel'),
              hint: l('Zum Beispiel 123/4.', 'For example 123/4.'),
              required: true,
              maxLength: 20,
              pattern: '[0-9]{1,6}(/[0-9]{1,4})?',
              patternMessage: l(
                'Bitte geben Sie das Flurstück als Zahl an, gegebenenfalls mit Bruchnummer, zum Beispiel 123/4.',
                'Please give the parcel as a number, with a fraction number if any, for example 123/4.',
              ),
            },
            {
              kind: 'integer',
              id: 'east',
              // Saxony lies in UTM zone 33: its official system is ETRS89/UTM 33N (EPSG:25833).
              label: l('Ostwert (ETRS89/UTM Zone 33N)', 'Easting (ETRS89/UTM zone 33N)'),
              hint: l(
                'Aus dem Geoportal Sachsen (EPSG:25833); Mitte der geplanten Bohrungen, auf den Meter, sechsstellig ohne die vorangestellte Zonenzahl 33.',
                'From the Saxony geoportal (EPSG:25833); centre of the planned boreholes, to the metre, six digits without the leading zone number 33.',
              ),
              required: true,
              // Saxony spans about 277 000 m (Vogtland) to 503 000 m (Zittau) east in zone 33.
              min: 270_000,
              max: 510_000,
              unit: l('m', 'm'),
            },
            {
              kind: 'integer',
              id: 'north',
              label: l('Nordwert (ETRS89/UTM Zone 33N)', 'Northing (ETRS89/UTM zone 33N)'),
              hint: l(
                'Siebenstellig, zum Beispiel 5656000 für Dresden.',
                'Seven digits, for example 5656000 for Dresden.',
              ),
              required: true,
              // About 5 559 000 m (Bad Brambach) to 5 727 000 m (Hoyerswerda's north) in Saxony.
              min: 5_550_000,
              max: 5_735_000,
              unit: l('m', 'm'),
            },
            {
              kind: 'yesNo',
              id: 'protectionArea',
              label: l(
                'Liegt das Grundstück in einem Wasser- oder Heilquellenschutzgebiet?',
                'Is the site in a water or mineral spring protection area?',
              ),
              required: true,
            },
            {
              kind: 'choice',
              id: 'zone',
              label: l('Schutzzone', 'Protection zone'),
              required: true,
              display: 'radio',
              showWhen: is('site.protectionArea', true),
              options: [
                option('I', 'Zone I', 'Zone I'),
                option('II', 'Zone II', 'Zone II'),
                option('III', 'Zone III oder IIIA', 'Zone III or IIIA'),
                option('IIIB', 'Zone IIIB', 'Zone IIIB'),
              ],
            },
            {
              kind: 'static',
              id: 'zoneWarning',
              tone: 'warning',
              showWhen: { in: [{ var: 'site.zone' }, ['I', 'II']] },
              text: l(
                'In den Schutzzonen I und II sind Erdwärmebohrungen grundsätzlich verboten. Bitte sprechen Sie vor der Anzeige mit der unteren Wasserbehörde.',
                'Geothermal drilling is generally prohibited in protection zones I and II. Please talk to the lower water authority before notifying.',
              ),
            },
            {
              kind: 'yesNo',
              id: 'contamination',
              label: l(
                'Ist auf dem Grundstück eine Altlast oder ein Verdacht darauf bekannt?',
                'Is contamination, or a suspicion of it, known on the site?',
              ),
              required: true,
            },
          ],
        },
      ],
    },
    {
      id: 'anlage',
      title: l('Anlage', 'Installation'),
      groups: [
        {
          kind: 'group',
          id: 'plant',
          title: l('Erdwärmesonden', 'Geothermal probes'),
          items: [
            {
              kind: 'integer',
              id: 'probes',
              label: l('Anzahl der Sonden', 'Number of probes'),
              required: true,
              min: 1,
              max: 200,
            },
            {
              kind: 'decimal',
              id: 'depth',
              label: l('Tiefe je Sonde', 'Depth per probe'),
              required: true,
              min: 1,
              max: 400,
              fractionDigits: 1,
              unit: l('m', 'm'),
            },
            {
              kind: 'static',
              id: 'miningNote',
              tone: 'info',
              showWhen: { '>': [{ var: 'plant.depth' }, 100] },
              text: l(
                'Bohrungen tiefer als 100 m brauchen zusätzlich eine Anzeige beim Bergamt (§ 127 Bundesberggesetz).',
                'Boreholes deeper than 100 m also need a notification to the mining authority (§ 127 Federal Mining Act).',
              ),
            },
            {
              kind: 'decimal',
              id: 'heatOutput',
              label: l('Heizleistung der Wärmepumpe', 'Heating output of the heat pump'),
              required: true,
              min: 0.5,
              max: 5000,
              fractionDigits: 1,
              unit: l('kW', 'kW'),
            },
            {
              kind: 'choice',
              id: 'probeType',
              label: l('Sondenart', 'Probe type'),
              required: true,
              display: 'radio',
              options: [
                option('doppel-u', 'Doppel-U-Sonde', 'Double U probe'),
                option('einfach-u', 'Einfach-U-Sonde', 'Single U probe'),
                option('koaxial', 'Koaxialsonde', 'Coaxial probe'),
              ],
            },
            {
              kind: 'choice',
              id: 'heatCarrier',
              label: l('Wärmeträgerflüssigkeit', 'Heat transfer fluid'),
              required: true,
              display: 'radio',
              options: [
                option('wasser', 'Wasser ohne Zusätze', 'Water without additives'),
                option('ethylenglykol', 'Wasser mit Ethylenglykol', 'Water with ethylene glycol'),
                option('propylenglykol', 'Wasser mit Propylenglykol', 'Water with propylene glycol'),
                option('andere', 'andere', 'other'),
              ],
            },
            {
              kind: 'text',
              id: 'heatCarrierOther',
              label: l('Welche Wärmeträgerflüssigkeit?', 'Which heat transfer fluid?'),
              required: true,
              maxLength: 200,
              showWhen: is('plant.heatCarrier', 'andere'),
            },
            {
              kind: 'yesNo',
              id: 'cooling',
              label: l('Soll die Anlage auch kühlen?', 'Will the installation also be used for cooling?'),
              required: true,
            },
          ],
        },
      ],
    },
    {
      id: 'bohrfirma',
      title: l('Bohrunternehmen', 'Drilling company'),
      groups: [
        {
          kind: 'group',
          id: 'driller',
          title: l('Wer bohrt?', 'Who does the drilling?'),
          items: [
            {
              kind: 'text',
              id: 'company',
              label: l('Name des Unternehmens', 'Company name'),
              required: true,
              maxLength: 200,
              autocomplete: 'organization',
            },
            { kind: 'address', id: 'address', label: l('Anschrift', 'Address'), required: true },
            { kind: 'email', id: 'email', label: l('E-Mail-Adresse', 'Email address'), required: true },
            {
              kind: 'yesNo',
              id: 'certified',
              label: l(
                'Ist das Unternehmen nach DVGW W 120-2 zertifiziert?',
                'Is the company certified under DVGW W 120-2?',
              ),
              required: true,
            },
            {
              kind: 'file',
              id: 'certificate',
              label: l('Zertifikat', 'Certificate'),
              required: true,
              accept: documents,
              maxSize: 10 * 1024 * 1024,
              showWhen: is('driller.certified', true),
            },
          ],
        },
        {
          kind: 'group',
          id: 'schedule',
          title: l('Zeitplan', 'Schedule'),
          items: [
            {
              kind: 'date',
              id: 'start',
              label: l('Geplanter Beginn der Bohrarbeiten', 'Planned start of drilling'),
              hint: l(
                'Frühestens einen Monat nach dieser Anzeige.',
                'At the earliest one month after this notification.',
              ),
              required: true,
              min: 'today+1m',
              max: 'today+2y',
            },
            {
              kind: 'integer',
              id: 'durationDays',
              label: l('Voraussichtliche Dauer', 'Expected duration'),
              unit: l('Arbeitstage', 'working days'),
              required: true,
              min: 1,
              max: 365,
            },
          ],
        },
      ],
    },
    {
      id: 'unterlagen',
      title: l('Unterlagen und Erklärung', 'Documents and declaration'),
      groups: [
        {
          kind: 'group',
          id: 'documents',
          items: [
            {
              kind: 'file',
              id: 'sitePlan',
              label: l('Lageplan mit den Bohrpunkten', 'Site plan with the drilling points'),
              hint: l(
                'Maßstab 1:500 bis 1:1000, mit Abständen zu Gebäuden, Grundstücksgrenzen und Leitungen.',
                'Scale 1:500 to 1:1000, with distances to buildings, boundaries and utility lines.',
              ),
              required: true,
              accept: documents,
              maxSize: 20 * 1024 * 1024,
              maxFiles: 3,
            },
            {
              kind: 'multiline',
              id: 'remarks',
              label: l('Bemerkungen', 'Remarks'),
              maxLength: 2000,
              rows: 4,
            },
            {
              kind: 'yesNo',
              id: 'correct',
              label: l(
                'Ich versichere, dass die Angaben richtig sind, und reiche das Schichtenverzeichnis nach Abschluss der Bohrung nach.',
                'I declare that the details are correct and will submit the drilling log after drilling.',
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
