import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPaymentChunks, exportPeriod, paymentsCsv, paymentsCsvHeader } from './export.js';
import { exportToken, startTestPortal, type TestPortal } from './http-harness.test.support.js';
import type { PaymentRow } from './storage.js';

// Issue 17: the long fuzz run's CSV export grew with the payments earlier runs had made (1,000
// payments 0.4 s, 4,000 1.7 s, 20,000 5.0 s on the loaded machine, in one read and one string).
// The export now reads and writes a page of payments at a time; the file stays the same.

const year = { from: '2026-01-01', to: '2026-12-31' };

describe('the CSV export in pages (issue 17)', () => {
  it('reads page after page with a keyset cursor and yields the header, then each page', async () => {
    const all = Array.from({ length: 1234 }, (_, i) => ({
      id: `p${String(i).padStart(5, '0')}`,
      kassenzeichen: `KZ${i}`,
      service_id: '99102013104000',
      status: 'paid',
      total_cents: 2000,
      items: [{ description: { de: 'Gebühr' }, totalCents: 2000, bookingData: {} }],
      created_at: new Date('2026-06-01T10:00:00Z'),
      paid_at: null,
    }));
    const calls: Array<{ limit: number; afterId?: string }> = [];
    const service = {
      async rows(_from: Date, _to: Date, _statuses: unknown, page?: { limit: number; afterId?: string }) {
        if (!page) throw new Error('the export must read in pages');
        calls.push(page);
        const start = page.afterId === undefined ? 0 : all.findIndex((row) => row.id === page.afterId) + 1;
        return all.slice(start, start + page.limit) as unknown as PaymentRow[];
      },
    };
    const chunks: string[] = [];
    const pages = exportPaymentChunks(service, year, 500);
    let next = await pages.next();
    while (!next.done) {
      chunks.push(next.value);
      next = await pages.next();
    }
    expect(next.value).toBe(1234);
    expect(calls).toEqual([
      { limit: 500 },
      { limit: 500, afterId: 'p00499' },
      { limit: 500, afterId: 'p00999' },
    ]);
    expect(chunks[0]).toBe(paymentsCsvHeader());
    expect(chunks).toHaveLength(4);
    expect(chunks.slice(1).map((chunk) => chunk.split('\r\n').length - 1)).toEqual([500, 500, 234]);
  });

  it('refuses a period over a year before reading anything', () => {
    expect(() => exportPeriod({ from: '2025-01-01', to: '2026-12-31' })).toThrow(/PAYMENT_EXPORT_TOO_LONG/);
  });

  describe('over HTTP on the database', () => {
    let portal: TestPortal;
    beforeAll(async () => {
      portal = await startTestPortal();
      // 1,234 payments in one statement: all with the same created_at (to the microsecond), so
      // the pages are told apart by id alone.
      await sql`insert into efa_payment.payment (id, idempotency_key, request_hash, service_id,
          kassenzeichen, status, total_cents, items, purpose, return_path, provider, owner_hash)
        select 'bulk-' || lpad(g::text, 5, '0'), 'key-' || g, 'h', '99102013104000', 'KZ' || g, 'paid', 2000,
          '[{"id":"gebuehr","description":{"de":"Gebühr","en":"Fee"},"quantity":1,"unitCents":2000,"totalCents":2000,"bookingData":{"Haushaltsstelle":"1.1.2","Sachkonto":"4311"}}]'::jsonb,
          'Hund anmelden', '/', 'simulator', 'owner'
        from generate_series(1, 1234) g`.execute(portal.db);
    }, 300_000);
    afterAll(async () => {
      await portal?.close();
    });

    it('sends every payment once, in order, the same file as in one read', async () => {
      const response = await fetch(`${portal.base}/payment/export.csv?from=${year.from}&to=${year.to}`, {
        headers: { authorization: `Bearer ${exportToken}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename="zahlungen_2026-01-01_2026-12-31.csv"',
      );
      const csv = await response.text();
      const { from, to } = exportPeriod(year);
      const rows = await portal.service.rows(from, to);
      expect(rows.length).toBeGreaterThanOrEqual(1234);
      expect(csv).toBe(paymentsCsv(rows));
      const ids = csv
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(';')[1]);
      expect(new Set(ids).size).toBe(rows.length);
      expect(ids.filter((id) => id?.startsWith('bulk-'))).toHaveLength(1234);
    });

    it('answers HEAD with the headers only', async () => {
      const response = await fetch(`${portal.base}/payment/export.csv?from=${year.from}&to=${year.to}`, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${exportToken}` },
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('');
    });
  });
});
