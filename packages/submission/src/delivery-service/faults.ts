import { Problem } from './problems.js';

/**
 * Fault control for crash tests of senders: holds a request of the development delivery
 * service at a chosen point until the test releases it, and tells the test when a request got
 * there, so that a test can kill the sender at exactly that moment. Programmatic only (the
 * `faults` option of `createDeliveryService`): no HTTP route reaches it, and without the option
 * the service never waits.
 *
 * Points, in the order a sender meets them:
 * - `create-before-commit`, `create-after-commit`: `POST /v1/submissions`, before the new
 *   submission is stored, and after it is stored but before the answer is sent (a sender killed
 *   then never learns the id: the submission is orphaned, FITKO deletes it after a day);
 * - `upload-before-commit`, `upload-after-commit`: `PUT …/attachments/{id}`;
 * - `submit-before-commit`, `submit-after-commit`: `PUT /v1/submissions/{id}`; after the commit
 *   the submission is submitted, while the sender has not heard so yet.
 */
export const faultPoints = [
  'create-before-commit',
  'create-after-commit',
  'upload-before-commit',
  'upload-after-commit',
  'submit-before-commit',
  'submit-after-commit',
] as const;
export type FaultPoint = (typeof faultPoints)[number];

/** What a request at a point is about (ids are unknown before a create commits). */
export interface FaultContext {
  point: FaultPoint;
  destinationId: string;
  submissionId: string | null;
  caseId: string | null;
  attachmentId: string | null;
}

/**
 * `proceed`: the request goes on as if nothing happened (after a commit: the answer is sent);
 * `fail`: it ends with a 500 problem (before a commit: nothing is stored).
 */
export type FaultOutcome = 'proceed' | 'fail';

export interface HeldRequest {
  readonly context: FaultContext;
  release(outcome?: FaultOutcome): void;
}

export interface ArmedFault {
  /** Resolves when a matching request reaches the point; that request waits for `release`. */
  readonly reached: Promise<HeldRequest>;
  /** Disarms the fault if no request has reached it yet. */
  cancel(): void;
}

/** What the service calls at each point (internal: the test holds the `FaultControl`). */
export interface FaultHook {
  at(context: FaultContext): Promise<void>;
}

export interface FaultControl extends FaultHook {
  /**
   * Arms a one-shot fault: the next request at `point` for which `when` holds (default: any)
   * is held until released.
   */
  hold(point: FaultPoint, when?: (context: FaultContext) => boolean): ArmedFault;
  /** Every request that passed a point so far, held or not, oldest first. */
  passes(point?: FaultPoint): FaultContext[];
  /** Releases every held request and disarms every fault (for test teardown). */
  releaseAll(outcome?: FaultOutcome): void;
}

interface Armed {
  point: FaultPoint;
  when: (context: FaultContext) => boolean;
  reach(held: HeldRequest): void;
}

export function createFaultControl(): FaultControl {
  let armed: Armed[] = [];
  const held = new Set<(outcome: FaultOutcome) => void>();
  const log: FaultContext[] = [];

  return {
    hold(point, when = () => true) {
      let reach!: (held: HeldRequest) => void;
      const reached = new Promise<HeldRequest>((resolve) => {
        reach = resolve;
      });
      const entry: Armed = { point, when, reach };
      armed.push(entry);
      return {
        reached,
        cancel: () => {
          armed = armed.filter((candidate) => candidate !== entry);
        },
      };
    },

    passes: (point) => log.filter((context) => point === undefined || context.point === point),

    releaseAll(outcome = 'proceed') {
      armed = [];
      for (const release of [...held]) release(outcome);
    },

    async at(context) {
      log.push({ ...context });
      const entry = armed.find((candidate) => candidate.point === context.point && candidate.when(context));
      if (!entry) return;
      armed = armed.filter((candidate) => candidate !== entry);
      const outcome = await new Promise<FaultOutcome>((resolve) => {
        const release = (chosen: FaultOutcome) => {
          if (!held.delete(release)) return;
          resolve(chosen);
        };
        held.add(release);
        entry.reach({ context: { ...context }, release: (chosen = 'proceed') => release(chosen) });
      });
      if (outcome === 'fail')
        throw new Problem('internal-server-error', `fault injected at ${context.point}`);
    },
  };
}
