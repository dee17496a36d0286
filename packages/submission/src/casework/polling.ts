/**
 * Runs a pull (`casework.pull`, `mailbox.pull`) every `intervalMs`, one at a time: a slow
 * pull is never overlapped by the next. Failures are logged and the next tick tries again.
 */
export function startPulling(
  pull: () => Promise<unknown>,
  options: { intervalMs?: number; log?: (line: string) => void; name?: string } = {},
): { stop(): Promise<void>; kick(): void } {
  const intervalMs = options.intervalMs ?? 5_000;
  const log = options.log ?? (() => {});
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pull()
      .then(
        () => undefined,
        (error: unknown) =>
          log(`${options.name ?? 'pull'} failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  run();
  return {
    /** Pulls now (after the running pull, if one is running). */
    kick: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
