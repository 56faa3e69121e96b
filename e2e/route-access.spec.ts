import type { APIResponse } from "@playwright/test";
import { BASE_URL, SAME_ORIGIN, expect, test } from "./fixtures.ts";
import { ROLES, ROUTE_ACCESS, ROUTES, declarationOf, hasAction, newClient, urlOf, type AnswerClass } from "./route-access.ts";

/**
 * The authorization matrix (e2e/route-access.ts), walked against the running
 * app: every route of app/routes.ts, loaded (GET) and, when it has an action,
 * posted to with an empty form, as each role. Nothing changes: an empty form
 * fails validation, and the point is the answer the app gives before that.
 */

function classify(response: APIResponse): AnswerClass | `status ${number}` | "signin without next" {
  const status = response.status();
  if (status >= 300 && status < 400) {
    const location = new URL(response.headers()["location"] ?? "/", BASE_URL);
    if (location.pathname !== "/sign-in") return "ok";
    return location.searchParams.get("next") ? "signin" : "signin without next";
  }
  if (status >= 200 && status < 300) return "ok";
  if (status === 403) return "forbidden";
  if (status === 404) return "notfound";
  if ([400, 405, 409, 410, 413].includes(status)) return "bad";
  return `status ${status}`;
}

test("every route in app/routes.ts declares its access, and only routes with an action declare a POST", () => {
  expect(ROUTES.length).toBeGreaterThan(40);
  const problems: string[] = [];
  const known = new Set<string>();
  for (const route of ROUTES) {
    const access = declarationOf(route);
    const key = route.id ?? route.pattern;
    known.add(key);
    known.add(route.pattern);
    if (!access) {
      problems.push(`${key} (${route.file}): no declaration in e2e/route-access.ts`);
      continue;
    }
    if (hasAction(route) !== (access.post !== null)) problems.push(`${key}: ${access.post ? "declares a POST but has no action" : "has an action but declares no POST"}`);
  }
  for (const key of Object.keys(ROUTE_ACCESS)) if (!known.has(key)) problems.push(`${key}: declared, but no such route`);
  expect(problems).toEqual([]);
});

test.describe("route access", () => {
  test.describe.configure({ mode: "parallel" });
  for (const role of ROLES) {
    test(`as ${role}`, async () => {
      const client = await newClient(role);
      const mismatches: string[] = [];
      try {
        const checks: (() => Promise<void>)[] = [];
        for (const route of ROUTES) {
          const access = declarationOf(route);
          if (!access) continue; // reported by the declarations test
          const url = urlOf(route, access);
          const key = route.id ?? route.pattern;
          checks.push(async () => {
            const got = classify(await client.get(url, { maxRedirects: 0 }));
            if (got !== access.get[role]) mismatches.push(`GET  ${url} [${key}]: expected ${access.get[role]}, got ${got}`);
          });
          if (access.post) {
            const expected = access.post[role];
            checks.push(async () => {
              const poster = access.postFromOwnSession ? await newClient(role) : client;
              try {
                const got = classify(await poster.post(url, { form: {}, headers: SAME_ORIGIN, maxRedirects: 0 }));
                if (got !== expected) mismatches.push(`POST ${url} [${key}]: expected ${expected}, got ${got}`);
              } finally {
                if (poster !== client) await poster.dispose();
              }
            });
          }
        }
        // A few requests at a time: the server and the other worker share 2 cores.
        let next = 0;
        await Promise.all(
          Array.from({ length: 3 }, async () => {
            while (next < checks.length) await checks[next++]!();
          }),
        );
      } finally {
        await client.dispose();
      }
      expect(mismatches.sort(), `${role}: answers that differ from e2e/route-access.ts`).toEqual([]);
    });
  }
});
