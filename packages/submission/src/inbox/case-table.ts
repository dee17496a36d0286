import { formatDate, type Locale, type Translate } from './format.js';
import type { InboxCase } from './source.js';

/**
 * The list of cases as an ARIA table (role table, rowgroup, row, columnheader, rowheader,
 * cell): a name, column headers, one row per case with the reference as the open button.
 * Every row is in the document (searchable, read by screen readers), but rows use
 * `content-visibility: auto`, so only those on screen are laid out: an HTML <table> of 1,000
 * rows costs the browser a full table layout of 6,000 cells (about four times the budget on
 * the bench machine), a grid row only its own. Built as one escaped HTML string: a thousand
 * rows in one parse, one listener for all buttons.
 */

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

const columns = ['reference', 'service', 'date', 'status', 'verification', 'attachments'] as const;

export function renderCaseTable(
  cases: readonly InboxCase[],
  locale: Locale,
  t: Translate,
  onOpen: (caseId: string) => void,
): HTMLElement {
  const numbers = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE');
  const labels = columns.map((column) => escapeHtml(t(`ui.list.${column}`)));
  // Shown above each value when the rows stack (narrow screens), as generated content with an
  // empty alternative text: assistive technology has the column headers.
  const label = (index: number) => ` data-label="${labels[index]}"`;
  let rows = '';
  for (const item of cases) {
    const date = formatDate(locale, item.submittedAt);
    const id = escapeHtml(item.caseId);
    const name = escapeHtml(item.reference ?? t('ui.list.openCase', { date }));
    const pending = item.reference
      ? ''
      : `<span class="sub">${escapeHtml(t('ui.list.unknownReference'))}</span>`;
    rows +=
      `<div role="row" class="row" data-case-id="${id}">` +
      `<span role="rowheader"${label(0)}><button type="button" class="link" data-open="${id}" data-key="open:${id}">${name}</button>${pending}</span>` +
      `<span role="cell"${label(1)}>${escapeHtml(item.serviceName ?? t('ui.list.unknownService'))}</span>` +
      `<span role="cell"${label(2)}>${escapeHtml(date)}</span>` +
      `<span role="cell" data-status="${escapeHtml(item.status)}"${label(3)}>${escapeHtml(t(`status.${item.status}`))}</span>` +
      `<span role="cell" data-verification="${escapeHtml(item.verification)}"${label(4)}>${escapeHtml(t(`verification.${item.verification}`))}</span>` +
      `<span role="cell"${label(5)}>${escapeHtml(numbers.format(item.attachmentCount))}</span>` +
      '</div>';
  }
  const caption = escapeHtml(t('ui.list.caption', { count: numbers.format(cases.length) }));
  // Parsed by an element of this document (a <template> would parse into another document,
  // and adopting 7,000 nodes on insertion costs more than the parse).
  const holder = document.createElement('div');
  holder.innerHTML =
    `<div role="table" class="cases" part="cases" aria-labelledby="cases-caption">` +
    `<div id="cases-caption" class="caption">${caption}</div>` +
    `<div role="rowgroup" class="head"><div role="row" class="row">${labels.map((text) => `<span role="columnheader">${text}</span>`).join('')}</div></div>` +
    `<div role="rowgroup" class="body">${rows}</div></div>`;
  const table = holder.firstElementChild as HTMLElement;
  table.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLElement>('button[data-open]');
    if (button?.dataset.open) onOpen(button.dataset.open);
  });
  return table;
}
