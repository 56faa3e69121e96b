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

// The bad-input fuzz (e2e/fuzz.spec.ts) posts to these editions' forms after every other test has
// run: editions of its own, so what the other journeys did (a locked shortlist, a sent report)
// cannot take a form away from it.
const FUZZ_EDITIONS = ["callOpen", "reviewing", "topics", "hosting", "itinerary", "preDeparture", "reporting"]
  .map((stage) => `node db/cli.ts seed --stage ${stage} --slug taichung-toulouse-fuzz-${stage.toLowerCase()}`)
  .join(" && ");

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
    { name: "chromium", use: CHROMIUM, grepInvert: /@moves-clock|@alone/ },
    // Tests that move the server clock run alone, after all the others: a moved clock would
    // expire other tests' one-hour reset links or let the scheduler fire under them.
    { name: "clock", use: CHROMIUM, grep: /@moves-clock/, grepInvert: /@alone/, dependencies: ["chromium"] },
    // Last of all, tests that need the server to themselves: the bad-input fuzz compares the
    // whole database before and after each refused request, so nothing else may write meanwhile.
    { name: "alone", use: CHROMIUM, grep: /@alone/, dependencies: ["clock"] },
  ],
  webServer: {
    // A fresh SQLite database for every run: migrated and seeded by the server.
    // The demo edition plus editions placed in the stages the journeys need.
    command: `rm -rf data/${DB_NAME}.db data/${DB_NAME}.db-* data/${DB_NAME}-uploads && mkdir -p data && node db/cli.ts seed && node db/cli.ts seed --stage topics && node db/cli.ts seed --stage reviewing && node db/cli.ts seed --stage hosting && node db/cli.ts seed --stage callOpen && node db/cli.ts seed --stage announcement && node db/cli.ts seed --stage callOpen --slug taichung-toulouse-applicants --call-closes-in 240 && node db/cli.ts seed --stage announcement --slug taichung-toulouse-offers && node db/cli.ts seed --stage itinerary && node db/cli.ts seed --stage picking && node db/cli.ts seed --stage preDeparture && node db/cli.ts seed --stage exchange && node db/cli.ts seed --stage reporting && node db/cli.ts seed --stage closed && ${FUZZ_EDITIONS} && node server/start.ts`,
    env: {
      PORT: String(PORT),
      DATABASE_URL: `file:./data/${DB_NAME}.db`,
      PASSERELLE_TEST_HOOKS: "1",
      // Each test client says who it is in X-Forwarded-For (e2e/fixtures.ts clientAddress), as behind a proxy.
      TRUST_PROXY: "1",
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
