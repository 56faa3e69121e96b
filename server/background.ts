import type { Runtime } from "../app/lib/runtime.server.ts";
import { deliverQueued, smtpTransport } from "../app/lib/mail.server.ts";
import { runSchedulerOnce, withLease } from "../app/lib/scheduler.server.ts";

/** The scheduler (time events) and the mail sender, every few seconds, in this process. */
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
  return () => clearInterval(timer);
}
