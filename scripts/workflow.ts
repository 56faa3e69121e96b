import { createDb, resolveDatabaseTarget } from "../db/client.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { findProgramBySlug } from "../db/repositories/programs.ts";
import { systemClock } from "../app/lib/clock.ts";
import { runSchedulerOnce } from "../app/lib/scheduler.server.ts";
import { programStatus } from "../app/services/program-status.server.ts";

/**
 * npm run workflow -- status <program-slug> [--json]
 * npm run workflow -- tick
 */
const [command, ...rest] = process.argv.slice(2);
const db = createDb(resolveDatabaseTarget(process.env.DATABASE_URL));
try {
  await migrateToLatest(db);
  if (command === "status" && rest[0]) {
    const program = await findProgramBySlug(db, rest[0]);
    if (!program) {
      console.error(`No programme with slug "${rest[0]}"`);
      process.exitCode = 1;
    } else {
      const status = await programStatus(db, program);
      if (rest.includes("--json")) console.log(JSON.stringify(status, null, 2));
      else {
        console.log(`${program.slug}: ${JSON.stringify(status.state)} (version ${status.version})`);
        for (const [city, stage] of Object.entries(status.cities)) console.log(`  ${city}: ${stage}`);
        console.table(status.applications);
      }
    }
  } else if (command === "tick") {
    const report = await runSchedulerOnce(db, systemClock, `cli-${process.pid}`);
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.error("Usage: npm run workflow -- status <program-slug> [--json] | tick");
    process.exitCode = 2;
  }
} finally {
  await db.destroy();
}
