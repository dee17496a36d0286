#!/usr/bin/env node
// pnpm loadtest: the portal's main requests under load on loopback, bounded in time, against 2
// app servers on PostgreSQL behind HAProxy, with a bare node:http hello-world behind the same
// balancer (the ratio baseline) and the finder's resolve through a frontend with 1 app server
// (the 2-vs-1 ratio), all in the same run. Writes bench/load.md.
//
//   pnpm loadtest [--duration 60] [--connections 500] [--submits 2000] [--no-build]
//                 [--rate-limit-points N] [--keep-logs]
//
// Scenarios (each at --connections concurrent connections for --duration seconds):
//   hello-world      GET / on 2 node:http processes behind HAProxy
//   resolve (2 / 1)  GET /trpc/jurisdiction.resolve (Hund anmelden, Pirna), 2 app servers / 1
//   login            the whole OIDC round trip at the development provider, one new browser per
//                    round (login → provider → login form → callback → session); closed loop
//   draft save       POST /trpc/form.drafts.save, a new draft each time, 20 logged-in sessions
//   submit           POST /trpc/form.submit of prepared, paid dog registrations (each once)
//   inbox list       GET /trpc/mailbox.list (the citizen's Postfach), 20 logged-in sessions
// The app servers run with production's settings, rate limits included: every request (every
// browser, for the flows) is its own citizen, named in X-Forwarded-For by the load generator as
// the edge proxy in front of HAProxy (TRUSTED_PROXIES, ops/lib/cluster.mjs). --rate-limit-points
// lifts the per-client limit explicitly (RATE_LIMIT_POINTS) where a run must measure without it;
// bench/load.md says which was used. Errors are counted per cause: the status with the error
// code of the answer's body, timeouts, connection errors (ECONNRESET, …).
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPortal, codeLabel, log, repoRoot, requireFromPortal } from './lib/base.mjs';
import { startCluster } from './lib/cluster.mjs';
import { Browser, citizens, Journey, nextCitizenAddress } from './lib/journey.mjs';
import { bodyCode, causesText, errorCause, runCannon } from './lib/load.mjs';

const autocannon = requireFromPortal('autocannon');

const { values } = parseArgs({
  // `pnpm <script> -- --flag` hands the `--` on to the script: not an argument of ours.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '500' },
    submits: { type: 'string', default: '2000' },
    'no-build': { type: 'boolean', default: false },
    'rate-limit-points': { type: 'string' },
    // The app servers', the providers' and HAProxy's logs stay in the cluster's folder.
    'keep-logs': { type: 'boolean', default: false },
  },
});
const rateLimitPoints = values['rate-limit-points'];
if (rateLimitPoints !== undefined && !/^[1-9]\d*$/.test(rateLimitPoints))
  throw new Error('--rate-limit-points must be a positive integer');
const duration = Number(values.duration);
const connections = Number(values.connections);
const submitCount = Number(values.submits);
for (const [name, value] of Object.entries({ duration, connections, submitCount })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
}
buildPortal(values['no-build']);

const rows = [];

/** A request with the address of a citizen of its own, unless it names one. */
function asCitizen(request) {
  return { ...request, headers: { 'x-forwarded-for': nextCitizenAddress(), ...request.headers } };
}

const dogKey = '99102013104000';

/** One autocannon run; its figures as a row, errors counted per cause. */
async function cannon(name, kind, url, options = {}) {
  // autocannon refuses more connections than requests (--submits below --connections).
  const open = options.amount ? Math.min(connections, options.amount) : connections;
  log(`${name}: ${open} connections, ${options.amount ? `${options.amount} requests` : `${duration} s`}`);
  const { result, causes } = await runCannon(autocannon, {
    url,
    connections: open,
    duration,
    pipelining: 1,
    timeout: 30,
    ...options,
    // Every request a citizen of its own (see the head of this file), unless the caller set one.
    setupEach: asCitizen,
  });
  const row = {
    name,
    kind,
    tool: 'autocannon',
    requests: result.requests.total,
    rps: result.requests.average,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // autocannon counts a timeout among its errors too.
    errors: result.errors + result.non2xx,
    causes,
    detail: `${result.non2xx} non-2xx, ${result.errors - result.timeouts} connection errors, ${result.timeouts} timeouts`,
  };
  rows.push(row);
  log(`${name}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${row.detail}`);
  return row;
}

