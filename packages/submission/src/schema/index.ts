export * from './metadata.js';
