import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * Time left until the deadline, counted from the server's clock at render
 * time (the browser's clock may be wrong); ticks every second once hydrated.
 */
export function Countdown({ until, serverNow }: { until: string; serverNow: string }) {
  const { t } = useTranslation();
  const [skew] = useState(() => Date.parse(serverNow) - Date.now());
  const [now, setNow] = useState(() => Date.parse(serverNow));
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() + skew), 1000);
    return () => clearInterval(timer);
  }, [skew]);
  const left = Math.max(0, Date.parse(until) - now);
  const days = Math.floor(left / 86_400_000);
  const hours = Math.floor((left % 86_400_000) / 3_600_000);
  const minutes = Math.floor((left % 3_600_000) / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  return (
    <p className="mt-3 text-sm font-semibold text-brand-900" data-testid="countdown" role="timer" aria-live="off">
      {t("program.call.countdown", { days, hours, minutes, seconds })}
    </p>
  );
}
