import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Gebiet } from '../schema/index.js';
import { parseCsv } from './csv.js';

/** The data folder shipped in the package (Destatis GV100AD extracts and the OSM postcode file). */
export const packagedDataDir = fileURLToPath(new URL('../../data/', import.meta.url));

export interface ReferenceFiles {
  gemeinden: string;
  gemeindeverbaende: string;
  kreise: string;
  plz: string;
}

export function referenceFiles(dir = packagedDataDir): ReferenceFiles {
  const at = (name: string) => (dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`);
  return {
    gemeinden: at('gemeinden-de.csv'),
    gemeindeverbaende: at('gemeindeverbaende-de.csv'),
    kreise: at('kreise-de.csv'),
    plz: at('plz-ort-de.csv'),
  };
}

/** A municipality as the Destatis directory describes it, with the fields the derivations need. */
export interface MunicipalityRecord {
  ars: string;
  ags: string;
  officialName: string;
  name: string;
  typeCode: string;
  type: string;
  landCode: string;
  landName: string;
  kreisAgs: string;
  kreisName: string;
  verbandArs: string;
  verbandName: string;
  verbandType: string;
  population: number | null;
  seatPostcode: string;
}

export interface AssociationRecord {
  ars: string;
  name: string;
  typeCode: string;
  type: string;
  seat: string;
  kreisAgs: string;
}

export interface CountyRecord {
  ags: string;
  officialName: string;
  typeCode: string;
  type: string;
  seat: string;
  regierungsbezirk: string;
  landCode: string;
  landName: string;
}

export interface ReferenceData {
  gebiete: Gebiet[];
  municipalities: MunicipalityRecord[];
  associations: AssociationRecord[];
  counties: CountyRecord[];
  /** Postcode rows dropped because their AGS no longer exists and has no known successor. */
  droppedPostcodeRows: number;
}

/**
 * Municipalities merged since the postcode snapshot (late 2022), whose old keys the postcode
 * file still uses. Only the Saxon case is known to us (data README): Ostrau and
 * Zschaitz-Ottewig became Jahnatal.
 */
export const successorAgs: Readonly<Record<string, string>> = {
  '14522450': '14522275',
  '14522620': '14522275',
};

/** "Annaberg-Buchholz, Stadt" → "Annaberg-Buchholz"; the part after the comma is a title. */
export function shortName(officialName: string): string {
  const index = officialName.indexOf(',');
  return (index > 0 ? officialName.slice(0, index) : officialName).trim();
}

function numberOrNull(value: string | undefined): number | null {
  if (!value) return null;
  const parsed = Number.parseInt(value, 10);
  return Number.isFinite(parsed) ? parsed : null;
}

const need = (values: Record<string, string>, name: string): string => values[name] ?? '';

export function parseReferenceData(texts: ReferenceFiles): ReferenceData {
  const municipalities: MunicipalityRecord[] = parseCsv(texts.gemeinden).records.map(({ values }) => ({
    ars: need(values, 'ars'),
    ags: need(values, 'ags'),
    officialName: need(values, 'name'),
    name: shortName(need(values, 'name')),
    typeCode: need(values, 'typ_code'),
    type: need(values, 'typ'),
    landCode: need(values, 'land_code'),
    landName: need(values, 'land_name'),
    kreisAgs: need(values, 'kreis_ags'),
    kreisName: need(values, 'kreis_name'),
    verbandArs: need(values, 'verband_ars'),
    verbandName: need(values, 'verband_name'),
    verbandType: need(values, 'verband_typ'),
    population: numberOrNull(values.einwohner),
    seatPostcode: need(values, 'plz'),
  }));
  const associations: AssociationRecord[] = parseCsv(texts.gemeindeverbaende).records.map(({ values }) => ({
    ars: need(values, 'verband_ars'),
    name: need(values, 'verband_name'),
    typeCode: need(values, 'verband_typ_code'),
    type: need(values, 'verband_typ'),
    seat: need(values, 'verband_sitz'),
    kreisAgs: need(values, 'kreis_ags'),
  }));
  const counties: CountyRecord[] = parseCsv(texts.kreise).records.map(({ values }) => ({
    ags: need(values, 'kreis_ags'),
    officialName: need(values, 'kreis_name'),
    typeCode: need(values, 'kreis_typ_code'),
    type: need(values, 'kreis_typ'),
    seat: need(values, 'kreis_sitz'),
    regierungsbezirk: need(values, 'regierungsbezirk'),
    landCode: need(values, 'land_code'),
    landName: need(values, 'land_name'),
  }));

  const arsByAgs = new Map(municipalities.map((m) => [m.ags, m.ars]));
  const postcodes = new Map<string, Set<string>>();
  let droppedPostcodeRows = 0;
  for (const { values } of parseCsv(texts.plz).records) {
    const ags = need(values, 'ags');
    const ars = arsByAgs.get(ags) ?? arsByAgs.get(successorAgs[ags] ?? '');
    const plz = need(values, 'plz');
    if (!ars || !/^\d{5}$/.test(plz)) {
      droppedPostcodeRows += 1;
      continue;
    }
    let set = postcodes.get(ars);
    if (!set) {
      set = new Set();
      postcodes.set(ars, set);
    }
    set.add(plz);
  }

  const gebiete: Gebiet[] = [
    {
      ars: '00',
      name: 'Deutschland',
      officialName: 'Bundesrepublik Deutschland',
      level: 'bund',
      type: 'Bund',
      parent: null,
      seat: null,
      postcodes: [],
      population: null,
    },
  ];
  const lands = new Map<string, string>();
  for (const m of municipalities) lands.set(m.landCode, m.landName);
  for (const c of counties) lands.set(c.landCode, c.landName);
  for (const [code, name] of [...lands].sort()) {
    gebiete.push({
      ars: code,
      name,
      officialName: name,
      level: 'land',
      type: 'Land',
      parent: '00',
      seat: null,
      postcodes: [],
      population: null,
    });
  }
  const regierungsbezirke = new Map<string, string>();
  for (const c of counties) {
    if (c.regierungsbezirk && c.ags[2] !== '0') regierungsbezirke.set(c.ags.slice(0, 3), c.regierungsbezirk);
  }
  for (const [ars, name] of [...regierungsbezirke].sort()) {
    gebiete.push({
      ars,
      name,
      officialName: name,
      level: 'regierungsbezirk',
      type: 'Regierungsbezirk',
      parent: ars.slice(0, 2),
      seat: null,
      postcodes: [],
      population: null,
    });
  }
  for (const c of counties) {
    gebiete.push({
      ars: c.ags,
      name: shortName(c.officialName),
      officialName: c.officialName,
      level: 'kreis',
      type: c.type,
      parent: regierungsbezirke.has(c.ags.slice(0, 3)) ? c.ags.slice(0, 3) : c.landCode,
      seat: c.seat || null,
      postcodes: [],
      population: null,
    });
  }
  const realAssociations = new Set<string>();
  for (const a of associations) {
    if (a.typeCode === '50') continue;
    realAssociations.add(a.ars);
    gebiete.push({
      ars: a.ars,
      name: shortName(a.name),
      officialName: a.name,
      level: 'gemeindeverband',
      type: a.type,
      parent: a.kreisAgs || a.ars.slice(0, 2),
      seat: a.seat || null,
      postcodes: [],
      population: null,
    });
  }
  for (const m of municipalities) {
    // Uninhabited unincorporated areas (forests, lakes) are nobody's address.
    if (m.typeCode === '66') continue;
    gebiete.push({
      ars: m.ars,
      name: m.name,
      officialName: m.officialName,
      level: 'gemeinde',
      type: m.type,
      parent: realAssociations.has(m.verbandArs) ? m.verbandArs : m.kreisAgs || m.landCode,
      seat: null,
      postcodes: [...(postcodes.get(m.ars) ?? [])].sort(),
      population: m.population,
    });
  }
  return { gebiete, municipalities, associations, counties, droppedPostcodeRows };
}

export async function readReferenceData(dir?: string): Promise<ReferenceData> {
  const files = referenceFiles(dir);
  const [gemeinden, gemeindeverbaende, kreise, plz] = await Promise.all([
    readFile(files.gemeinden, 'utf8'),
    readFile(files.gemeindeverbaende, 'utf8'),
    readFile(files.kreise, 'utf8'),
    readFile(files.plz, 'utf8'),
  ]);
  return parseReferenceData({ gemeinden, gemeindeverbaende, kreise, plz });
}
