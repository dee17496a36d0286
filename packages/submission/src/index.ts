/**
 * `@efa-kit/submission`: applications delivered to the responsible authority through the
 * FIT-Connect Submission API. Server code is in `@efa-kit/submission/server`, the development
 * delivery service in `@efa-kit/submission/testing`.
 */
export {};
