import { useTranslation } from "react-i18next";
import { Form } from "react-router";
import { LOCALE_NAMES, LOCALES } from "../lib/locales.ts";

/** Plain buttons in a form: works without JavaScript, and the choice is remembered. */
export function LanguageSwitcher({ current, returnTo }: { current: string; returnTo: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" action="/language" className="flex items-center gap-1" aria-label={t("common.language")}>
      <input type="hidden" name="returnTo" value={returnTo} />
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          aria-pressed={current === locale}
          className={
            current === locale
              ? "min-h-6 rounded px-2 py-1 text-xs font-semibold text-brand-900 ring-1 ring-brand-600"
              : "min-h-6 rounded px-2 py-1 text-xs text-slate-600 hover:bg-slate-100"
          }
        >
          {LOCALE_NAMES[locale]}
        </button>
      ))}
    </Form>
  );
}
