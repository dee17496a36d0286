// What pnpm loadtest counts besides latency and throughput (issue 17): the cause of every
// error, per scenario, as counts: the answer's status with the error code its body names (tRPC's
// efaCode, a problem's type), timeouts, connection errors (ECONNRESET, ECONNREFUSED, …).

/** The error code an answer's body names: tRPC's efaCode or code, a problem's or an error's code. */
export function bodyCode(body) {
  try {
    const parsed = JSON.parse(body);
    const first = Array.isArray(parsed) ? parsed.find((item) => item?.error) : parsed;
    const error = first?.error ?? first;
    const code = error?.data?.efaCode ?? error?.data?.code ?? error?.code ?? first?.type;
    if (typeof code === 'string' && code) return code;
  } catch {
    // Not JSON (HAProxy's own 503 page, a proxy error): the first code-like word, if any.
  }
  return /\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b/.exec(body)?.[0] ?? '(no code)';
}

/** What a thrown error says went wrong, in a few words: timeout, connection error code, status. */
export function errorCause(error) {
  if (error?.name === 'TimeoutError' || error?.cause?.name === 'TimeoutError') return 'timeout';
  const code = error?.code ?? error?.cause?.code;
  if (typeof code === 'string') return code;
  // A status as a word of its own: not a part of an address or a port (127.0.0.1:4600), nor of
  // an id in a URL (/interaction/Xy309k…), whose digits the login row once counted as statuses.
  const status = /(?<![\w.:/-])([1-5]\d\d)(?![\w.:/-])(?: ([A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+))?/.exec(
    error?.message ?? '',
  );
  if (status) return `${status[1]}${status[2] ? ` ${status[2]}` : ''}`;
  return (error?.message ?? String(error)).slice(0, 60);
}

export function causesText(causes) {
  return causes.size === 0
    ? '–'
    : [...causes]
        .sort((a, b) => b[1] - a[1])
        .map(([cause, n]) => `${cause} × ${n}`)
        .join('; ');
}

/**
 * One autocannon run (options as autocannon's; `setupEach` rewrites every request, e.g. to add a
 * header) with its errors counted per cause. Resolves to autocannon's result and the causes.
 */
export function runCannon(autocannon, { setupEach = (request) => request, ...options }) {
  const causes = new Map();
  const count = (cause) => causes.set(cause, (causes.get(cause) ?? 0) + 1);
  const requests = (options.requests ?? [{}]).map((request) => ({
    ...request,
    setupRequest(req, context) {
      const set = request.setupRequest ? request.setupRequest(req, context) : req;
      return set ? setupEach(set) : set;
    },
    onResponse(status, body, context, headers) {
      if (status < 200 || status >= 300) count(`${status} ${bodyCode(body)}`);
      request.onResponse?.(status, body, context, headers);
    },
  }));
  return new Promise((resolve, reject) => {
    const instance = autocannon({ ...options, requests }, (error, result) =>
      error ? reject(error) : resolve({ result, causes }),
    );
    // autocannon reports a timeout as an error with this message, a connection error as itself.
    instance.on('reqError', (error) =>
      count(error?.message === 'request timed out' ? 'timeout' : (error?.code ?? error?.message ?? 'error')),
    );
  });
}
