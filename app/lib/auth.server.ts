import { data, redirect, type MiddlewareFunction, type RouterContextProvider } from "react-router";
import type { User } from "../../db/schema.ts";
import { authContext } from "./context.ts";
import { getRuntime } from "./runtime.server.ts";
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie, validateSessionToken } from "./sessions.server.ts";

type Ctx = Readonly<RouterContextProvider>;

/** Reads the session cookie once per request and puts the user in the router context. */
export const authMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  const { db, clock, config } = getRuntime();
  const token = readCookie(request.headers.get("Cookie"), SESSION_COOKIE);
  if (!token) return next();
  const session = await validateSessionToken(db, token, clock.now());
  if (!session) {
    const response = await next();
    if (!response.headers.has("Set-Cookie")) response.headers.append("Set-Cookie", clearedSessionCookie(config.secure));
    return response;
  }
  context.set(authContext, { user: session.user, sessionId: session.sessionId });
  const response = await next();
  if (session.renewed) response.headers.append("Set-Cookie", sessionCookie(token, session.expiresAt, config.secure));
  return response;
};

export function optionalUser(context: Ctx): User | null {
  return context.get(authContext)?.user ?? null;
}

/** 401 → the sign-in page, coming back here afterwards. */
export function requireUser(context: Ctx, url: URL): User {
  const auth = context.get(authContext);
  if (!auth) {
    const next = url.pathname + url.search;
    throw redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  }
  return auth.user;
}

export function requireSessionId(context: Ctx, url: URL): string {
  requireUser(context, url);
  return context.get(authContext)!.sessionId;
}

export function forbidden(): never {
  throw data({ reason: "forbidden" }, { status: 403 });
}

export function notFound(): never {
  throw data({ reason: "not-found" }, { status: 404 });
}

export function requireAdmin(context: Ctx, url: URL): User {
  const user = requireUser(context, url);
  if (!user.is_admin) forbidden();
  return user;
}

/** Only same-site relative paths, so `next=` cannot send anyone elsewhere. */
export function safeReturnPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
