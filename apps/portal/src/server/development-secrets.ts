import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type DataKeyRing,
  generateDataKeyEntry,
  parseDatabaseTarget,
  parseDataKeyRing,
} from '@efa-kit/core/server';
import type { PortalConfig } from './config.js';

/**
 * Secrets the development services need across restarts of `npm start`: the key ring for data
 * at rest and the development destination's key pair. They live beside the PGlite folder
 * (`<folder>-secrets/`, readable only by the user), so a restart still opens what it sealed;
 * on an in-memory database they are made anew each start, like the data. Production never
 * uses this: EFA_DATA_KEYS and real destinations are required there.
 */
export interface DevelopmentSecrets {
  /** Where the secrets live; null when they exist only in memory. */
  readonly folder: string | null;
  read(name: string): string | null;
  write(name: string, content: string): void;
}

export function developmentSecrets(config: PortalConfig, env: NodeJS.ProcessEnv): DevelopmentSecrets {
  const target = parseDatabaseTarget(config.databaseUrl);
  const folder =
    env.PORTAL_DEV_SECRETS_DIR?.trim() ||
    (target.kind === 'pglite-folder' ? `${target.folder}-secrets` : null);
  const memory = new Map<string, string>();
  return {
    folder,
    read(name) {
      if (!folder) return memory.get(name) ?? null;
      try {
        return readFileSync(join(folder, name), 'utf8');
      } catch {
        return null;
      }
    },
    write(name, content) {
      if (!folder) {
        memory.set(name, content);
        return;
      }
      mkdirSync(dirname(join(folder, name)), { recursive: true, mode: 0o700 });
      writeFileSync(join(folder, name), content, { mode: 0o600 });
    },
  };
}

/** EFA_DATA_KEYS, or in development the ring kept with the development secrets. */
export function developmentDataKeys(secrets: DevelopmentSecrets): DataKeyRing {
  const stored = secrets.read('data-keys');
  if (stored) return parseDataKeyRing(stored.trim());
  const entry = generateDataKeyEntry('dev1');
  secrets.write('data-keys', `${entry}\n`);
  return parseDataKeyRing(entry);
}