/** A closed loop of `users` concurrent flows for the duration (for multi-request flows). */
async function closedLoop(name, kind, users, flow) {
  log(`${name}: ${users} concurrent users, ${duration} s`);
  const latencies = [];
  let errors = 0;
  const firstErrors = new Map();
  const causes = new Map();
  const end = Date.now() + duration * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: users }, async (_, user) => {
      while (Date.now() < end) {
        const t0 = performance.now();
        try {
          await flow(user);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          // Ids in URLs differ per round: group by what went wrong, not by which round.
          const key = error.message.replace(/\/(interaction|auth)\/[\w-]{20,}/g, '/$1/…').slice(0, 120);
          firstErrors.set(key, (firstErrors.get(key) ?? 0) + 1);
          const cause = errorCause(error);
          causes.set(cause, (causes.get(cause) ?? 0) + 1);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  const row = {
    name,
    kind,
    tool: 'closed loop (fetch)',
    requests: latencies.length,
    rps: latencies.length / seconds,
    seconds: Math.round(seconds),
    p50: at(0.5),
    p99: at(0.99),
    errors,
    causes,
    detail: errors ? [...firstErrors].map(([k, n]) => `${n}× ${k}`).join('; ') : 'none',
  };
  rows.push(row);
  log(`${name}: ${row.rps.toFixed(1)} round trips/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${errors} errors`);
  return row;
}

/** Runs `task` for each item with at most `parallel` at once. */
async function pool(items, parallel, task) {
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index], index);
      }
    }),
  );
  return results;
}

