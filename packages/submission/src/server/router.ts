import { authedProcedure, router } from '@efa-kit/core/server';
import { z } from 'zod';
import { deliveryError } from '../delivery/errors.js';
import type { DeliveryPipeline } from '../delivery/pipeline.js';
import { deliveryStates } from '../delivery/storage.js';

/** Rate-limit points (procedure meta `cost`): status reads are cheap, but polled. */
export const submissionProcedureCosts = { status: 1, list: 2 } as const;

const applicationIdSchema = z.object({ applicationId: z.uuid() });

/** An application's delivery as its owner sees it (`DeliveryStatus`), described in /openapi.json. */
const deliveryStatusSchema = z.object({
  applicationId: z.string(),
  reference: z.string(),
  delivery: z.enum(['pending', 'submitted', 'accepted', 'rejected', 'failed']),
  state: z.enum(deliveryStates),
  submittedAt: z.iso.datetime(),
  deliveredAt: z.iso.datetime().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  leikaKey: z.string(),
  formId: z.string(),
  lastError: z.string().nullable(),
});

/**
 * `submission.*`: the citizen's view of her applications. Only the signed-in owner sees an
 * application; for anyone else it does not exist (the same NOT_FOUND as an unknown id). No
 * procedure declares a public cache class, so every answer is `private, no-store`.
 */
export function createSubmissionRouter(options: { pipeline: DeliveryPipeline }) {
  const { pipeline } = options;
  return router({
    status: authedProcedure
      .meta({ cost: submissionProcedureCosts.status })
      .input(applicationIdSchema)
      .output(deliveryStatusSchema)
      .query(async ({ ctx, input }) => {
        const status = await pipeline.statusFor(ctx.session.subject, input.applicationId);
        if (!status) throw deliveryError('SUBMISSION_NOT_FOUND');
        return status;
      }),

    list: authedProcedure
      .meta({ cost: submissionProcedureCosts.list })
      .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 }))
      .output(z.array(deliveryStatusSchema))
      .query(({ ctx, input }) => pipeline.listFor(ctx.session.subject, input.limit)),
  });
}
