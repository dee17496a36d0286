#!/usr/bin/env node
/**
 * efa-submission: the operator's view of deliveries that failed after their retries.
 *
 *   efa-submission failed  [--database URL] [--json] [--limit N]
 *   efa-submission redrive <application id> [--database URL]
 *
 * DATABASE_URL is used when --database is not given. Exit codes: 0 done, 1 failure, 2 usage.
 */
import { parseArgs } from 'node:util';
import { isEfaError } from '@efa-kit/core';
import { createDatabase, createJobQueue } from '@efa-kit/core/server';
import { listFailedDeliveries, redriveDelivery } from '../delivery/operations.js';

const usage = `usage:
  efa-submission failed  [--database URL] [--json] [--limit N]   list applications whose delivery failed
  efa-submission redrive <application id> [--database URL]       deliver a failed application again`;

function report(error: unknown): string {
  if (isEfaError(error)) return `${error.code}: ${error.localized('en')} / ${error.localized('de')}`;
  return error instanceof Error ? error.message : String(error);
}

async function run(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        database: { type: 'string' },
        json: { type: 'boolean', default: false },
        limit: { type: 'string', default: '100' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(report(error));
    console.error(usage);
    return 2;
  }
  const [command, applicationId, ...rest] = parsed.positionals;
  if (parsed.values.help) {
    console.log(usage);
    return 0;
  }
  const limit = Number(parsed.values.limit);
  const valid =
    (command === 'failed' && applicationId === undefined && Number.isInteger(limit) && limit > 0) ||
    (command === 'redrive' &&
      applicationId !== undefined &&
      /^[0-9a-f-]{36}$/.test(applicationId) &&
      rest.length === 0);
  if (!valid) {
    console.error(usage);
    return 2;
  }
  const database = (parsed.values.database as string | undefined) ?? env.DATABASE_URL;
  const db = await createDatabase(database);
  try {
    if (command === 'failed') {
      const failed = await listFailedDeliveries(db, limit);
      if (parsed.values.json) console.log(JSON.stringify(failed, null, 2));
      else if (failed.length === 0) console.log('no failed deliveries');
      else
        for (const item of failed)
          console.log(
            `${item.reference}  ${item.applicationId}  ${item.submittedAt}  ${item.lastError ?? ''}`,
          );
      return 0;
    }
    const boss = await createJobQueue(db);
    try {
      await redriveDelivery(db, boss, applicationId as string);
      console.log(`${applicationId}: queued for delivery again`);
    } finally {
      await boss.stop({ graceful: false, close: false });
    }
    return 0;
  } catch (error) {
    console.error(report(error));
    return 1;
  } finally {
    await db.destroy();
  }
}

run(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(report(error));
    process.exitCode = 1;
  },
);
