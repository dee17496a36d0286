import type { Gebiet, Leistung, Onlinedienst, Organisationseinheit, Zustaendigkeit } from './index.js';

/** The whole dataset as plain records (what the index is built from and importers produce). */
export interface JurisdictionDataInput {
  gebiete: Gebiet[];
  leistungen: Leistung[];
  authorities: Organisationseinheit[];
  onlineServices: Onlinedienst[];
  zustaendigkeiten: Zustaendigkeit[];
}
