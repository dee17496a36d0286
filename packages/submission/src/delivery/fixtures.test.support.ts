import { randomBytes, randomUUID } from 'node:crypto';
import { defineServiceCatalogue, type Leistungsschluessel } from '@efa-kit/core';
import type { ApplicationHandoff, PaidFee } from '@efa-kit/core/server';
import { sha512Hex } from '../fit-connect/index.js';

/**
 * Dog registrations for the crash tests, the resilience tests and the bench: the size of a
 * real one (the answers of a "Hund anmelden" form, one small upload), and a form that can
 * travel between processes (uploads as base64, read back into `content()`).
 */
export const dogLeikaKey = '99108008252000';
export const dogSchemaUri = 'https://schema.example/hund-anmelden/1.0.schema.json';

export function dogCatalogue(destinationId: string) {
  return defineServiceCatalogue([
    {
      leikaKey: dogLeikaKey as Leistungsschluessel,
      name: { de: 'Hund anmelden', en: 'Register a dog' },
      formId: 'dog-registration',
      path: '/antrag/hund-anmelden',
      trustLevel: 'substantial',
      feeScheduleId: 'hundesteuer-pirna-2026',
      destination: { kind: 'fixed', destinationId },
    },
  ]);
}

/** The payment the sink finds for the application: the fee was paid before the submit. */
export function paidFeeFor(applicationId: string): PaidFee {
  return {
    paymentId: randomUUID(),
    transactionReference: `KZ-${applicationId.slice(0, 8).toUpperCase()}`,
    transactionId: applicationId.replaceAll('-', '').slice(0, 30),
    paymentMethod: 'GIROPAY',
    grossCents: 2500,
    paidAt: new Date().toISOString(),
  };
}

/** A handoff whose uploads are plain bytes (what crosses a process boundary). */
export type PortableHandoff = Omit<ApplicationHandoff, 'uploads'> & {
  uploads: Array<Omit<ApplicationHandoff['uploads'][number], 'content'> & { base64: string }>;
};

export function fromPortable(portable: PortableHandoff): ApplicationHandoff {
  return {
    ...portable,
    uploads: portable.uploads.map(({ base64, ...upload }) => {
      const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
      return { ...upload, content: async () => bytes };
    }),
  };
}

/** A small but real-looking upload (about 2 kB, a scanned vaccination certificate stand-in). */
function uploadBytes(): Uint8Array {
  const header = '%PDF-1.7\n% Impfausweis Bello, Tollwut 2026\n';
  return new Uint8Array(Buffer.concat([Buffer.from(header), randomBytes(2048)]));
}

export function dogRegistration(subject = `subject-${randomUUID()}`): PortableHandoff {
  const upload = uploadBytes();
  const applicationId = randomUUID();
  return {
    applicationId,
    formId: 'dog-registration',
    formVersion: '1.0.0',
    locale: 'de',
    subject,
    trustLevel: 'substantial',
    data: {
      G99777000010: {
        F99777000011: 'Erika',
        F99777000012: 'Mustermann',
        F99777000013: '1980-02-29',
        anschrift: { strasse: 'Dohnaische Straße', hausnummer: '12', plz: '01796', ort: 'Pirna' },
        email: 'erika.mustermann@example.org',
      },
      hunde: [
        {
          name: 'Bello',
          rasse: 'Labrador Retriever',
          geburtsdatum: '2024-05-01',
          geschlecht: 'männlich',
          chipnummer: '276098106512345',
          haltungSeit: '2026-11-01',
          gefaehrlich: false,
        },
      ],
      ermaessigung: { beantragt: false },
      bankverbindung: { iban: 'DE02120300000000202051', kontoinhaber: 'Erika Mustermann' },
      einwilligung: true,
    },
    schemaUri: dogSchemaUri,
    summary: [
      {
        title: 'Halterin',
        lines: [
          { label: 'Name', value: 'Erika Mustermann' },
          { label: 'Anschrift', value: 'Dohnaische Straße 12, 01796 Pirna' },
        ],
      },
      {
        title: 'Ihr Hund',
        lines: [
          { label: 'Name des Hundes', value: 'Bello' },
          { label: 'Rasse', value: 'Labrador Retriever' },
        ],
      },
    ],
    feeAnswers: { dogs: 1 },
    place: { postcode: '01796', municipality: 'Pirna' },
    uploads: [
      {
        attachmentId: randomUUID(),
        filename: 'impfausweis.pdf',
        mimeType: 'application/pdf',
        size: upload.byteLength,
        sha512: sha512Hex(upload),
        purpose: 'attachment',
        base64: Buffer.from(upload).toString('base64'),
      },
    ],
  };
}

/** Stands in for the rendered application PDF where its content does not matter. */
export const placeholderApplicationPdf = new TextEncoder().encode(
  '%PDF-1.7\n% Antrag Hund anmelden (application PDF stand-in)\n',
);
