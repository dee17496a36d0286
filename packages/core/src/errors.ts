import { type Catalogues, interpolate, type Locale, type MessageParams } from './i18n.js';

/** The transport status an error maps to; the names are tRPC's error codes. */
export type EfaErrorStatus =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNPROCESSABLE_CONTENT'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL_SERVER_ERROR'
  | 'BAD_GATEWAY'
  | 'SERVICE_UNAVAILABLE'
  | 'GATEWAY_TIMEOUT';

export interface ErrorDefinition {
  status: EfaErrorStatus;
  de: string;
  en: string;
}

/**
 * An error with a stable code (for programs and support), a status, and a German and English
 * message (for people). Thrown by domain code; the server's error formatter turns it into the
 * API error shape, the browser reads it back from there.
 */
export class EfaError extends Error {
  override readonly name = 'EfaError';

  constructor(
    readonly code: string,
    readonly status: EfaErrorStatus,
    readonly messages: Readonly<Record<Locale, string>>,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${messages.en}`, options);
  }

  localized(locale: Locale): string {
    return this.messages[locale];
  }
}

/** Duck-typed so that two copies of this package (a bundling accident) still agree. */
export function isEfaError(value: unknown): value is EfaError {
  return (
    value instanceof Error &&
    value.name === 'EfaError' &&
    typeof (value as Partial<EfaError>).code === 'string' &&
    typeof (value as Partial<EfaError>).messages === 'object'
  );
}

export type ErrorFactory<C extends string> = (
  code: C,
  params?: MessageParams,
  options?: { cause?: unknown; details?: Record<string, unknown> },
) => EfaError;

/**
 * Declares a package's errors in one place:
 *
 *     export const paymentError = defineErrors({
 *       PAYMENT_AMOUNT_MISMATCH: { status: 'CONFLICT', de: '…', en: '…' },
 *     });
 *     throw paymentError('PAYMENT_AMOUNT_MISMATCH', { expected: '12,00 €' });
 */
export function defineErrors<const T extends Record<string, ErrorDefinition>>(
  definitions: T,
): ErrorFactory<keyof T & string> & { definitions: T } {
  const factory = (
    code: keyof T & string,
    params?: MessageParams,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) => {
    const definition = definitions[code];
    if (!definition) throw new RangeError(`Unknown error code ${code}`);
    return new EfaError(
      code,
      definition.status,
      { de: interpolate(definition.de, params), en: interpolate(definition.en, params) },
      { ...params, ...options?.details },
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
  };
  return Object.assign(factory, { definitions });
}

/** The error catalogue as message catalogues, for clients that show codes they receive. */
export function errorCatalogues<T extends Record<string, ErrorDefinition>>(
  definitions: T,
): Catalogues<keyof T & string> {
  const de = {} as Record<keyof T & string, string>;
  const en = {} as Record<keyof T & string, string>;
  for (const [code, definition] of Object.entries(definitions) as [keyof T & string, ErrorDefinition][]) {
    de[code] = definition.de;
    en[code] = definition.en;
  }
  return { de, en };
}
