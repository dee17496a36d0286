// What the scripts check afterwards, by SQL on the portal's database and on the delivery
// service's ledger: every journey's application stored once and delivered exactly once, every
// paid fee bound to a delivered application, no submission doubled at the delivery service,
// no delivery job lost, and each scheduled job run by one app server only.

/**
 * `journeys`: [{ applicationId, paymentId, reference? }] the scripts know of. Returns the
 * figures and a list of problems (empty when everything holds).
 */
export async function verify(cluster, journeys, { database = cluster.db } = {}) {
  const problems = [];
  const ids = journeys.map((j) => j.applicationId);
  const deliveries = await database.query(
    `select application_id::text, reference, state, submission_id::text, attempts
       from efa_submission.delivery where application_id = any($1::uuid[])`,
    [ids],
    'efa',
  );
  const byId = new Map(deliveries.map((row) => [row.application_id, row]));
  const ledger = await cluster.providersDb.query(
    `select s.submission_id, s.status,
            (select count(*)::int from efa_delivery_service.event e
              where e.submission_id = s.submission_id and e.event_name like '%submit-submission') as submits
       from efa_delivery_service.submission s`,
    [],
    'providers',
  );
  const ledgerById = new Map(ledger.map((row) => [row.submission_id, row]));
  const figures = {
    journeys: journeys.length,
    completed: 0,
    resumable: 0,
    lost: 0,
    doubled: 0,
    orphanedPayments: 0,
    ledgerSubmissions: ledger.length,
    ledgerSubmitted: ledger.filter((row) => row.status !== 'incomplete' && row.status !== 'created').length,
    ledgerNeverSubmitted: 0,
  };
  for (const journey of journeys) {
    const row = byId.get(journey.applicationId);
    if (!row) {
      // Never stored: only acceptable when the journey itself never got a submit answer, and the
      // citizen still holds her draft and payment (resumable).
      if (journey.submitted) {
        figures.lost++;
        problems.push(`${journey.applicationId}: the submit was answered, but no application is stored`);
      } else figures.resumable++;
      continue;
    }
    if (!['submitted', 'accepted'].includes(row.state)) {
      figures.lost++;
      problems.push(`${row.reference}: state ${row.state} after the run`);
      continue;
    }
    const sent = ledgerById.get(row.submission_id);
    if (!sent) {
      figures.lost++;
      problems.push(
        `${row.reference}: submission ${row.submission_id} is not in the delivery service's ledger`,
      );
      continue;
    }
    if (sent.submits !== 1) {
      figures.doubled++;
      problems.push(`${row.reference}: ${sent.submits} submit events at the delivery service`);
      continue;
    }
    figures.completed++;
  }
  // Submitted at the delivery service but belonging to no stored application: a double.
  const allDeliveries = await database.query(
    'select submission_id::text from efa_submission.delivery where submission_id is not null',
    [],
    'efa',
  );
  const everyKnown = new Set(allDeliveries.map((row) => row.submission_id));
  for (const row of ledger) {
    if (everyKnown.has(row.submission_id)) continue;
    if (row.submits > 0) {
      figures.doubled++;
      problems.push(`submission ${row.submission_id} was submitted but belongs to no application`);
    } else figures.ledgerNeverSubmitted++;
  }

  // Payments: every paid fee of these journeys is bound to an application that was delivered.
  const paymentIds = journeys.map((j) => j.paymentId).filter(Boolean);
  const payments = await database.query(
    `select id, status, application_id::text as application_id from efa_payment.payment where id = any($1::text[])`,
    [paymentIds],
    'efa',
  );
  figures.paidPayments = payments.filter((p) => p.status === 'paid').length;
  for (const payment of payments) {
    if (payment.status !== 'paid') continue;
    const delivered = byId.get(payment.application_id);
    const journey = journeys.find((j) => j.paymentId === payment.id);
    if (!delivered && !(journey && !journey.submitted)) {
      figures.orphanedPayments++;
      problems.push(`payment ${payment.id} paid, its application ${payment.application_id} not stored`);
    }
  }

  // The job queue: no delivery job left waiting or failed.
  figures.jobs = await jobFigures(database);
  // An open delivery job is lost work only if its application is not delivered: every start
  // re-enqueues unfinished deliveries and a killed worker's active job waits for its expiry, so
  // duplicates of delivered applications stay open a while and then finish as no-ops.
  const openJobs = await database.query(
    `select j.data->>'applicationId' as application_id, d.state
       from efa_jobs.job j left join efa_submission.delivery d on d.application_id::text = j.data->>'applicationId'
      where j.name = 'submission-delivery' and j.state in ('created', 'retry', 'active')`,
    [],
    'efa',
  );
  figures.jobs.openForDelivered = openJobs.filter((j) => ['submitted', 'accepted'].includes(j.state)).length;
  figures.jobs.openForUnfinished = openJobs.length - figures.jobs.openForDelivered;
  const unfinished = await database.query(
    `select reference, state from efa_submission.delivery where state in ('created', 'announced', 'uploaded')`,
    [],
    'efa',
  );
  if (unfinished.length > 0)
    problems.push(
      `${unfinished.length} applications unfinished (${unfinished.map((u) => u.reference).join(', ')})`,
    );
  if (figures.jobs.deliveryFailed > 0) problems.push(`${figures.jobs.deliveryFailed} delivery jobs failed`);
  if (figures.jobs.scheduledTwice > 0)
    problems.push(`${figures.jobs.scheduledTwice} scheduled job slots ran more than once`);
  return { figures, problems };
}

/**
 * pg-boss's own table (efa_jobs.job, partitioned by queue; completed jobs stay until their
 * retention ends, far beyond these runs): delivery jobs by state, and scheduled jobs per slot.
 */
export async function jobFigures(database) {
  const rows = await database.query(
    'select name, state::text, count(*)::int as n from efa_jobs.job group by name, state order by name, state',
    [],
    'efa',
  );
  const count = (name, states) =>
    rows.filter((r) => r.name === name && states.includes(r.state)).reduce((sum, r) => sum + r.n, 0);
  // A cron schedule makes one job per slot across all servers: every app server runs pg-boss's
  // clock, which sends each due schedule as a `__pgboss__send-it` job keyed to its slot
  // (singleton_on), so one server sends it and one worker runs the job it creates.
  const cronQueues = ['submission-decision-sweep', 'form-draft-expiry'];
  const twice = await database.query(
    `select name, slot, count(*)::int as n from (
        select name, date_trunc('minute', created_on) as slot from efa_jobs.job where name = any($1::text[])
        union all
        select name || ':' || coalesce(data->>'name', ''), singleton_on from efa_jobs.job
         where name = '__pgboss__send-it' and singleton_on is not null) j
      group by 1, 2 having count(*) > 1`,
    [cronQueues],
    'efa',
  );
  const scheduled = await database.query(
    `select name, count(distinct date_trunc('minute', created_on))::int as slots, count(*)::int as jobs,
            count(*) filter (where state = 'completed')::int as completed
       from efa_jobs.job where name = any($1::text[]) or name = '__pgboss__send-it' group by name order by name`,
    [cronQueues],
    'efa',
  );
  return {
    byState: rows,
    deliveryCompleted: count('submission-delivery', ['completed']),
    deliveryOpen: count('submission-delivery', ['created', 'retry', 'active']),
    deliveryFailed: count('submission-delivery', ['failed']),
    deadLettered: count('submission-delivery-failed', ['created', 'retry', 'active', 'completed']),
    scheduled,
    scheduledTwice: twice.length,
  };
}
