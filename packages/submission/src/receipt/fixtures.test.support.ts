import { newReferenceNumber } from '@efa-kit/core';
import type { AnswerSection } from '@efa-kit/core/server';
import type { ReceiptView } from './view.js';

/** A dog registration in Pirna, as the receipt tests use it. */
export const dogSummary: readonly AnswerSection[] = [
  {
    title: 'Angaben zur Person',
    lines: [
      { label: 'Name', value: 'Jürgen Meißner-Özdemir' },
      { label: 'Anschrift', value: 'Dohnaische Straße 12\n01796 Pirna' },
    ],
  },
  {
    title: 'Angaben zum Hund',
    lines: [
      { label: 'Rufname', value: 'Bärbel' },
      { label: 'Rasse', value: 'Großer Münsterländer' },
      { label: 'Sonderzeichen', value: 'ä ö ü ß € Ä Ö Ü' },
    ],
  },
];

/** A real reference number (with its check symbol), fixed so the PDFs are reproducible. */
export const reference = newReferenceNumber((count) =>
  Uint8Array.from({ length: count }, (_, i) => i * 7 + 3),
);

export const sha512 =
  'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e';

export function receiptView(overrides: Partial<ReceiptView> = {}): ReceiptView {
  return {
    reference,
    submittedAt: '2026-12-03T13:05:00Z',
    locale: 'de',
    authority: {
      name: 'Stadtverwaltung Pirna, Steueramt',
      address: 'Am Markt 1\n01796 Pirna',
      contact: 'Telefon 03501 556-0\nsteueramt@pirna.example',
    },
    service: { name: 'Hund anmelden', leikaKey: '99108008000000' },
    summary: dogSummary,
    attachments: [{ filename: 'Impfpass-Bärbel.pdf', mimeType: 'application/pdf', size: 123_456, sha512 }],
    fee: { amountCents: 1_250, kassenzeichen: 'KZ-2026-000123', paymentMethod: 'GIROPAY' },
    delivery: {
      status: 'submitted',
      submissionId: '1f0e7c9a-2b5d-4e6f-8a9b-0c1d2e3f4a5b',
      caseId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      at: '2026-12-03T13:05:07Z',
    },
    ...overrides,
  };
}

/** `count` answers over a few sections, each label and value unique and in order. */
export function longSummary(count: number): AnswerSection[] {
  const sections: AnswerSection[] = [];
  for (let start = 0; start < count; start += 50) {
    const lines = [];
    for (let index = start; index < Math.min(count, start + 50); index += 1) {
      const n = String(index + 1).padStart(3, '0');
      lines.push({ label: `Frage-${n}`, value: `Antwort-${n} Einkommen im Monat ${n} in Euro` });
    }
    sections.push({ title: `Abschnitt ${start / 50 + 1}`, lines });
  }
  return sections;
}
