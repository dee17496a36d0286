/**
 * `@efa-kit/submission/testing`: the development delivery service (a FIT-Connect Submission
 * API v1 over real HTTP) and the helpers its users need, e.g. `verifyCallback` for receivers.
 */
export * from '../delivery-service/index.js';
