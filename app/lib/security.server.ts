import { createContext, type MiddlewareFunction } from "react-router";
import { encodeBase64 } from "@oslojs/encoding";
import { getRuntime } from "./runtime.server.ts";

export const nonceContext = createContext<string>("");

function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return encodeBase64(bytes);
}

/** Documents get a fresh CSP nonce; no inline script runs without it. */
export function applySecurityHeaders(headers: Headers, nonce: string): void {
  headers.set(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join("; "),
  );
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  headers.set("X-Frame-Options", "DENY");
  if (getRuntime().config.secure) headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

function sameOrigin(request: Request, url: URL): boolean {
  const origin = request.headers.get("Origin");
  if (origin) {
    if (origin === url.origin) return true;
    const base = getRuntime().config.baseUrl;
    return origin === new URL(base).origin;
  }
  return request.headers.get("Sec-Fetch-Site") === "same-origin";
}

/**
 * Every state-changing request must come from our own pages. React Router only
 * checks UI routes that send an Origin; this covers resource routes and
 * requests without one.
 */
export const originCheckMiddleware: MiddlewareFunction<Response> = async ({ request, url, context }, next) => {
  context.set(nonceContext, newNonce());
  if (request.method !== "GET" && request.method !== "HEAD" && !sameOrigin(request, url)) {
    return new Response("Forbidden: cross-site request", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return next();
};
