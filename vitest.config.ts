import { defineConfig } from "vitest/config";

// Kept apart from vite.config.ts: the React Router plugin must not run under vitest.
export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    include: ["workflows/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts", "seeds/**/*.test.ts", "server/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
