export {
  createJurisdictionCapability,
  type JurisdictionCapability,
  type JurisdictionCapabilityOptions,
} from './capability.js';
export { catalogue, onlineServices } from './catalogue.js';
export { CsvSyntaxError, parseCsv } from './csv.js';
export { csvTemplateColumns, importCsvTemplate, parseCsvTemplate } from './csv-template.js';
export { jurisdictionError } from './errors.js';
export {
  createJurisdictionFastPath,
  defaultFastPathCacheBytes,
  type FastPathCacheStats,
  type JurisdictionFastPath,
  type JurisdictionFastPathOptions,
} from './http-fast-path.js';
export { defaultMaxImportBytes, type ImportContext, type ImportResult } from './import-common.js';
export { LiveIndex, loadIndex } from './live-index.js';
export {
  type AssociationRecord,
  type CountyRecord,
  type MunicipalityRecord,
  packagedDataDir,
  parseReferenceData,
  type ReferenceData,
  readReferenceData,
  referenceFiles,
  shortName,
} from './reference-data.js';
export {
  createJurisdictionRouter,
  type IndexSource,
  type JurisdictionRouter,
  type JurisdictionRouterOptions,
  jurisdictionCacheMeta,
} from './router.js';
export { type DerivedAuthorities, deriveSaxonAuthorities } from './saxony.js';
export { type JurisdictionData, JurisdictionIndex } from './search-index.js';
export { importServicesCsv, isServicesCsv, parseServicesCsv } from './services-csv.js';
export {
  type JurisdictionDb,
  jurisdictionDb,
  jurisdictionMigrations,
  loadData,
  recordDataset,
  type SeedResult,
  seedReferenceData,
  writeData,
} from './storage.js';
export { decompound, normalize, stem, termsOf, words } from './text.js';
export { importXzufi, parseXzufi } from './xzufi.js';
