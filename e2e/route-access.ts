import { readFileSync } from "node:fs";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import routes from "../app/routes.ts";
import { BASE_URL, readDb, signInFast } from "./fixtures.ts";

/**
 * The authorization matrix: for every route in app/routes.ts, who may load it
 * (GET) and who may act on it (POST with a harmless, invalid body), as the
 * intended rules say (SPEC §4). e2e/route-access.spec.ts walks it as each role.
 *
 * Answer classes:
 * - "signin": 302/303 to /sign-in?next=…
 * - "forbidden": 403
 * - "notfound": 404
 * - "ok": 2xx, or a 3xx redirect that is not to /sign-in
 * - "bad": 400/405/409/410/413 — the harmless body is refused
 */
export const ROLES = ["anonymous", "applicantA", "applicantB", "reviewerA", "reviewerB", "coordinatorA", "coordinatorB", "admin"] as const;
export type Role = (typeof ROLES)[number];
export type AnswerClass = "signin" | "forbidden" | "notfound" | "ok" | "bad";
export type RoleAnswers = Record<Role, AnswerClass>;

/** Who each role is: team A and city A are Taichung, team B and city B Toulouse. */
export const ROLE_ACCOUNTS: Record<Exclude<Role, "anonymous">, string> = {
  applicantA: "applicant1.taichung@demo.passerelle.test",
  applicantB: "applicant1.toulouse@demo.passerelle.test",
  reviewerA: "reviewer1.taichung@demo.passerelle.test",
  reviewerB: "reviewer1.toulouse@demo.passerelle.test",
  coordinatorA: "coordinator.taichung@demo.passerelle.test",
  coordinatorB: "coordinator.toulouse@demo.passerelle.test",
  admin: "admin@demo.passerelle.test",
};

export interface RouteAccess {
  get: RoleAnswers;
  /** null: the route has no action. */
  post: RoleAnswers | null;
  /**
   * The edition whose slug fills :slug and whose proposal of applicant1.taichung
   * (team A) fills :proposalId. Default: the demo edition, taichung-toulouse-2019.
   */
  edition?: string;
  /** POST from a session of its own (signing out would end the role's shared session). */
  postFromOwnSession?: boolean;
  /** Why the row looks the way it does, when it is not obvious. */
  note?: string;
}

export const DEFAULT_EDITION = "taichung-toulouse-2019";

const SIGNED_IN: Exclude<Role, "anonymous">[] = ["applicantA", "applicantB", "reviewerA", "reviewerB", "coordinatorA", "coordinatorB", "admin"];

/** Same answer for everyone. */
function all(answer: AnswerClass): RoleAnswers {
  return Object.fromEntries(ROLES.map((r) => [r, answer])) as RoleAnswers;
}
/** Anonymous → sign-in; everyone signed in gets `signedIn`, except the listed roles. */
function signedIn(answer: AnswerClass, except: Partial<Record<Exclude<Role, "anonymous">, AnswerClass>> = {}): RoleAnswers {
  const row = { anonymous: "signin" } as RoleAnswers;
  for (const r of SIGNED_IN) row[r] = except[r] ?? answer;
  return row;
}
/** Only the listed roles get `answer`; other signed-in roles get `others`. */
function only(roles: Exclude<Role, "anonymous">[], answer: AnswerClass, others: AnswerClass): RoleAnswers {
  const row = { anonymous: "signin" } as RoleAnswers;
  for (const r of SIGNED_IN) row[r] = roles.includes(r) ? answer : others;
  return row;
}

const COORDINATORS: Exclude<Role, "anonymous">[] = ["coordinatorA", "coordinatorB", "admin"];
/** A coordinator page of an edition: both cities' coordinators (their own side) and admins. */
const coordinatorPage = (withAction: boolean, edition?: string): RouteAccess => ({
  get: only(COORDINATORS, "ok", "forbidden"),
  post: withAction ? only(COORDINATORS, "bad", "forbidden") : null,
  ...(edition ? { edition } : {}),
});
/** A page of team A's own proposal: its members only; anyone else gets 404 (no hint it exists). */
const teamAPage = (withAction: boolean, edition?: string): RouteAccess => ({
  get: only(["applicantA"], "ok", "notfound"),
  post: withAction ? only(["applicantA"], "bad", "notfound") : null,
  ...(edition ? { edition } : {}),
});

