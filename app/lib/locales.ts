export const LOCALES = ["zh-TW", "fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
/** The language switcher's cookie. */
export const LOCALE_COOKIE = "passerelle_lng";

export const LOCALE_NAMES: Record<Locale, string> = { "zh-TW": "繁體中文", fr: "Français", en: "English" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function normaliseLocale(value: string | null | undefined): Locale {
  if (isLocale(value)) return value;
  const lower = (value ?? "").toLowerCase();
  if (lower.startsWith("zh")) return "zh-TW";
  if (lower.startsWith("fr")) return "fr";
  return DEFAULT_LOCALE;
}

/** A JSON { en, fr, "zh-TW" } column, read in the viewer's language. */
export function localized(json: string | null | undefined, locale: string): string {
  if (!json) return "";
  try {
    const names = JSON.parse(json) as Record<string, string>;
    return names[locale] ?? names.en ?? Object.values(names)[0] ?? "";
  } catch {
    return json;
  }
}
