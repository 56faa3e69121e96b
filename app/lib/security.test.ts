import { RouterContextProvider } from "react-router";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDatabase, type TestDatabase } from "../../db/test-support.ts";
import { FixedClock } from "./clock.ts";
import { readConfig } from "./config.server.ts";
import { installRuntime } from "./runtime.server.ts";
import { nonceContext, originCheckMiddleware } from "./security.server.ts";

const APP = "http://localhost:3000";

let opened: TestDatabase;

beforeAll(async () => {
  // The middleware reads the configured base URL from the runtime; the database is never touched.
  opened = await openTestDatabase("sqlite");
  installRuntime({ db: opened.db, clock: new FixedClock(new Date("2030-01-01T00:00:00Z")), config: readConfig({ PORT: "3000" } as NodeJS.ProcessEnv) });
});

afterAll(async () => {
  await opened?.close();
});

async function run(method: string, headers: Record<string, string>, path = "/coordinate/panel") {
  const request = new Request(`${APP}${path}`, { method, headers, ...(method === "GET" || method === "HEAD" ? {} : { body: "intent=x" }) });
  const context = new RouterContextProvider();
  const next = vi.fn<() => Promise<Response>>(async () => new Response("handled", { status: 200 }));
  const response = (await originCheckMiddleware({ request, url: new URL(request.url), context, params: {}, pattern: "" }, next)) as Response;
  return { response, next, context };
}

describe("originCheckMiddleware", () => {
  it("refuses a POST from a foreign origin without running the handler", async () => {
    const { response, next } = await run("POST", { Origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(next).not.toHaveBeenCalled();
  });

  it("refuses a POST from a look-alike origin (other port or scheme)", async () => {
    for (const origin of ["http://localhost:3001", "https://localhost:3000", "http://localhost:3000.evil.example", "null"]) {
      const { response, next } = await run("POST", { Origin: origin });
      expect(response.status, `Origin: ${origin}`).toBe(403);
      expect(next).not.toHaveBeenCalled();
    }
  });

  it("refuses a POST with neither Origin nor Sec-Fetch-Site", async () => {
    const { response, next } = await run("POST", {});
    expect(response.status).toBe(403);
    expect(next).not.toHaveBeenCalled();
  });

  it("refuses a POST whose only signal is Sec-Fetch-Site: cross-site", async () => {
    const { response, next } = await run("POST", { "Sec-Fetch-Site": "cross-site" });
    expect(response.status).toBe(403);
    expect(next).not.toHaveBeenCalled();
  });

  it("refuses other state-changing methods from a foreign origin", async () => {
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const { response, next } = await run(method, { Origin: "https://evil.example" });
      expect(response.status, `${method}`).toBe(403);
      expect(next).not.toHaveBeenCalled();
    }
  });

  it("lets a POST from the same origin through", async () => {
    const { response, next } = await run("POST", { Origin: APP });
    expect(next).toHaveBeenCalledOnce();
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("handled");
  });

  it("lets a POST with Sec-Fetch-Site: same-origin and no Origin through", async () => {
    const { response, next } = await run("POST", { "Sec-Fetch-Site": "same-origin" });
    expect(next).toHaveBeenCalledOnce();
    expect(response.status).toBe(200);
  });

  it("a foreign Origin wins over a same-origin Sec-Fetch-Site", async () => {
    const { response, next } = await run("POST", { Origin: "https://evil.example", "Sec-Fetch-Site": "same-origin" });
    expect(response.status).toBe(403);
    expect(next).not.toHaveBeenCalled();
  });

  it("lets a GET (or HEAD) from a foreign origin through: reading changes nothing", async () => {
    for (const method of ["GET", "HEAD"]) {
      const { response, next } = await run(method, { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" });
      expect(next, `${method}`).toHaveBeenCalledOnce();
      expect(response.status).toBe(200);
    }
  });

  it("behind a proxy, accepts the public BASE_URL origin even though the request URL is internal", async () => {
    installRuntime({ db: opened.db, clock: new FixedClock(new Date("2030-01-01T00:00:00Z")), config: readConfig({ PORT: "3000", BASE_URL: "https://passerelle.example/" } as NodeJS.ProcessEnv) });
    try {
      expect((await run("POST", { Origin: "https://passerelle.example" })).next).toHaveBeenCalledOnce();
      expect((await run("POST", { Origin: "https://evil.example" })).response.status).toBe(403);
    } finally {
      installRuntime({ db: opened.db, clock: new FixedClock(new Date("2030-01-01T00:00:00Z")), config: readConfig({ PORT: "3000" } as NodeJS.ProcessEnv) });
    }
  });

  it("gives every request a fresh CSP nonce", async () => {
    const first = await run("GET", {});
    const second = await run("GET", {});
    const a = first.context.get(nonceContext);
    const b = second.context.get(nonceContext);
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(a).not.toBe(b);
  });
});

describe("applySecurityHeaders", () => {
  it("adds HSTS only when the app is served over https", async () => {
    const { applySecurityHeaders } = await import("./security.server.ts");
    const plain = new Headers();
    applySecurityHeaders(plain, "n0nce");
    expect(plain.get("Strict-Transport-Security")).toBeNull();
    expect(plain.get("Content-Security-Policy")).toContain("script-src 'self' 'nonce-n0nce'");

    installRuntime({ db: opened.db, clock: new FixedClock(new Date("2030-01-01T00:00:00Z")), config: readConfig({ PORT: "3000", BASE_URL: "https://passerelle.example" } as NodeJS.ProcessEnv) });
    const secure = new Headers();
    applySecurityHeaders(secure, "n0nce");
    expect(secure.get("Strict-Transport-Security")).toBe("max-age=31536000; includeSubDomains");
    const scriptSrc = secure.get("Content-Security-Policy")!.split(";").find((d) => d.trim().startsWith("script-src"));
    expect(scriptSrc).not.toContain("unsafe-inline");
  });
});
