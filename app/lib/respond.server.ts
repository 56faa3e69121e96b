import { data, redirect } from "react-router";
import type { SubmissionResult } from "@conform-to/react";
import { getRuntime } from "./runtime.server.ts";
import { clearedSessionCookie, sessionCookie } from "./sessions.server.ts";

/** A redirect that also signs the browser in. */
export function redirectWithSession(to: string, session: { token: string; expiresAt: number }) {
  return redirect(to, { headers: { "Set-Cookie": sessionCookie(session.token, session.expiresAt, getRuntime().config.secure) } });
}

export function redirectSignedOut(to: string) {
  return redirect(to, { headers: { "Set-Cookie": clearedSessionCookie(getRuntime().config.secure) } });
}

/** A form that failed validation or a rule: 400 with the conform reply, nothing changed. */
export function invalid(result: SubmissionResult<string[]>, status = 400) {
  return data({ result }, { status });
}

/**
 * The request's form, or a 400 when the body is not a form (wrong content
 * type, truncated, too large): a bad request never becomes a 500.
 */
export async function readForm(request: Request, maxBytes = 1024 * 1024): Promise<FormData> {
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > maxBytes) throw data({ reason: "too-large" }, { status: 413 });
  try {
    return await request.formData();
  } catch {
    throw data({ reason: "bad-form" }, { status: 400 });
  }
}
