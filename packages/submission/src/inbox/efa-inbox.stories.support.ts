import { CompactEncrypt } from 'jose';
import { importKeyFile } from './enrolment.js';
import { sha512Hex } from './hash.js';
import { type KeyStore, memoryKeyStore } from './key-store.js';
import { type MemoryInboxSource, memoryInboxSource } from './memory-source.js';
import type { InboxCase } from './source.js';

/**
 * Story data made in the browser: a destination key pair generated here, submissions
 * encrypted to it as a portal would send them (FITKO metadata 1.0.0, SHA-512 of every part,
 * JWE RSA-OAEP-256/A256GCM), the key enrolled in a key store held in memory.
 */
export const storyDestinationId = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';
const leikaKey = '99108008252000';
const services = ['Hundesteuer: Anmeldung', 'Wohngeld: Erstantrag', 'Anwohnerparkausweis'];
const statuses: InboxCase['status'][] = ['received', 'in_progress', 'action_required', 'decided', 'rejected'];

export function storyCases(count: number): InboxCase[] {
  return Array.from({ length: count }, (_, i) => ({
    caseId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    submissionId: `10000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    destinationId: storyDestinationId,
    serviceName: services[i % services.length] ?? null,
    leikaKey,
    submittedAt: new Date(Date.UTC(2026, 11, 1, 8) - i * 5_400_000).toISOString(),
    status: statuses[i % statuses.length] ?? 'received',
    reference: i % 3 === 0 ? null : `EFA-${(7000 + i).toString(36).toUpperCase()}-9QXD-W`,
    verification: i % 3 === 0 ? 'unchecked' : i % 7 === 0 ? 'invalid' : 'valid',
    attachmentCount: i % 3,
  }));
}

const destinations = [
  { destinationId: storyDestinationId, authorityName: 'Stadt Pirna', encryptionKid: null, signingKid: null },
];

export function listSource(count: number): MemoryInboxSource {
  return memoryInboxSource({
    destinations,
    cases: storyCases(count).map((summary) => ({ summary, encrypted: {} as never })),
  });
}

async function encrypt(key: CryptoKey, bytes: Uint8Array, cty: string): Promise<string> {
  return new CompactEncrypt(bytes)
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty })
    .encrypt(key);
}

/** One encrypted dog registration with an attachment; `tamper` sends other bytes than announced. */
export async function openedStory(
  tamper: boolean,
): Promise<{ source: MemoryInboxSource; keyStore: KeyStore; caseId: string }> {
  const pair = (await crypto.subtle.generateKey(
    { name: 'RSA-OAEP', hash: 'SHA-256', modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ['encrypt', 'decrypt'],
  )) as CryptoKeyPair;
  const keyStore = memoryKeyStore();
  const { keys } = await importKeyFile(
    storyDestinationId,
    JSON.stringify(await crypto.subtle.exportKey('jwk', pair.privateKey)),
  );
  await keyStore.put(keys);
  const data = new TextEncoder().encode(
    JSON.stringify({
      owner: {
        givenName: 'Erika',
        familyName: 'Mustermann',
        street: 'Dohnaische Straße 1',
        town: '01796 Pirna',
      },
      dogName: 'Bello',
      dogBreed: 'Mischling',
      keptSince: '2026-11-15',
      dangerousDog: false,
    }),
  );
  const attachment = new TextEncoder().encode('%PDF-1.7\n% Impfpass Bello\n%%EOF\n');
  const sent = tamper ? new TextEncoder().encode('%PDF-1.7\n% ausgetauscht\n%%EOF\n') : attachment;
  const attachmentId = '2a6b1c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d';
  const metadata = {
    $schema: 'https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json',
    contentStructure: {
      data: {
        hash: { type: 'sha512', content: await sha512Hex(data) },
        submissionSchema: {
          schemaUri: 'https://efa-kit.example/forms/dog/1.0.0',
          mimeType: 'application/json',
        },
      },
      attachments: [
        {
          attachmentId,
          hash: { type: 'sha512', content: await sha512Hex(attachment) },
          purpose: 'attachment',
          mimeType: 'application/pdf',
          filename: 'Impfpass.pdf',
        },
      ],
    },
    publicServiceType: {
      identifier: `urn:de:fim:leika:leistung:${leikaKey}`,
      name: 'Hundesteuer: Anmeldung',
    },
    additionalReferenceInfo: { senderReference: 'EFA-7K3M-9QXD-W', applicationDate: '2026-12-01' },
  };
  const summary = {
    ...(storyCases(1)[0] as InboxCase),
    status: 'received' as const,
    reference: null,
    verification: 'unchecked' as const,
  };
  const source = memoryInboxSource({
    destinations,
    cases: [
      {
        summary,
        encrypted: {
          caseId: summary.caseId,
          submissionId: summary.submissionId,
          destinationId: storyDestinationId,
          encryptedMetadata: await encrypt(
            pair.publicKey,
            new TextEncoder().encode(JSON.stringify(metadata)),
            'application/json',
          ),
          encryptedData: await encrypt(pair.publicKey, data, 'application/json'),
          attachments: [{ attachmentId, jwe: await encrypt(pair.publicKey, sent, 'application/pdf') }],
          announcedAttachmentIds: [attachmentId],
          status: 'received',
          events: [],
        },
      },
    ],
  });
  return { source, keyStore, caseId: summary.caseId };
}
