import type { Resource } from "i18next";
import en from "./en/index.ts";
import fr from "./fr/index.ts";
import zhTW from "./zh-TW/index.ts";

export const resources = {
  en: { translation: en },
  fr: { translation: fr },
  "zh-TW": { translation: zhTW },
} satisfies Resource;
