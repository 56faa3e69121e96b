import i18next, { type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
import { createI18nextMiddleware } from "remix-i18next";
import { createCookie } from "react-router";
import { resources } from "../locales/index.ts";
import { DEFAULT_LOCALE, LOCALE_COOKIE, LOCALES, normaliseLocale } from "./locales.ts";
import { currentUser } from "./context.ts";

export const localeCookie = createCookie(LOCALE_COOKIE, {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

// Order: the signed-in user's setting, then the switcher's cookie, then Accept-Language.
export const [i18nextMiddleware, getLocale, getInstance] = createI18nextMiddleware({
  detection: {
    supportedLanguages: [...LOCALES],
    fallbackLanguage: DEFAULT_LOCALE,
    cookie: localeCookie,
    order: ["custom", "cookie", "header"],
    async findLocale({ context }) {
      return currentUser(context)?.locale ?? null;
    },
  },
  i18next: { resources, interpolation: { escapeValue: false } },
  plugins: [initReactI18next],
});

const mailInstance = i18next.createInstance();
void mailInstance.init({ resources, lng: DEFAULT_LOCALE, fallbackLng: DEFAULT_LOCALE, initAsync: false, interpolation: { escapeValue: false } });

/** A translator outside a request: e-mails, the CLI, scheduled jobs. */
export function translatorFor(locale: string | null | undefined): TFunction {
  return mailInstance.getFixedT(normaliseLocale(locale));
}
