/** Limits that keep a definition (which may come from an upload) bounded in memory and time. */
export const definitionLimits = {
  steps: 100,
  itemsPerGroup: 500,
  depth: 8,
  options: 5_000,
  textLength: 20_000,
  idLength: 64,
} as const;
