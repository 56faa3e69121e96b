import { readFileSync } from "node:fs";
import { request as playwrightRequest, type APIRequestContext, type APIResponse } from "@playwright/test";
import routes from "../app/routes.ts";
import { BASE_URL, SAME_ORIGIN, expect, readDb, signInFast, test } from "./fixtures.ts";
import { DEFAULT_EDITION, ROLE_ACCOUNTS, ROLES, ROUTE_ACCESS, type AnswerClass, type Role, type RouteAccess } from "./route-access.ts";

/**
 * The authorization matrix (e2e/route-access.ts), walked against the running
 * app: every route of app/routes.ts, loaded (GET) and, when it has an action,
 * posted to with an empty form, as each role. Nothing changes: an empty form
 * fails validation, and the point is the answer the app gives before that.
 */

interface RouteEntry {
  path?: string;
  file: string;
  id?: string;
  index?: boolean;
  children?: RouteEntry[];
}
interface FlatRoute {
  /** "/" joined path pattern, or "*" for the catch-all. */
  pattern: string;
  file: string;
  id?: string;
}

function flatten(entries: readonly RouteEntry[], parent = ""): FlatRoute[] {
  const out: FlatRoute[] = [];
  for (const entry of entries) {
    const own = entry.path === undefined ? parent : entry.path === "*" && parent === "" ? "*" : `${parent}/${entry.path}`.replace(/\/+/g, "/");
    if (entry.children?.length) out.push(...flatten(entry.children, own));
    // A layout (no path, no index) only wraps its children.
    else if (entry.path !== undefined || entry.index) out.push({ pattern: own === "" ? "/" : own, file: entry.file, ...(entry.id ? { id: entry.id } : {}) });
  }
  return out;
}

const ROUTES = flatten(routes as unknown as RouteEntry[]);

function declarationOf(route: FlatRoute): RouteAccess | undefined {
  return (route.id ? ROUTE_ACCESS[route.id] : undefined) ?? ROUTE_ACCESS[route.pattern];
}

function hasAction(file: string): boolean {
  const source = readFileSync(new URL(`../app/${file}`, import.meta.url), "utf8");
  return /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b/.test(source);
}

/** Real ids from the run's database: team A is applicant1.taichung's. */
const teamAProposals = new Map<string, { proposalId: string; teamId: string }>();
function teamA(edition: string): { proposalId: string; teamId: string } {
  let found = teamAProposals.get(edition);
  if (!found) {
    const [row] = readDb<{ proposalId: string; teamId: string }>(
      `select p.id as proposalId, p.team_id as teamId from proposals p
         join team_members m on m.team_id = p.team_id join users u on u.id = m.user_id
         join programs g on g.id = p.program_id
        where g.slug = ? and u.email = ?`,
      edition,
      ROLE_ACCOUNTS.applicantA,
    );
    if (!row) throw new Error(`No proposal of ${ROLE_ACCOUNTS.applicantA} in ${edition}`);
    teamAProposals.set(edition, (found = row));
  }
  return found;
}

function urlOf(route: FlatRoute, access: RouteAccess): string {
  if (route.pattern === "*") return "/no-such-page/route-access";
  const edition = access.edition ?? DEFAULT_EDITION;
  return route.pattern.replace(/:(\w+)/g, (_, name: string) => {
    switch (name) {
      case "slug":
        return edition;
      case "proposalId":
        return teamA(edition).proposalId;
      case "teamId":
        return teamA(DEFAULT_EDITION).teamId;
      case "token":
        return "bogus-token-route-access";
      default:
        throw new Error(`route-access: no value for :${name} in ${route.pattern}`);
    }
  });
}

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

async function newClient(role: Role): Promise<APIRequestContext> {
  const client = await playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { "Accept-Language": "en" } });
  if (role !== "anonymous") await signInFast(client, ROLE_ACCOUNTS[role]);
  return client;
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
    if (hasAction(route.file) !== (access.post !== null)) problems.push(`${key}: ${access.post ? "declares a POST but has no action" : "has an action but declares no POST"}`);
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
