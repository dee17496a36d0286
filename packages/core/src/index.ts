export * from './address.js';
export * from './errors.js';
export * from './i18n.js';
export * from './identifiers.js';
export { type CoreMessageKey, coreMessages, translateCore } from './messages/index.js';
export * from './money.js';
export * from './person.js';
export * from './trust-level.js';
export * from './validation.js';
