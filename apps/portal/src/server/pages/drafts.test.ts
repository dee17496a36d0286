import {
  createDatabase,
  createDataSealer,
  generateDataKeyEntry,
  migrate,
  parseDataKeyRing,
} from '@efa-kit/core/server';
import { createDraftStore, formAssistantMigrations, uploadOwnerHash } from '@efa-kit/form-assistant/server';
import { describe, expect, it } from 'vitest';
import type { PageContext } from '../capability.js';
import { readConfig } from '../config.js';
import { draftsPage, resumePage } from './drafts.js';

const sealer = createDataSealer(parseDataKeyRing(generateDataKeyEntry('page')));

function context(subject: string | null, locale: 'de' | 'en' = 'de'): PageContext {
  return {
    locale,
    url: new URL('http://localhost:3000/mein-konto/entwuerfe'),
    config: readConfig({}),
    stateScope: null,
    session: subject
      ? {
          id: `s-${subject}`,
          subject,
          trustLevel: 'substantial',
          displayName: subject,
          kind: 'person',
          roles: [],
        }
      : null,
  };
}

describe('"Meine Entwürfe"', () => {
  it('lists the logged-in person’s drafts only, with when they are deleted; anonymously only the login', async () => {
    const db = await createDatabase();
    try {
      await migrate(db, [formAssistantMigrations]);
      const store = createDraftStore({ db, sealer, now: () => new Date('2026-12-03T10:00:00Z') });
      const content = { data: { secret: 'Erikas Antwort' }, stepId: 'wohnung' };
      const erikas = await store.create({
        formId: 'housing-benefit',
        formVersion: '1.0.0',
        ownerHash: uploadOwnerHash('erika'),
        content,
      });
      const maxs = await store.create({
        formId: 'dog-registration',
        formVersion: '1.0.0',
        ownerHash: uploadOwnerHash('max'),
        content,
      });
      const anonymous = await store.create({
        formId: 'dog-registration',
        formVersion: '1.0.0',
        ownerHash: null,
        content,
      });
      const page = draftsPage(store);
      const erika = String(await page.render(context('erika')));
      expect(erika).toContain(`/antrag/wohngeld#entwurf=${erikas.meta.draftId}`);
      expect(erika).toContain('Wohngeld beantragen (Erstantrag) fortsetzen');
      expect(erika).toContain('2. Januar 2027');
      expect(erika).not.toContain(maxs.meta.draftId);
      expect(erika).not.toContain(anonymous.meta.draftId);
      expect(erika).not.toContain('Erikas Antwort');
      const nobody = String(await page.render(context(null)));
      expect(nobody).toContain('Bitte melden Sie sich an, um Ihre Entwürfe zu sehen.');
      expect(nobody).not.toContain('#entwurf=');
      const english = String(await page.render(context('max', 'en')));
      expect(english).toContain('Continue Register a dog (dog tax)');
    } finally {
      await db.destroy();
    }
  });

  it('the resume page has a labelled code field and names every form page for its script', async () => {
    const page = String(await resumePage.render(context(null)));
    expect(page).toContain('<label for="resume-code">Code zum Fortsetzen</label>');
    expect(page).toContain('&quot;housing-benefit&quot;:&quot;/antrag/wohngeld&quot;');
  });
});
