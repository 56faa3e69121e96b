import { createRequestHandler } from "@react-router/express";
import { createRequestHandler as createFetchHandler, type ServerBuild } from "react-router";
import http from "node:http";
import compression from "compression";
import express from "express";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { migrateToLatest } from "../db/migrate.ts";
import { createRuntime, installRuntime } from "../app/lib/runtime.server.ts";
import { readConfig } from "../app/lib/config.server.ts";
import { CLIENT_IP_HEADER } from "../app/lib/request.server.ts";
import { seedIfEmpty } from "../seeds/seed.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../seeds/accounts.ts";
import { startBackgroundWork } from "./background.ts";
import { createPublicPageCache } from "./public-page-cache.ts";

const startedAt = performance.now();
const config = readConfig();
const runtime = installRuntime(createRuntime(config));

await migrateToLatest(runtime.db);
const seeded = process.env.PASSERELLE_SKIP_SEED === "1" ? false : await seedIfEmpty(runtime.db, runtime.clock.now());

const buildDir = process.env.PASSERELLE_BUILD_DIR ?? "build";
const buildPath = path.resolve(buildDir, "server/index.js");
if (!existsSync(buildPath)) {
  console.error("No production build found: run `npm run build` first (npm start does).");
  process.exit(1);
}
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
const publicPages = createPublicPageCache(createFetchHandler(build, "production"), { baseUrl: config.baseUrl });

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "1");
app.use(compression());
app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h", index: false }));
app.use((req, _res, next) => {
  // The client's address for rate limits; never taken from what the client says.
  req.headers[CLIENT_IP_HEADER] = req.ip ?? req.socket.remoteAddress ?? "unknown";
  next();
});
app.all("/{*splat}", createRequestHandler({ build, mode: "production" }));

const server = http.createServer((req, res) => {
  // The client's address for rate limits; never taken from what the client says.
  req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? "unknown";
  drainUnreadBody(req, res);
  if (!publicPages.handle(req, res)) app(req, res);
});

/** The most of an unread request body read (and dropped) after its answer: the largest form the app takes, with room. */
const LINGER_BYTES = 16 * 1024 * 1024;

/**
 * An answer sent before the request's body has all arrived (refused as too
 * large, not a form, or not allowed) leaves the rest of the body unread: the
 * next request on the kept-alive connection would wait behind it until the
 * socket is reset, and closing at once would reset the client's upload before
 * it reads the answer. So the rest is read and dropped, up to a bound; past
 * it the connection is closed.
 */
function drainUnreadBody(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.once("finish", () => {
    if (req.complete || req.destroyed) return;
    let left = LINGER_BYTES;
    // The request handler's own reader (paused, with nobody to read it) lets go first.
    req.removeAllListeners("data");
    req.on("data", (chunk: Buffer) => {
      left -= chunk.length;
      if (left < 0) req.socket.destroy();
    });
    req.resume();
  });
}

server.listen(config.port, () => {
  const ms = Math.round(performance.now() - startedAt);
  console.log(`\nPasserelle is running at ${config.baseUrl} (ready in ${ms} ms)`);
  if (seeded || process.env.PASSERELLE_PRINT_ACCOUNTS !== "0") printDemoAccounts();
});
const stopBackground = startBackgroundWork(runtime, { onChange: publicPages.invalidate });

function printDemoAccounts() {
  console.log(`\nDemo accounts (password for all: ${DEMO_PASSWORD})`);
  console.table(DEMO_ACCOUNTS.map((a) => ({ role: a.role, email: a.email })));
}

async function shutdown() {
  stopBackground();
  server.close();
  await runtime.db.destroy();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
