/**
 * vitest globalSetup for the inbox's Chromium tests: submissions made in Node by the
 * package's own sending code (fixtures.test.support.ts), provided to the browser.
 */
import type { TestProject } from 'vitest/node';
import { type InboxFixtures, inboxFixtures } from './fixtures.test.support.js';

declare module 'vitest' {
  export interface ProvidedContext {
    inboxFixtures: InboxFixtures;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide('inboxFixtures', await inboxFixtures());
}
