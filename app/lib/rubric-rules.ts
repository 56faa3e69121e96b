/** Shared by the rubric form and the rubric service. */
export const RUBRIC_LOCALES = ["en", "fr", "zh-TW"] as const;
export const MAX_CRITERIA = 8;
