/**
 * Problems of a `reject-submission` event. FITKO asks receivers to copy `type` and `instance`
 * exactly from its catalogue (docs.fitko.de/fit-connect/docs/receiving/verification/,
 * quoted in shared/research/submission-delivery.md §1.6). Only entries whose `type` the kit
 * has from a source are listed here; the research notes name the catalogue but do not copy
 * it, so a finding without an entry is shown to the caseworker and offered for rejection only
 * once its entry is added here (see README, "Inbox").
 */
export const problemTypeBase = 'https://schema.fitko.de/fit-connect/events/problems/';

export interface CatalogueProblem {
  /** The last path segment of `type` under problemTypeBase. */
  name: string;
  /** `title` as FITKO documents it (German), sent as is. */
  title: string;
  /** How `instance` is formed: a fixed part name, or `attachment:<attachmentId>`. */
  instance: 'metadata' | 'data' | 'attachment';
}

export const rejectCatalogue = {
  // subscriber tests of the delivery service (delivery-service/subscriber.test.ts) and FITKO's
  // verification page: a SHA-512 in the metadata does not match the decrypted part.
  'hash-mismatch-data': { name: 'hash-mismatch', title: 'Prüfsumme stimmt nicht', instance: 'data' },
  'hash-mismatch-attachment': {
    name: 'hash-mismatch',
    title: 'Prüfsumme stimmt nicht',
    instance: 'attachment',
  },
} as const satisfies Record<string, CatalogueProblem>;

export type CatalogueKey = keyof typeof rejectCatalogue;

/** A problem as the reject-submission event carries it (RFC 7807 style). */
export interface RejectProblem {
  type: string;
  title: string;
  detail?: string;
  instance: string;
}

export function catalogueProblem(key: CatalogueKey, detail?: string, attachmentId?: string): RejectProblem {
  const entry: CatalogueProblem = rejectCatalogue[key];
  const instance = entry.instance === 'attachment' ? `attachment:${attachmentId ?? ''}` : entry.instance;
  return {
    type: `${problemTypeBase}${entry.name}`,
    title: entry.title,
    ...(detail ? { detail } : {}),
    instance,
  };
}
