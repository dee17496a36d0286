import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../src/**/*.mdx', '../../../packages/*/src/**/*.stories.ts', '../src/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  // Each package's custom-elements.json, as an integrator's tooling would read it
  // (scripts/merge-manifests.mjs copies them here; autodocs reads the merged one).
  staticDirs: [{ from: './manifests', to: '/custom-elements' }],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Storybook's own "Get started" checklist is about Storybook, not the kit: off in the sidebar
  // and the menu.
  features: { sidebarOnboardingChecklist: false, menuOnboardingChecklist: false },
};

export default config;
