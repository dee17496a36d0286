/**
 * Shared vitest settings. Every package's vitest.config.ts builds its projects from these, so
 * all packages run Node tests and Chromium tests the same way and write the JSON report that
 * tools/summarize.mjs adds up.
 *
 * File naming decides where a test runs:
 *   *.test.ts          Node
 *   *.browser.test.ts  Debian's Chromium through Playwright (vitest browser mode)
 */
import { playwright } from '@vitest/browser-playwright';
import type { TestProjectInlineConfiguration, ViteUserConfig } from 'vitest/config';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium from calling out of this offline machine (see docs/adr/0001). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A fresh browser object per project: vitest rejects one shared between projects. */
export function chromiumBrowser() {
  return {
    enabled: true,
    headless: true,
    screenshotFailures: false,
    provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
    instances: [{ browser: 'chromium' as const }],
  };
}

/**
 * `pnpm fuzz -- --until HH:MM` / `--property-minutes N` (tools/fuzz.mjs): properties stop at the
 * deadline and report the runs they made (packages/core/src/testing/fuzz-deadline.setup.ts).
 */
const fuzzDeadlineSetup =
  process.env.EFA_FUZZ_DEADLINE || process.env.EFA_FUZZ_PROPERTY_MS
    ? [new URL('./packages/core/src/testing/fuzz-deadline.setup.ts', import.meta.url).pathname]
    : [];

export function nodeProject(
  extra: { setupFiles?: string[]; globalSetup?: string[] } = {},
): TestProjectInlineConfiguration {
  return {
    extends: true,
    test: {
      name: 'node',
      environment: 'node',
      include: ['src/**/*.test.ts'],
      exclude: ['src/**/*.browser.test.ts'],
      ...extra,
      setupFiles: [...(extra.setupFiles ?? []), ...fuzzDeadlineSetup],
    },
  };
}

export function browserProject(): TestProjectInlineConfiguration {
  return {
    extends: true,
    test: {
      name: 'chromium',
      include: ['src/**/*.browser.test.ts'],
      browser: chromiumBrowser(),
    },
  };
}

/** The package-level config: JSON report for the summary, projects as given. */
export function packageConfig(projects: TestProjectInlineConfiguration[]): ViteUserConfig {
  return {
    test: {
      reporters: ['default', 'json'],
      outputFile: { json: 'reports/vitest.json' },
      passWithNoTests: false,
      testTimeout: 20_000,
      hookTimeout: 60_000,
      projects,
    },
  };
}
