import { h } from '@efa-kit/core/elements';
import { renderAnswers } from './answers.js';
import type { DecryptedAttachment } from './decrypt.js';
import { formatSize, type Locale, type Translate } from './format.js';
import { answerChoices, type RejectChoice } from './reject-choices.js';
import type { CheckName, VerificationReport } from './verification.js';

/** The parts of an opened case that only show what was decrypted and checked. */

export function renderVerification(report: VerificationReport, t: Translate): HTMLElement {
  const tone = report.result === 'valid' ? 'success' : report.result === 'invalid' ? 'danger' : 'info';
  const checks = Object.entries(report.checks) as Array<[CheckName, 'passed' | 'failed' | 'skipped']>;
  return h(
    'section',
    { 'aria-labelledby': 'verification-heading', class: 'notice', 'data-tone': tone, part: 'verification' },
    h('h3', { id: 'verification-heading' }, t('ui.case.verificationHeading')),
    h('p', { 'data-result': report.result }, h('strong', {}, t(`ui.case.${report.result}`))),
    h(
      'ul',
      { class: 'checks' },
      ...checks.map(([check, status]) =>
        h(
          'li',
          { 'data-check': check, 'data-status': status },
          `${t(`check.${check}`)}: ${t(`checkStatus.${status}`)}`,
        ),
      ),
    ),
    report.findings.length > 0 &&
      h(
        'ul',
        { class: 'findings' },
        ...report.findings.map((finding) =>
          h(
            'li',
            { 'data-finding': finding.code },
            t(`finding.${finding.code}`, { part: finding.attachmentId ?? finding.part }),
            h('span', { class: 'sub' }, finding.detail),
          ),
        ),
      ),
  );
}

export function renderData(data: Uint8Array | null, t: Translate): HTMLElement {
  let content: Node;
  try {
    content = data
      ? renderAnswers(JSON.parse(new TextDecoder().decode(data)))
      : h('p', {}, t('ui.case.noAnswers'));
  } catch {
    content = h('p', {}, t('ui.case.noAnswers'));
  }
  return h(
    'section',
    { 'aria-labelledby': 'answers-heading', class: 'answers', part: 'answers' },
    h('h3', { id: 'answers-heading' }, t('ui.case.answers')),
    content,
  );
}

export function renderAttachments(
  attachments: ReadonlyArray<DecryptedAttachment & { url: string }>,
  locale: Locale,
  t: Translate,
): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'attachments-heading', part: 'attachments' },
    h('h3', { id: 'attachments-heading' }, t('ui.case.attachmentsHeading')),
    attachments.length === 0
      ? h('p', {}, t('ui.case.noAttachments'))
      : h(
          'ul',
          {},
          ...attachments.map((attachment) => {
            const filename = attachment.filename ?? `${attachment.attachmentId}`;
            return h(
              'li',
              {},
              h(
                'a',
                { href: attachment.url, download: filename, 'data-attachment': attachment.attachmentId },
                t('ui.case.download', { filename, size: formatSize(locale, attachment.bytes.byteLength) }),
              ),
            );
          }),
        ),
  );
}

export function renderRejectSelect(report: VerificationReport, attachmentIds: readonly string[]) {
  const choices: RejectChoice[] = answerChoices(report, attachmentIds);
  const select = h('select', { id: 'reject-problem', name: 'problem' }) as HTMLSelectElement;
  choices.forEach((choice, index) => {
    const option = h(
      'option',
      { value: String(index) },
      `${choice.problem.title} (${choice.problem.instance})`,
    );
    select.append(option);
  });
  return { select, choices };
}
