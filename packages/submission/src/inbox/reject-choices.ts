import { type CatalogueKey, catalogueProblem, type RejectProblem, rejectCatalogue } from './catalogue.js';
import type { VerificationReport } from './verification.js';

export interface RejectChoice {
  problem: RejectProblem;
  /** Whether a check of this case found it (listed first). */
  found: boolean;
}

/**
 * What a caseworker may reject with: first the problems the checks found, then every other
 * catalogue entry (per attachment where the entry names one). Types and instances always come
 * from the catalogue, never from free text.
 */
export function answerChoices(report: VerificationReport, attachmentIds: readonly string[]): RejectChoice[] {
  const seen = new Set<string>();
  const choices: RejectChoice[] = [];
  const add = (problem: RejectProblem, found: boolean) => {
    const key = `${problem.type} ${problem.instance}`;
    if (seen.has(key)) return;
    seen.add(key);
    choices.push({ problem, found });
  };
  for (const finding of report.findings) if (finding.problem) add(finding.problem, true);
  for (const key of Object.keys(rejectCatalogue) as CatalogueKey[]) {
    if (rejectCatalogue[key].instance === 'attachment')
      for (const id of attachmentIds) add(catalogueProblem(key, undefined, id), false);
    else add(catalogueProblem(key), false);
  }
  return choices;
}
