export { fixtureData } from './fixtures.js';
export { fixtureXzufi, malformedXzufi } from './xzufi-samples.js';
