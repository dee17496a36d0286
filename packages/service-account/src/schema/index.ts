export * from './api.js';
export * from './identity.js';
export * from './mappings.js';
