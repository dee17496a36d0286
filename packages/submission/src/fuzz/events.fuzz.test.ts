import { randomUUID } from 'node:crypto';
import { isEfaError } from '@efa-kit/core';
import {
  applyEdits,
  codedOutcome,
  codedOutcomeAsync,
  fuzzProperty,
  fuzzRuns,
  fuzzTimeout,
  withinBudget,
  withinBudgetAsync,
} from '@efa-kit/core/testing';
import { textEdits } from '@efa-kit/core/testing/fuzz-arbitraries';
import fc from 'fast-check';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { callbackAuthentication, verifyCallback } from '../delivery-service/callbacks.js';
import type { Destination } from '../delivery-service/config.js';
import { eventBase, setPayloadSchemaUri, verifyDestinationEvent } from '../delivery-service/events.js';
import { Problem } from '../delivery-service/problems.js';
import { verifyCaseEvent } from '../fit-connect/events.js';
import { SubmissionApiError } from '../fit-connect/submission-api.js';

// Issue 17: FIT-Connect Security Event Tokens (the sender's event log, the delivery service's
// subscriber endpoint) and callbacks (HMAC) are read from the network. Arbitrary and mutated
// tokens must verify or be refused with a coded error (SubmissionApiError / EfaError on the
// sender side, a problem+json Problem in the delivery service), within the budget.

const isCoded = (error: unknown) => error instanceof SubmissionApiError || isEfaError(error);
const isProblem = (error: unknown) => error instanceof Problem && typeof error.type === 'string';

const kid = 'fuzz-signing-key';
const destinationId = randomUUID();
const caseId = randomUUID();
const now = new Date('2026-12-03T12:00:00Z');
let privateKey: CryptoKey;
let publicKey: CryptoKey;
let destination: Destination;
let validToken: string;

function claims(extra: Record<string, unknown> = {}) {
  return {
    $schema: setPayloadSchemaUri,
    jti: randomUUID(),
    iss: destinationId,
    iat: Math.floor(now.getTime() / 1000) - 10,
    sub: `submission:${randomUUID()}`,
    txn: `case:${caseId}`,
    events: {
      [`${eventBase}reject-submission`]: {
        problems: [
          {
            type: 'https://schema.fitko.de/fit-connect/events/problems/x',
            title: 'x',
            instance: 'submission',
          },
        ],
      },
    },
    ...extra,
  };
}

function sign(payload: Record<string, unknown>, header: Record<string, unknown> = {}) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'PS512', typ: 'secevent+jwt', kid, ...header })
    .sign(privateKey);
}

beforeAll(async () => {
  ({ privateKey, publicKey } = await generateKeyPair('PS512', { modulusLength: 2048 }));
  const jwk = await exportJWK(publicKey);
  // Only the id and the signature key of a destination take part in verifying its events.
  destination = {
    destinationId,
    signingKey: { kty: 'RSA', kid, n: String(jwk.n), e: String(jwk.e) },
  } as Destination;
  validToken = await sign(claims());
});

const keys = { deliveryServiceKey: async () => publicKey, destinationKey: async () => publicKey };
const base64url = [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  '.',
  '..',
  '=',
  '+',
  '/',
];

const tokens = () =>
  fc.oneof(
    fc.string({ maxLength: 300 }),
    textEdits(base64url).map((edits) => applyEdits(validToken, edits)),
    fc
      .tuple(fc.string({ unit: fc.constantFrom(...base64url.slice(0, 64)), maxLength: 60 }), fc.nat(2))
      .map(([part, i]) => {
        const parts = validToken.split('.');
        parts[i] = part;
        return parts.join('.');
      }),
  );

/** Signed, well-formed JWS with hostile claims and headers: reaches the claim checks. */
const signedHostile = fc
  .tuple(
    fc.dictionary(
      fc.constantFrom('$schema', 'jti', 'iss', 'iat', 'sub', 'txn', 'events', 'exp', 'nbf', '__proto__'),
      fc.jsonValue({ maxDepth: 3 }),
      {
        maxKeys: 4,
      },
    ),
    fc.record(
      { typ: fc.constantFrom('secevent+jwt', 'JWT', ''), kid: fc.constantFrom(kid, 'other', '') },
      { requiredKeys: [] },
    ),
  )
  .map(([extra, header]) => ({ extra, header }));

