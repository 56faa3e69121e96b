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