/** Keyed by the full path pattern ("/" for the home page), or by the route's explicit id. */
export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  // Public
  "/": { get: all("ok"), post: null },
  "/healthz": { get: all("ok"), post: null },
  "/language": { get: all("ok"), post: all("ok"), note: "an empty form just redirects back" },
  "/programs/:slug": { get: all("ok"), post: null },
  "/sign-up": { get: all("ok"), post: { ...all("ok"), anonymous: "bad" }, note: "signed in: redirected home" },
  "/sign-in": {
    get: all("ok"),
    post: { ...all("ok"), anonymous: "bad" },
    note: "signed in: the refused form is followed by the page's loader, which sends a signed-in user home",
  },
  "/sign-out": { get: all("ok"), post: all("ok"), postFromOwnSession: true },
  "/forgot-password": { get: all("ok"), post: all("bad") },
  "/reset-password/:token": { get: all("ok"), post: all("bad"), note: "a bogus token: the page says the link is invalid" },
  "/invitations/:token": { get: all("ok"), post: all("bad"), note: "a bogus token: the page says the invitation is invalid; the form is refused" },
  "/__test/clock": { get: all("ok"), post: all("bad"), note: "test hook (on in e2e runs); an empty body moves nothing" },
  "*": { get: all("notfound"), post: null },

  // Signed in, anyone
  "/settings": { get: signedIn("ok"), post: signedIn("bad") },
  "/outbox": { get: only(COORDINATORS, "ok", "forbidden"), post: null },
  "/applicant": { get: signedIn("ok"), post: null },
  "/applicant/teams/new": { get: signedIn("ok"), post: signedIn("bad") },
  "/applicant/teams/:teamId": teamAPage(true),
  "/applicant/proposals/new": {
    get: signedIn("ok"),
    post: signedIn("notfound"),
    note: "GET only redirects to /applicant; an empty form names no edition: 404",
  },
  "/applicant/proposals/:proposalId": teamAPage(true),
  "/applicant/proposals/:proposalId/edit": teamAPage(true),
  "/applicant/proposals/:proposalId/deck": {
    get: signedIn("notfound"),
    post: null,
    note: "the demo data has no decks, so even team A gets 404 (no file); everyone else gets 404 for the proposal",
  },
  "/applicant/proposals/:proposalId/checklist": teamAPage(true, "taichung-toulouse-predeparture"),
  "/applicant/proposals/:proposalId/report": teamAPage(true, "taichung-toulouse-reporting"),
  "/applicant/proposals/:proposalId/itinerary": teamAPage(true, "taichung-toulouse-itinerary"),
  "/applicant/proposals/:proposalId/itinerary.ics": teamAPage(false, "taichung-toulouse-itinerary"),

  // Review: the demo edition is in the reviewing stage; reviewer1.taichung is assigned team A's proposal.
  "/review": { get: signedIn("ok"), post: null },
  "/review/:slug": { get: only(["reviewerA", "reviewerB", ...COORDINATORS], "ok", "forbidden"), post: null },
  "/review/:slug/proposals/:proposalId": {
    get: { ...only(["reviewerA", "coordinatorA", "admin"], "ok", "forbidden"), reviewerB: "notfound", coordinatorB: "notfound" },
    post: { ...only(["reviewerA"], "bad", "forbidden") },
    note:
      "city A's proposal, assigned to reviewer1.taichung: city B's panel does not see it (404); no one outside a panel may look. " +
      "Only reviewers score: coordinators and admins get 403; an unassigned reviewer's POST is 403 (its page is the 404)",
  },
  "/review/:slug/proposals/:proposalId/deck": {
    get: { ...only(["coordinatorA", "admin"], "notfound", "forbidden"), reviewerB: "notfound", coordinatorB: "notfound" },
    post: null,
    note:
      "reviewer1.taichung has not declared conflicts yet, so the deck is 403; the demo data has no decks, so city A's coordinator and admins get 404 (no file)",
  },
  "/review/:slug/ranking": {
    get: only(COORDINATORS, "ok", "forbidden"),
    post: null,
    note: "reviewer1 of each city has not finished their reviews in the demo edition: the ranking stays closed to them",
  },

  // Coordinate
  "/coordinate": { get: signedIn("ok"), post: null },
  "/coordinate/:slug/panel": coordinatorPage(true),
  "/coordinate/:slug/screening": coordinatorPage(true),
  "/coordinate/:slug/reviews": coordinatorPage(true),
  "/coordinate/:slug/rubric": coordinatorPage(true),
  "/coordinate/:slug/shortlist": coordinatorPage(true),
  "coordinate-picks": coordinatorPage(true),
  "/coordinate/:slug/offers": coordinatorPage(true),
  "/coordinate/:slug/announcement": coordinatorPage(false),
  "/coordinate/:slug/reviews.csv": coordinatorPage(false),
  "/coordinate/:slug/dashboard": coordinatorPage(true),
  "/coordinate/:slug/topics": coordinatorPage(true),
  "/coordinate/:slug/hosting": coordinatorPage(true),
  "/coordinate/:slug/schedule": {
    ...coordinatorPage(true),
    post: only(COORDINATORS, "ok", "forbidden"),
    note: "an empty schedule form is a save that changes nothing (200)",
  },
  "/coordinate/:slug/pre-departure": coordinatorPage(true, "taichung-toulouse-predeparture"),
  "/coordinate/:slug/results": coordinatorPage(true, "taichung-toulouse-reporting"),
  "/coordinate/:slug/results.csv": coordinatorPage(false, "taichung-toulouse-reporting"),
  "/coordinate/:slug/itineraries": coordinatorPage(false, "taichung-toulouse-itinerary"),
  "/coordinate/:slug/itineraries.ics": coordinatorPage(false, "taichung-toulouse-itinerary"),
  "/coordinate/:slug/itineraries/:proposalId": {
    ...coordinatorPage(true, "taichung-toulouse-itinerary"),
    post: only(["coordinatorB", "admin"], "bad", "forbidden"),
    note: "team A (Taichung) is hosted by Toulouse: the host edits, the home coordinator views",
  },
  "/coordinate/:slug/itineraries/:proposalId/itinerary.ics": coordinatorPage(false, "taichung-toulouse-itinerary"),
  "/coordinate/:slug/matchmaking": coordinatorPage(true, "taichung-toulouse-itinerary"),
  "/programs/:slug/timeline": coordinatorPage(true),

  // Admin
  "/admin": { get: only(["admin"], "ok", "forbidden"), post: only(["admin"], "bad", "forbidden") },
  "/admin/editions/new": { get: only(["admin"], "ok", "forbidden"), post: only(["admin"], "bad", "forbidden") },
};

