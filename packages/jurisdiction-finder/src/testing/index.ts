export { type FixtureFetchOptions, fixtureFetch } from './fixture-fetch.js';
export { fixtureData } from './fixtures.js';
export { fixtureXzufi, malformedXzufi } from './xzufi-samples.js';
