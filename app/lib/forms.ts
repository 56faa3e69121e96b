import { z } from "zod";
import { PASSWORD_MAX, PASSWORD_MIN } from "./password-rules.ts";

// Messages are catalogue keys; the form component translates them.
export const requiredText = (max: number) =>
  z.string({ error: "errors.field.required" }).trim().min(1, "errors.field.required").max(max, "errors.field.tooLong");

export const optionalText = (max: number) =>
  z.string().trim().max(max, "errors.field.tooLong").optional().transform((v) => (v ? v : null));

export const emailField = z
  .string({ error: "errors.field.required" })
  .trim()
  .min(1, "errors.field.required")
  .max(254, "errors.field.tooLong")
  .pipe(z.email("errors.field.email"));

export const passwordField = z
  .string({ error: "errors.field.required" })
  .min(PASSWORD_MIN, "errors.password.tooShort")
  .max(PASSWORD_MAX, "errors.password.tooLong");

export const localeField = z.enum(["zh-TW", "fr", "en"], { error: "errors.field.invalid" });

export const timeZoneField = z
  .string({ error: "errors.field.required" })
  .refine((tz) => isTimeZone(tz), "errors.field.timeZone");

export function isTimeZone(tz: string): boolean {
  if (tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