// ---------------------------------------------------------------------------
// Walking the routes with real ids (e2e/route-access.spec.ts, e2e/fuzz.spec.ts)
// ---------------------------------------------------------------------------

interface RouteEntry {
  path?: string;
  file: string;
  id?: string;
  index?: boolean;
  children?: RouteEntry[];
}
export interface FlatRoute {
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

/** Every route of app/routes.ts. */
export const ROUTES = flatten(routes as unknown as RouteEntry[]);

/** The key a route is declared under in ROUTE_ACCESS: its explicit id, or its path pattern. */
export function keyOf(route: FlatRoute): string {
  return route.id && ROUTE_ACCESS[route.id] ? route.id : route.pattern;
}

export function declarationOf(route: FlatRoute): RouteAccess | undefined {
  return (route.id ? ROUTE_ACCESS[route.id] : undefined) ?? ROUTE_ACCESS[route.pattern];
}

/** The route module's source (app/<file>). */
export function sourceOf(route: FlatRoute): string {
  return readFileSync(new URL(`../app/${route.file}`, import.meta.url), "utf8");
}

export function hasAction(route: FlatRoute): boolean {
  return /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b/.test(sourceOf(route));
}

/** Real ids from the run's database: the proposal (and team) of an applicant in an edition; team A is applicant1.taichung's. */
const proposalsOf = new Map<string, { proposalId: string; teamId: string }>();
export function proposalOf(edition: string, email: string = ROLE_ACCOUNTS.applicantA): { proposalId: string; teamId: string } {
  const key = `${edition} ${email}`;
  let found = proposalsOf.get(key);
  if (!found) {
    const [row] = readDb<{ proposalId: string; teamId: string }>(
      `select p.id as proposalId, p.team_id as teamId from proposals p
         join team_members m on m.team_id = p.team_id join users u on u.id = m.user_id
         join programs g on g.id = p.program_id
        where g.slug = ? and u.email = ?`,
      edition,
      email,
    );
    if (!row) throw new Error(`No proposal of ${email} in ${edition}`);
    proposalsOf.set(key, (found = row));
  }
  return found;
}
export function teamA(edition: string): { proposalId: string; teamId: string } {
  return proposalOf(edition);
}

/**
 * A route's path with its parameters filled: :slug by the edition, :proposalId
 * by team A's proposal in it (unless given), :teamId by team A, :token by a
 * bogus token (unless given).
 */
export function pathOf(pattern: string, values: { edition?: string; proposalId?: string; teamId?: string; token?: string } = {}): string {
  if (pattern === "*") return "/no-such-page/route-access";
  const edition = values.edition ?? DEFAULT_EDITION;
  return pattern.replace(/:(\w+)/g, (_, name: string) => {
    switch (name) {
      case "slug":
        return edition;
      case "proposalId":
        return values.proposalId ?? teamA(edition).proposalId;
      case "teamId":
        return values.teamId ?? teamA(DEFAULT_EDITION).teamId;
      case "token":
        return values.token ?? "bogus-token-route-access";
      default:
        throw new Error(`route-access: no value for :${name} in ${pattern}`);
    }
  });
}

export function urlOf(route: FlatRoute, access: RouteAccess): string {
  return pathOf(route.pattern, { edition: access.edition ?? DEFAULT_EDITION });
}

/** A request client signed in as the role (its own session), in English. */
export async function newClient(role: Role): Promise<APIRequestContext> {
  const client = await playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { "Accept-Language": "en" } });
  if (role !== "anonymous") await signInFast(client, ROLE_ACCOUNTS[role]);
  return client;
}
