import type { Runtime } from "../app/lib/runtime.server.ts";
import { deliverQueued, smtpTransport } from "../app/lib/mail.server.ts";
import { runSchedulerOnce, withLease } from "../app/lib/scheduler.server.ts";
import { sweepOrphanDecks } from "../app/services/deck-sweeper.server.ts";

const SWEEP_EVERY_MS = 10 * 60 * 1000;

/**
 * The scheduler (time events) and the mail sender, every few seconds, in this
 * process; and every ten minutes, the removal of decks nothing names.
 */
export function startBackgroundWork(
  runtime: Runtime,
  { intervalMs = Number(process.env.SCHEDULER_INTERVAL_MS ?? 5000), onChange = () => {} }: { intervalMs?: number; onChange?: () => void } = {},
): () => void {
  const transport = runtime.config.smtpUrl ? smtpTransport(runtime.config.smtpUrl, runtime.config.mailFrom) : null;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const report = await runSchedulerOnce(runtime.db, runtime.clock);
      // A fired job changes what the public pages show (a call opening or closing).
      if (report.fired.length > 0) onChange();
      // Every instance runs this: one sender at a time, or each would send every queued message.
      if (transport) await withLease(runtime.db, runtime.clock, "mailer", (renew) => deliverQueued(runtime.db, transport, () => runtime.clock.now(), 20, renew));
    } catch (error) {
      console.error("background work failed:", error);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  const sweep = () =>
    sweepOrphanDecks(runtime.db, runtime.config.uploadsDir).then(
      ({ removed }) => {
        if (removed.length > 0) console.log(`removed ${removed.length} deck file(s) nothing names`);
      },
      (error: unknown) => console.error("deck sweep failed:", error),
    );
  const sweeper = setInterval(() => void sweep(), SWEEP_EVERY_MS);
  sweeper.unref();
  return () => {
    clearInterval(timer);
    clearInterval(sweeper);
  };
}
