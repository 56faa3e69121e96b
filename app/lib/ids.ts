import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/** 120 random bits, URL-safe: used for row ids and token parts alike. */
export function randomId(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function nowIso(at: Date): string {
  return at.toISOString();
}
