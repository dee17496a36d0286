import type { Leistung, Organisationseinheit, Zustaendigkeit } from '../schema/index.js';
import type { MunicipalityRecord, ReferenceData } from './reference-data.js';

/**
 * Demo authorities for all of Saxony, derived from the real administrative structure in the
 * Destatis directory: each municipality's administration, the seat municipality of each
 * Verwaltungsgemeinschaft (erfüllende Gemeinde) and each Verwaltungsverband, which perform
 * the state-delegated tasks (registration, identity cards, trade) for their members, the ten
 * Landratsämter and the three county-free cities, and authorities at state and federal level.
 *
 * Names follow the usual Saxon naming ("Stadtverwaltung", "Gemeindeverwaltung",
 * "Landratsamt"). Street, phone, e-mail, web and opening hours are not in the open data, so
 * they are left empty instead of invented; the town and the postcode of the administrative seat
 * are Destatis data. Every record is marked `demo: true`.
 */
export interface DerivedAuthorities {
  authorities: Organisationseinheit[];
  zustaendigkeiten: Zustaendigkeit[];
  /** Verwaltungsgemeinschaften whose seat could not be matched to a member (should be none). */
  unmatchedSeats: string[];
}

const source = 'demo:sachsen';
const saxony = '14';

/**
 * Destatis gives the seat as a short town name ("Lugau", "Bad Muskau") while the member's
 * name carries a suffix ("Lugau/Erzgeb.", "Bad Muskau / Mužakow").
 */
export function isSeat(name: string, seat: string): boolean {
  if (!seat) return false;
  // "Kurort Seiffen/Erzgeb." names the member "Seiffen/Erzgeb., Kurort".
  const bare = seat.replace(/^(Kurort|Stadt)\s+/, '');
  return [seat, bare].some(
    (candidate) => name === candidate || name.startsWith(`${candidate}/`) || name.startsWith(`${candidate} `),
  );
}

function municipalOffice(m: MunicipalityRecord): Organisationseinheit {
  const town = ['60', '64'].includes(m.typeCode);
  return {
    id: `efa-demo.sn.OE.${m.ags}`,
    name: `${town ? 'Gemeindeverwaltung' : 'Stadtverwaltung'} ${m.name}`,
    gebiet: m.ars,
    addresses: [
      { type: '006', postcode: /^\d{5}$/.test(m.seatPostcode) ? m.seatPostcode : undefined, town: m.name },
    ],
    demo: true,
    source,
  };
}

function rule(
  leistung: string,
  authority: string,
  gebiet: string,
  onlinedienst: string | null = null,
): Zustaendigkeit {
  return {
    id: `${source}.${leistung}.${gebiet}`,
    leistung,
    organisationseinheit: authority,
    gebiet,
    rolle: '01',
    onlinedienst,
    source,
  };
}

/** Online services attached where they exist for a service, whoever is responsible. */
const onlineServiceFor: Readonly<Record<string, string>> = {
  '99102013104000': 'efa-demo.OD.hundesteuer',
  '99107023037000': 'efa-demo.OD.wohngeld',
  '99049001001000': 'bfj.OD.fuehrungszeugnis',
};

