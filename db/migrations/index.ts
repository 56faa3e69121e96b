import type { Migration } from "kysely/migration";
import * as foundation from "./2026112201_foundation.ts";
import * as workflows from "./2026112202_workflows.ts";
import * as applications from "./2026112203_applications.ts";
import * as reviews from "./2026112204_reviews.ts";
import * as exchange from "./2026112205_exchange.ts";

// A static list rather than FileMigrationProvider, so that the same
// migrations run from the Vite server bundle, from Node directly and in tests.
export const migrations: Record<string, Migration> = {
  "2026112201_foundation": foundation,
  "2026112202_workflows": workflows,
  "2026112203_applications": applications,
  "2026112204_reviews": reviews,
  "2026112205_exchange": exchange,
};