const cluster = await startCluster({
  keepLogs: values['keep-logs'],
  servers: 2,
  hello: 2,
  single: true,
  ...(rateLimitPoints ? { portalEnv: { RATE_LIMIT_POINTS: rateLimitPoints } } : {}),
});
const started = new Date();
let exitCode = 0;
try {
  // The finder's request for "Hund anmelden" in Pirna, with Pirna's area key as the element sends it.
  const probe = new Browser(cluster.publicUrl);
  const places = await probe.trpc('query', 'jurisdiction.searchPlaces', { q: 'Pirna', limit: 5 });
  const pirna = (Array.isArray(places) ? places : places.hits).find((p) => p.name === 'Pirna');
  const resolveInput = encodeURIComponent(JSON.stringify({ service: dogKey, place: pirna.ars, lang: 'de' }));
  // Warm up (JIT, caches, connection pools) so the first measured scenario is not the cold one.
  await autocannon({
    url: `${cluster.publicUrl}/trpc/jurisdiction.resolve?input=${resolveInput}`,
    connections: 20,
    duration: 3,
  });

  const hello = await cannon('hello-world (node:http, 2 processes)', 'baseline', `${cluster.helloUrl}/`);
  const resolve2 = await cannon(
    'finder resolve, 2 app servers',
    'read',
    `${cluster.publicUrl}/trpc/jurisdiction.resolve?input=${resolveInput}`,
  );
  const resolve1 = await cannon(
    'finder resolve, 1 app server',
    'read',
    `${cluster.singleUrl}/trpc/jurisdiction.resolve?input=${resolveInput}`,
  );

  // Logged-in sessions for the session-bound scenarios (real logins at the provider).
  log('preparing 20 logged-in sessions');
  const sessions = await pool(
    Array.from({ length: 20 }, (_, i) => i),
    5,
    async (i) => {
      const journey = new Journey(cluster.publicUrl, { identity: citizens[i % citizens.length] });
      await journey.login();
      const cookie = journey.browser.jar.header(cluster.publicUrl);
      const csrf = decodeURIComponent(journey.browser.jar.get(cluster.publicUrl, 'efa_csrf'));
      return { journey, cookie, csrf };
    },
  );

  await closedLoop('login round trip at the development provider', 'write', connections, async () => {
    const browser = new Browser(cluster.publicUrl, { retryForMs: 0 });
    const started = await browser.follow(`${cluster.publicUrl}/auth/login?level=substantial&returnTo=%2F`);
    const html = await started.response.text();
    const action = /<form method="post" action="(\/interaction\/[\w-]+\/login)"/.exec(html)?.[1];
    if (!action)
      throw new Error(`no login form (${started.response.status} ${bodyCode(html)} at ${started.url})`);
    const origin = new URL(started.url).origin;
    // Up to the callback: the portal sets the session and redirects to the start page.
    let response = await browser.send(`${origin}${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({ method: 'eid-card', identity: 'lena-hoffmann' }).toString(),
    });
    let url = `${origin}${action}`;
    for (let hop = 0; hop < 6 && response.status >= 300 && response.status < 400; hop++) {
      await response.arrayBuffer();
      url = new URL(response.headers.get('location'), url).toString();
      if (url.startsWith(`${cluster.publicUrl}/`) && !url.includes('/auth/callback')) break;
      response = await browser.send(url);
    }
    if (!browser.jar.get(cluster.publicUrl, 'efa_session'))
      throw new Error(`no session (at ${url}, ${response.status})`);
  });

  const draftData = {
    G99777000030: [
      { F99777000031: 'Bello', F99777000032: 'mischling', F99777000033: 'm', F99777000037: '2026-11-01' },
    ],
  };
  let draftTurn = 0;
  await cannon('draft save', 'write', `${cluster.publicUrl}/trpc/form.drafts.save`, {
    method: 'POST',
    requests: [
      {
        setupRequest(request) {
          const session = sessions[draftTurn++ % sessions.length];
          return {
            ...request,
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              origin: cluster.publicUrl,
              cookie: session.cookie,
              'x-efa-csrf': session.csrf,
            },
            body: JSON.stringify({
              formId: 'dog-registration',
              baseVersion: 0,
              stepId: 'hunde',
              data: draftData,
            }),
          };
        },
      },
    ],
  });

  let inboxTurn = 0;
  await cannon('inbox list (mailbox.list)', 'read', `${cluster.publicUrl}/trpc/mailbox.list`, {
    requests: [
      {
        setupRequest(request) {
          const session = sessions[inboxTurn++ % sessions.length];
          return { ...request, method: 'GET', headers: { cookie: session.cookie } };
        },
      },
    ],
  });

  // Submits: each a dog registration whose fee was paid at the simulator for exactly this
  // application and person, prepared before the measurement, each submitted once.
  log(`preparing ${submitCount} paid applications`);
  const prepStart = performance.now();
  const prepared = await pool(
    Array.from({ length: submitCount }, (_, i) => i),
    40,
    async (i) => {
      const session = sessions[i % sessions.length];
      const journey = new Journey(cluster.publicUrl, {
        identity: session.journey.identity,
        withUpload: false,
      });
      journey.browser = cloneBrowser(session.journey.browser, cluster.publicUrl);
      // The definition's version and the person's prefill, asked once per session.
      if (!session.version) {
        session.version = (
          await journey.browser.trpc('query', 'form.definition', { formId: 'dog-registration' })
        ).version;
      }
      if (!session.prefill) {
        session.prefill = await journey.browser.trpc('query', 'form.prefill', { formId: 'dog-registration' });
      }
      journey.version = session.version;
      const prefill = session.prefill;
      journey.data = {
        G99777000010: {
          ...prefill.data.G99777000010,
          G99777000014: {
            F99777000015: 'Am Markt',
            F99777000016: '1',
            F99777000017: '01796',
            F99777000018: 'Pirna',
          },
          F99777000019: '03501 5560',
        },
        G99777000030: draftData.G99777000030,
        G99777000050: { F99777000051: false },
        G99777000060: { F99777000061: false },
        G99777000070: { F99777000072: true },
      };
      await journey.pay();
      return {
        cookie: journey.browser.jar.header(cluster.publicUrl),
        csrf: session.csrf,
        body: JSON.stringify({
          formId: 'dog-registration',
          version: journey.version,
          applicationId: journey.applicationId,
          data: journey.data,
        }),
      };
    },
  );
  log(`prepared in ${((performance.now() - prepStart) / 1000).toFixed(0)} s`);
  let submitTurn = 0;
  const submitRow = await cannon(
    'submit (form.submit, paid dog registration)',
    'submit',
    `${cluster.publicUrl}/trpc/form.submit`,
    {
      amount: prepared.length,
      requests: [
        {
          setupRequest(request) {
            const item = prepared[submitTurn++];
            if (!item) return request;
            return {
              ...request,
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                origin: cluster.publicUrl,
                cookie: item.cookie,
                'x-efa-csrf': item.csrf,
              },
              body: item.body,
            };
          },
        },
      ],
    },
  );
  submitRow.detail += `; ${prepared.length} prepared applications, each submitted once`;
  const stored = await cluster.db.query('select count(*)::int as n from efa_submission.delivery', [], 'efa');
  submitRow.detail += `; ${stored[0].n} applications stored`;

  // The table.
  const targetFor = (row) =>
    row.kind === 'baseline'
      ? '–'
      : row.kind === 'read'
        ? 'p99 ≤ 200 ms, no errors'
        : 'p99 ≤ 500 ms, no errors';
  const passes = (row) =>
    row.kind === 'baseline' || (row.errors === 0 && row.p99 <= (row.kind === 'read' ? 200 : 500));
  const ratioResolve = resolve2.rps / hello.rps;
  const ratioServers = resolve2.rps / resolve1.rps;
  const lines = [
    '# Load test (issue 17)',
    '',
    `Code: ${codeLabel()}. Written by \`pnpm loadtest\` (ops/loadtest.mjs) on ${started.toISOString()}: loopback, ${cpus().length} cores shared with`,
    'the load generator, HAProxy, PostgreSQL, the providers and other work on the machine (the figures are',
    `noisy; ratios are within one run). ${connections} connections per scenario, ${duration} s each (submit: until the prepared`,
    `applications are sent). 2 app servers (PORTAL_MODE=production) on one PostgreSQL, HAProxy round robin.`,
    rateLimitPoints
      ? `Rate limit lifted for this run: \`--rate-limit-points ${rateLimitPoints}\` (RATE_LIMIT_POINTS on the app servers).`
      : "Rate limits at production's defaults (120 points a minute per client).",
    'Every request (the login: every browser) is its own citizen: the load generator, as the edge proxy in',
    'front of HAProxy, names it in X-Forwarded-For (10.x.y.z); the app servers trust the balancer (127.0.0.2)',
    'and that edge (`TRUSTED_PROXIES=127.0.0.2, 127.0.0.1`, docs/operate.md "Rate limits behind a balancer").',
    "Error causes: the answer's status with the code in its body, timeouts (30 s; the login: 60 s), connection errors.",
    '',
    '| scenario | tool | requests | req/s | p50 ms | p99 ms | errors | error causes | target | holds |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.name} | ${row.tool} | ${row.requests} | ${row.rps.toFixed(1)} | ${row.p50} | ${row.p99} | ${row.errors} | ${causesText(row.causes)} | ${targetFor(row)} | ${passes(row) ? 'yes' : '**no**'} |`,
    ),
    '',
    '| ratio | value | target | holds |',
    '| --- | ---: | --- | --- |',
    `| finder resolve (2 servers) / hello-world (2 processes), same balancer | ${ratioResolve.toFixed(2)} | ≥ 0.4 | ${ratioResolve >= 0.4 ? 'yes' : '**no**'} |`,
    `| finder resolve: 2 app servers / 1 app server | ${ratioServers.toFixed(2)} | ≥ 1.6 | ${ratioServers >= 1.6 ? 'yes' : '**no**'} |`,
    '',
    'Details per scenario:',
    '',
    ...rows.map((row) => `- ${row.name}: ${row.detail}`),
    '',
    "The login round trip is one new browser per round: /auth/login at the portal → the provider's",
    'authorization endpoint → its login page → the form posted (online ID card, Lena Hoffmann) →',
    "the provider's redirects → /auth/callback at the portal (code exchange, ID token check, session",
    'stored); its latency is the whole round trip of about six requests. The provider is one process',
    '(oidc-provider, its store in memory) shared by all app servers. Why a login failed the app servers',
    'log (`account: login at … failed: CODE (cause: …)`; keep them with --keep-logs): a 303 to',
    '?login=ACCOUNT_LOGIN_FAILED with OAUTH_TIMEOUT is the code exchange at the provider that took',
    "longer than openid-client's 30 s.",
    'With 2 cores for everything, a second app server adds little CPU: the 2-vs-1 ratio measures how',
    'much of one core the second process can still get, not the scaling on separate machines.',
  ];
  writeFileSync(join(repoRoot, 'bench', 'load.md'), `${lines.join('\n')}\n`);
  log('wrote bench/load.md');
  if (!rows.every(passes) || ratioResolve < 0.4 || ratioServers < 1.6) exitCode = 1;
} finally {
  await cluster.close();
}
process.exit(exitCode);

/** A second browser with the same cookies (the same logged-in session). */
function cloneBrowser(browser, base) {
  // A citizen of its own (a fresh address): 2,000 applications from 20 sessions' addresses would
  // be 100 each, more than any citizen files and than the per-client limit allows.
  const copy = new Browser(base, { retryForMs: 30_000 });
  for (const [host, jar] of browser.jar.byOrigin) copy.jar.byOrigin.set(host, new Map(jar));
  return copy;
}
