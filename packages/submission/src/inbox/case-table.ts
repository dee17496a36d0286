import { h } from './dom.js';
import { formatDate, type Locale, type Translate } from './format.js';
import type { InboxCase } from './source.js';

/**
 * The list of cases as a table: a caption, column headers, one row per case with the
 * reference as the open button (the row's name for screen readers). Built with plain DOM
 * calls into a fragment, once per list: 1,000 rows stay well inside a frame budget.
 */
export function renderCaseTable(
  cases: readonly InboxCase[],
  locale: Locale,
  t: Translate,
  onOpen: (caseId: string) => void,
): HTMLElement {
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      ...(['reference', 'service', 'date', 'status', 'verification', 'attachments'] as const).map((column) =>
        h('th', { scope: 'col' }, t(`ui.list.${column}`)),
      ),
    ),
  );
  const body = document.createElement('tbody');
  const rows = document.createDocumentFragment();
  const numbers = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE');
  for (const item of cases) {
    const row = document.createElement('tr');
    row.dataset.caseId = item.caseId;
    const date = formatDate(locale, item.submittedAt);
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'link';
    open.dataset.open = item.caseId;
    open.dataset.key = `open:${item.caseId}`;
    open.textContent = item.reference ?? t('ui.list.openCase', { date });
    const first = document.createElement('th');
    first.scope = 'row';
    first.append(open);
    if (!item.reference) {
      const note = document.createElement('span');
      note.className = 'sub';
      note.textContent = t('ui.list.unknownReference');
      first.append(note);
    }
    row.append(first);
    for (const text of [
      item.serviceName ?? t('ui.list.unknownService'),
      date,
      t(`status.${item.status}`),
      t(`verification.${item.verification}`),
      numbers.format(item.attachmentCount),
    ]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    (row.children[4] as HTMLElement).dataset.verification = item.verification;
    rows.append(row);
  }
  body.append(rows);
  // One listener for every row's button instead of a thousand.
  body.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLElement>('button[data-open]');
    if (button?.dataset.open) onOpen(button.dataset.open);
  });
  return h(
    'table',
    { class: 'cases', part: 'cases' },
    h('caption', {}, t('ui.list.caption', { count: numbers.format(cases.length) })),
    head,
    body,
  );
}