describe('fuzz: FIT-Connect events (issue 17)', () => {
  it('round trip: a token signed with the key verifies on both sides', async () => {
    const event = await verifyDestinationEvent(validToken, destination, now);
    expect(event.eventName).toBe('reject-submission');
    const caseEvent = await verifyCaseEvent(validToken, caseId, keys, now);
    expect(caseEvent.caseId).toBe(caseId);
  });

  it(
    'sender event log: arbitrary and mutated SETs verify or are refused with a coded error',
    async () => {
      await fuzzProperty(
        'submission',
        'SET verifyCaseEvent arbitrary + mutated',
        (runs) =>
          fc.assert(
            fc.asyncProperty(tokens(), async (token) => {
              await codedOutcomeAsync(
                () => withinBudgetAsync(() => verifyCaseEvent(token, caseId, keys, now)),
                isCoded,
              );
            }),
            { numRuns: runs },
          ),
        fuzzRuns(150),
      );
    },
    fuzzTimeout(),
  );

  it(
    'delivery service subscriber endpoint: arbitrary and mutated SETs verify or are refused with a problem',
    async () => {
      await fuzzProperty(
        'submission',
        'SET verifyDestinationEvent arbitrary + mutated',
        (runs) =>
          fc.assert(
            fc.asyncProperty(tokens(), async (token) => {
              await codedOutcomeAsync(
                () => withinBudgetAsync(() => verifyDestinationEvent(token, destination, now)),
                isProblem,
              );
            }),
            { numRuns: runs },
          ),
        fuzzRuns(150),
      );
    },
    fuzzTimeout(),
  );

  it(
    'validly signed SETs with hostile claims and headers are refused with a coded error on both sides',
    async () => {
      await fuzzProperty(
        'submission',
        'SET signed hostile claims',
        (runs) =>
          fc.assert(
            fc.asyncProperty(signedHostile, async ({ extra, header }) => {
              const token = await sign(claims(extra), header);
              await codedOutcomeAsync(
                () => withinBudgetAsync(() => verifyDestinationEvent(token, destination, now)),
                isProblem,
              );
              await codedOutcomeAsync(
                () => withinBudgetAsync(() => verifyCaseEvent(token, caseId, keys, now)),
                isCoded,
              );
            }),
            { numRuns: runs },
          ),
        // Each run signs with RSA: fewer in the short run.
        fuzzRuns(40),
      );
    },
    fuzzTimeout(),
  );
});

describe('fuzz: FIT-Connect callbacks (issue 17)', () => {
  const header = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.string({ maxLength: 140 }),
    fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
  );
  it(
    'any headers and body: a boolean, never a throw; accepted only with the right HMAC in time',
    async () => {
      await fuzzProperty('submission', 'callback HMAC arbitrary', (runs) =>
        fc.assert(
          fc.property(
            header,
            header,
            fc.string({ maxLength: 500 }),
            fc.integer(),
            (timestamp, authentication, body, nowMs) => {
              const outcome = codedOutcome(
                () =>
                  withinBudget(() =>
                    verifyCallback({ secret: 's3cret', timestamp, authentication, body, now: nowMs }),
                  ),
                () => false,
              );
              expect(outcome).toEqual({ ok: true, value: false });
            },
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );

  it(
    'round trip: the sender\u2019s HMAC verifies; any change to body, timestamp or tag is refused',
    async () => {
      await fuzzProperty('submission', 'callback HMAC round trip + mutation', (runs) =>
        fc.assert(
          fc.property(
            fc.string({ maxLength: 300 }),
            fc.string({ minLength: 1, maxLength: 40 }),
            fc.integer({ min: 0, max: 4_000_000_000 }),
            fc.integer({ min: -300, max: 300 }),
            fc.string({ minLength: 1, maxLength: 3 }),
            (body, secret, seconds, skew, extra) => {
              const timestamp = String(seconds);
              const authentication = callbackAuthentication(secret, timestamp, body);
              const nowMs = (seconds + skew) * 1000;
              expect(verifyCallback({ secret, timestamp, authentication, body, now: nowMs })).toBe(true);
              expect(
                verifyCallback({ secret, timestamp, authentication, body: body + extra, now: nowMs }),
              ).toBe(false);
              expect(
                verifyCallback({ secret, timestamp: String(seconds + 1), authentication, body, now: nowMs }),
              ).toBe(false);
              const flipped = `${authentication[0] === '0' ? '1' : '0'}${authentication.slice(1)}`;
              expect(verifyCallback({ secret, timestamp, authentication: flipped, body, now: nowMs })).toBe(
                false,
              );
              expect(
                verifyCallback({ secret, timestamp, authentication, body, now: (seconds + 301) * 1000 }),
              ).toBe(false);
            },
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );
});