export function deriveSaxonAuthorities(
  data: ReferenceData,
  services: readonly Leistung[],
): DerivedAuthorities {
  const authorities: Organisationseinheit[] = [];
  const zustaendigkeiten: Zustaendigkeit[] = [];
  const unmatchedSeats: string[] = [];
  const members = data.municipalities.filter(
    (m) => m.landCode === saxony && m.typeCode !== '65' && m.typeCode !== '66',
  );
  const offices = new Map<string, Organisationseinheit>();
  for (const m of members) {
    const office = municipalOffice(m);
    offices.set(m.ars, office);
    authorities.push(office);
  }

  const associations = new Map(
    data.associations.filter((a) => a.ars.startsWith(saxony) && a.typeCode !== '50').map((a) => [a.ars, a]),
  );
  /** Who performs delegated tasks for an association's members. */
  const performer = new Map<string, Organisationseinheit>();
  for (const association of associations.values()) {
    const memberList = members.filter((m) => m.verbandArs === association.ars);
    if (association.typeCode === '56') {
      const seat = memberList.find((m) => isSeat(m.name, association.seat));
      const office: Organisationseinheit = {
        id: `efa-demo.sn.OE.vv.${association.ars}`,
        name: `Verwaltungsverband ${association.name}`,
        gebiet: association.ars,
        addresses: association.seat
          ? [{ type: '006', postcode: seat?.seatPostcode, town: association.seat }]
          : [],
        demo: true,
        source,
      };
      authorities.push(office);
      performer.set(association.ars, office);
    } else {
      const seat = memberList.find((m) => isSeat(m.name, association.seat));
      const office = seat ? offices.get(seat.ars) : undefined;
      if (!office) {
        unmatchedSeats.push(association.ars);
        continue;
      }
      performer.set(association.ars, office);
    }
  }
  for (const m of members) {
    const association = associations.get(m.verbandArs);
    const by = performer.get(m.verbandArs);
    const office = offices.get(m.ars);
    if (!association || !by || !office || by === office) continue;
    office.note =
      association.typeCode === '56'
        ? `Mitglied im Verwaltungsverband ${association.name}; die Verwaltungsgeschäfte führt ${by.name}.`
        : `Mitglied der Verwaltungsgemeinschaft ${association.name}; erfüllende Gemeinde ist ${association.seat} (${by.name}).`;
  }

  const counties = data.counties.filter((c) => c.landCode === saxony);
  const countyOffices = new Map<string, Organisationseinheit>();
  for (const county of counties) {
    if (county.typeCode === '41') {
      const city = members.find((m) => m.ars.startsWith(county.ags));
      const office = city ? offices.get(city.ars) : undefined;
      if (office) countyOffices.set(county.ags, office);
      continue;
    }
    const name = county.officialName === 'Leipzig' ? 'Landkreis Leipzig' : county.officialName;
    const seatTown = members.find((m) => m.ars.startsWith(county.ags) && isSeat(m.name, county.seat));
    const office: Organisationseinheit = {
      id: `efa-demo.sn.OE.lra.${county.ags}`,
      name: `Landratsamt ${name}`,
      gebiet: county.ags,
      addresses: [{ type: '006', postcode: seatTown?.seatPostcode, town: county.seat }],
      demo: true,
      source,
    };
    authorities.push(office);
    countyOffices.set(county.ags, office);
  }

  const stateOffice: Organisationseinheit = {
    id: 'efa-demo.sn.OE.ksv',
    name: 'Kommunaler Sozialverband Sachsen',
    gebiet: saxony,
    addresses: [{ type: '006', town: 'Leipzig' }],
    note: 'Träger der Sozialen Entschädigung in Sachsen.',
    demo: true,
    source,
  };
  const federalOffice: Organisationseinheit = {
    id: 'efa-demo.bund.OE.bfj',
    name: 'Bundesamt für Justiz',
    gebiet: '00',
    addresses: [{ type: '006', town: 'Bonn' }],
    web: 'https://www.bundesjustizamt.de/',
    demo: true,
    source,
  };
  authorities.push(stateOffice, federalOffice);

  for (const service of services) {
    const online = onlineServiceFor[service.id] ?? null;
    if (service.level === 'gemeinde') {
      for (const m of members) {
        const delegatedTo = service.delegable ? performer.get(m.verbandArs) : undefined;
        if (delegatedTo) continue;
        const office = offices.get(m.ars);
        if (office) zustaendigkeiten.push(rule(service.id, office.id, m.ars, online));
      }
      if (service.delegable) {
        for (const [ars, office] of performer)
          zustaendigkeiten.push(rule(service.id, office.id, ars, online));
      }
    } else if (service.level === 'kreis') {
      for (const [ags, office] of countyOffices)
        zustaendigkeiten.push(rule(service.id, office.id, ags, online));
    } else if (service.level === 'land') {
      zustaendigkeiten.push(rule(service.id, stateOffice.id, saxony, online));
    }
  }
  // The certificate of good conduct is issued federally and can be applied for online
  // everywhere; in Saxony the registration offices above are the more specific answer.
  zustaendigkeiten.push(rule('99049001001000', federalOffice.id, '00', 'bfj.OD.fuehrungszeugnis'));
  return { authorities, zustaendigkeiten, unmatchedSeats };
}
