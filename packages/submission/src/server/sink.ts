import { type EfaService, newReferenceNumber, type ServiceCatalogue } from '@efa-kit/core';
import type { ApplicationHandoff, ApplicationSink, EfaContext, PaidFee } from '@efa-kit/core/server';
import { deliveryError } from '../delivery/errors.js';
import type { DeliveryPipeline } from '../delivery/pipeline.js';
import type { ApplicationView } from '../receipt/index.js';

/** The responsible authority of an application and its destination, found on the server. */
export interface RoutedApplication {
  destinationId: string;
  authority: { id: string; name: string; address?: string; contact?: string };
}

export interface ApplicationSinkOptions {
  pipeline: DeliveryPipeline;
  catalogue: ServiceCatalogue;
  /**
   * Finds the authority and destination for the application from what the server knows (the
   * applicant's address through the jurisdiction finder, the catalogue's destination rule),
   * never from the browser. Throws a coded, localized error when there is none.
   */
  route(service: EfaService, application: ApplicationHandoff): Promise<RoutedApplication>;
  /**
   * The fee paid for exactly this application by this person, for services with a fee
   * schedule; null when the answers make the fee zero (an exemption); throws a coded error
   * (payment required, not completed, amount changed).
   */
  paidFee?(
    service: EfaService & { feeScheduleId: string },
    application: ApplicationHandoff,
    ctx: EfaContext,
  ): Promise<PaidFee | null>;
  clock?: () => Date;
}

/**
 * The form assistant's `submit` port, composed from the catalogue, the finder (route), the
 * payment (paidFee) and the delivery pipeline. A repeated submit of the same application id
 * is answered from the stored application before anything is recomputed.
 */
export function createApplicationSink(options: ApplicationSinkOptions): ApplicationSink {
  const { pipeline, catalogue } = options;
  const clock = options.clock ?? (() => new Date());
  return async (ctx, application) => {
    const earlier = await pipeline.answerFor(application.subject, application.applicationId);
    if (earlier) return earlier;
    const service = catalogue.byFormId(application.formId);
    if (!service) throw deliveryError('SUBMISSION_SERVICE_UNKNOWN', { formId: application.formId });
    const routed = await options.route(service, application);
    let fee: PaidFee | null = null;
    if (service.feeScheduleId) {
      if (!options.paidFee)
        throw new Error(`service ${service.leikaKey} has a fee schedule but no paidFee port`);
      fee = await options.paidFee({ ...service, feeScheduleId: service.feeScheduleId }, application, ctx);
    }
    const reference = newReferenceNumber();
    const submittedAt = clock();
    const view: ApplicationView = {
      reference,
      submittedAt: submittedAt.toISOString(),
      locale: application.locale,
      authority: {
        name: routed.authority.name,
        ...(routed.authority.address ? { address: routed.authority.address } : {}),
        ...(routed.authority.contact ? { contact: routed.authority.contact } : {}),
      },
      service: { name: service.name[application.locale], leikaKey: service.leikaKey },
      summary: application.summary,
      attachments: application.uploads.map((upload) => ({
        filename: upload.filename,
        mimeType: upload.mimeType,
        size: upload.size,
        sha512: upload.sha512,
      })),
      ...(fee
        ? {
            fee: {
              amountCents: fee.grossCents,
              kassenzeichen: fee.transactionReference,
              paymentMethod: fee.paymentMethod,
            },
          }
        : {}),
    };
    return pipeline.accept({
      application,
      reference,
      submittedAt,
      service: { leikaKey: service.leikaKey, name: service.name.de },
      destinationId: routed.destinationId,
      fee,
      receipt: { ...view, authorityId: routed.authority.id },
    });
  };
}
