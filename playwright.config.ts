import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end journeys in real Chromium (Debian's, at /usr/bin/chromium:
 * Playwright cannot download browsers here) against the production build.
 * `npm run test:e2e` builds first; this file never builds.
 */
const PORT = Number(process.env.E2E_PORT ?? 3200);
const BASE_URL = `http://localhost:${PORT}`;
// Runs on other ports (E2E_PORT) get their own database, so two runs never share one.
const DB_NAME = PORT === 3200 ? "e2e" : `e2e-${PORT}`;

const CHROMIUM = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  },
};

export default defineConfig({
  testDir: "e2e",
  // 2 cores: the server and the browsers share them. Tests never depend on order.
  workers: process.env.CI ? 1 : 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    // Tests choose their language explicitly; the default is English.
    locale: "en",
  },
  projects: [
    { name: "chromium", use: CHROMIUM, grepInvert: /@moves-clock/ },
    // Tests that move the server clock run alone, after all the others: a moved clock would
    // expire other tests' one-hour reset links or let the scheduler fire under them.
    { name: "clock", use: CHROMIUM, grep: /@moves-clock/, dependencies: ["chromium"] },
  ],
  webServer: {
    // A fresh SQLite database for every run: migrated and seeded by the server.
    // The demo edition plus editions placed in the stages the journeys need.
    command: `rm -rf data/${DB_NAME}.db data/${DB_NAME}.db-* data/${DB_NAME}-uploads && mkdir -p data && node db/cli.ts seed && node db/cli.ts seed --stage topics && node db/cli.ts seed --stage reviewing && node db/cli.ts seed --stage hosting && node db/cli.ts seed --stage callOpen && node db/cli.ts seed --stage announcement && node db/cli.ts seed --stage callOpen --slug taichung-toulouse-applicants --call-closes-in 240 && node db/cli.ts seed --stage announcement --slug taichung-toulouse-offers && node db/cli.ts seed --stage itinerary && node db/cli.ts seed --stage picking && node db/cli.ts seed --stage preDeparture && node db/cli.ts seed --stage exchange && node db/cli.ts seed --stage reporting && node db/cli.ts seed --stage closed && node server/start.ts`,
    env: {
      PORT: String(PORT),
      DATABASE_URL: `file:./data/${DB_NAME}.db`,
      PASSERELLE_TEST_HOOKS: "1",
      PASSERELLE_PRINT_ACCOUNTS: "0",
      UPLOADS_DIR: `data/${DB_NAME}-uploads`,
    },
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
