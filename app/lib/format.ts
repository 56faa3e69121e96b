// Building an Intl.DateTimeFormat costs far more than using one, and pages format
// dozens of dates: formatters are kept per (kind, locale, zone).
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: "dateTime" | "date", locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${locale}|${timeZone}`;
  let f = cache.get(key);
  if (!f) {
    f =
      kind === "dateTime"
        ? new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone, timeZoneName: "short" })
        : new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone });
    if (cache.size > 500) cache.clear();
    cache.set(key, f);
  }
  return f;
}

/** Dates are stored in UTC and always shown through Intl in a named zone. */
export function formatDateTime(iso: string, timeZone: string, locale: string): string {
  return formatter("dateTime", locale, timeZone).format(new Date(iso));
}

export function formatDate(iso: string, timeZone: string, locale: string): string {
  return formatter("date", locale, timeZone).format(new Date(iso));
}
