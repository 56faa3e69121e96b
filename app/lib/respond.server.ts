import { data, redirect, type RouterContextProvider } from "react-router";
import type { SubmissionResult } from "@conform-to/react";
import { errorKind } from "./error-kind.ts";
import { getInstance } from "./i18n.server.ts";
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

/** The request's form, or the status that refuses it: 413 too large, 400 not a form (wrong content type, truncated). */
async function formOrStatus(request: Request, maxBytes: number): Promise<FormData | 400 | 413> {
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > maxBytes) return 413;
  try {
    return await request.formData();
  } catch {
    return 400;
  }
}

/**
 * The request's form, or a 413 when it is too large and a 400 when the body
 * is not a form (wrong content type, truncated): a bad request never becomes
 * a 500. Pages show these with their error page.
 */
export async function readForm(request: Request, maxBytes = 1024 * 1024): Promise<FormData> {
  const form = await formOrStatus(request, maxBytes);
  if (form === 413) throw data({ reason: "too-large" }, { status: 413 });
  if (form === 400) throw data({ reason: "bad-form" }, { status: 400 });
  return form;
}

/**
 * A refusal from a route without a page (the language switcher, starting a
 * proposal), in words: the error page's title and explanation, translated, as
 * plain text. A bare JSON reason would tell the person nothing.
 */
export function refusalInWords(context: Readonly<RouterContextProvider>, status: number): Response {
  const { t } = getInstance(context);
  const kind = errorKind(status);
  return new Response(`${t(`errors.${kind}.title`)}\n\n${t(`errors.${kind}.body`)}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** readForm for a route without a page: a refused body is answered in words (refusalInWords). */
export async function readFormOrRefuse(request: Request, context: Readonly<RouterContextProvider>, maxBytes = 1024 * 1024): Promise<FormData> {
  const form = await formOrStatus(request, maxBytes);
  if (typeof form === "number") throw refusalInWords(context, form);
  return form;
}
