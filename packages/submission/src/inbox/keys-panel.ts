import { h } from '@efa-kit/core/elements';
import type { PublicJwks } from './enrolment.js';
import { minPassphraseLength } from './enrolment.js';
import type { Translate } from './format.js';
import type { DestinationKeys } from './key-store.js';
import type { DestinationKeyInfo } from './source.js';

export type KeyAction = 'import' | 'generate' | 'restore';

export interface KeysPanelInput {
  destinations: readonly DestinationKeyInfo[];
  enrolled: ReadonlyMap<string, DestinationKeys>;
  /** The passphrase field, kept across renders so typing is never lost. */
  passphrase: HTMLInputElement;
  busy: boolean;
  lastEnrolment: {
    destinationId: string;
    publicJwks: PublicJwks;
    publicUrl: string;
    backupUrl: string | null;
  } | null;
  onAction: (action: KeyAction, destinationId: string, file?: File) => void;
}

function fileButton(
  label: string,
  key: string,
  disabled: boolean,
  onFile: (file: File) => void,
): HTMLElement {
  // A real file input, visible label as the button: keyboard and screen readers get the native control.
  const input = h('input', {
    type: 'file',
    id: key,
    class: 'file',
    accept: 'application/json,.json',
    'data-key': key,
  }) as HTMLInputElement;
  input.disabled = disabled;
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) onFile(file);
    input.value = '';
  });
  return h('span', { class: 'file-control' }, h('label', { for: key, class: 'label' }, label), input);
}

export function renderKeysPanel(input: KeysPanelInput, t: Translate): HTMLElement {
  const rows = input.destinations.map((destination) => {
    const stored = input.enrolled.get(destination.destinationId.toLowerCase());
    const expected = destination.encryptionKid;
    const expectedSigning = destination.signingKid;
    const state = !stored
      ? t('ui.keys.missing')
      : expected && expected !== stored.encryption.kid
        ? t('ui.keys.mismatch', { kid: expected })
        : expectedSigning && expectedSigning !== stored.signing.kid
          ? t('ui.keys.signingMismatch', { kid: expectedSigning })
          : !expectedSigning
            ? t('ui.keys.signingUnregistered', { kid: stored.encryption.kid.slice(0, 12) })
            : t('ui.keys.enrolled', { kid: stored.encryption.kid.slice(0, 12) });
    const id = destination.destinationId;
    const forText = t('ui.keys.forDestination', { destination: destination.authorityName });
    return h(
      'tr',
      { 'data-destination': id },
      h('th', { scope: 'row' }, destination.authorityName, h('span', { class: 'sub mono' }, id)),
      h('td', { 'data-state': stored ? 'enrolled' : 'missing' }, state),
      h(
        'td',
        {},
        h(
          'div',
          { class: 'actions' },
          fileButton(`${t('ui.keys.importFile')} ${forText}`, `import-${id}`, input.busy, (file) =>
            input.onAction('import', id, file),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'button button--secondary',
              'data-key': `generate-${id}`,
              'aria-label': `${t('ui.keys.generate')} ${forText}`,
              onclick: () => input.onAction('generate', id),
              ...(input.busy ? { disabled: true } : {}),
            },
            t('ui.keys.generate'),
          ),
          fileButton(`${t('ui.keys.restore')} ${forText}`, `restore-${id}`, input.busy, (file) =>
            input.onAction('restore', id, file),
          ),
        ),
      ),
    );
  });
  const last = input.lastEnrolment;
  return h(
    'section',
    { 'aria-labelledby': 'keys-heading', class: 'keys', part: 'keys' },
    h('h2', { id: 'keys-heading' }, t('ui.keys.heading')),
    h('p', {}, t('ui.keys.intro')),
    h(
      'div',
      { class: 'field' },
      h('label', { class: 'label', for: 'passphrase' }, t('ui.keys.passphrase')),
      h(
        'span',
        { class: 'hint', id: 'passphrase-hint' },
        t('ui.keys.passphraseHint', { minimum: String(minPassphraseLength) }),
      ),
      input.passphrase,
    ),
    input.destinations.length === 0
      ? h('p', {}, t('ui.keys.none'))
      : h(
          'table',
          { class: 'destinations' },
          h('caption', { class: 'visually-hidden' }, t('ui.keys.heading')),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, t('ui.keys.destination')),
              h('th', { scope: 'col' }, t('ui.keys.state')),
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('ui.keys.importFile'))),
            ),
          ),
          h('tbody', {}, ...rows),
        ),
    last &&
      h(
        'div',
        { class: 'notice', 'data-tone': 'success', 'data-enrolled': last.destinationId },
        h('h3', {}, t('ui.keys.publicHeading')),
        h('p', {}, t('ui.keys.publicIntro')),
        h('pre', { class: 'jwk', tabindex: '0' }, JSON.stringify(last.publicJwks, null, 2)),
        h(
          'p',
          { class: 'actions' },
          h(
            'a',
            {
              href: last.publicUrl,
              download: `public-keys-${last.destinationId}.json`,
              class: 'button button--secondary',
            },
            t('ui.keys.downloadPublic'),
          ),
          last.backupUrl &&
            h(
              'a',
              {
                href: last.backupUrl,
                download: `key-backup-${last.destinationId}.json`,
                class: 'button button--secondary',
                'data-backup': '',
              },
              t('ui.keys.downloadBackup'),
            ),
        ),
        last.backupUrl && h('p', { class: 'hint' }, t('ui.keys.backupHint')),
      ),
  );
}
