import { createDb, resolveDatabaseTarget } from "./client.ts";
import { migrateDownAll, migrateToLatest } from "./migrate.ts";
import { backupSqlite, restoreSqlite } from "./backup.ts";
import { isEmpty, seedDemo, seedScenario } from "../seeds/seed.ts";
import { DEMO_STAGES, type DemoStage } from "../seeds/edition.ts";

/** npm run db:migrate | db:reset | db:seed */
const command = process.argv[2];
const target = resolveDatabaseTarget(process.env.DATABASE_URL);
const db = createDb(target);
try {
  if (command === "migrate") {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
  } else if (command === "reset") {
    await migrateDownAll(db);
    await migrateToLatest(db);
    await seedDemo(db, new Date());
    console.log(`Database reset and demo data loaded (${target.dialect}).`);
  } else if (command === "backup" || command === "restore") {
    if (target.dialect !== "sqlite") {
      console.error("For PostgreSQL use pg_dump / pg_restore (see the README).");
      process.exitCode = 2;
    } else if (command === "backup") {
      const destination = process.argv[3] ?? `data/backups/passerelle-${new Date().toISOString().replace(/[:.]/g, "-")}.db`;
      const { pages } = await backupSqlite(target.location, destination);
      console.log(`Backed up ${pages} pages to ${destination}`);
    } else if (!process.argv[3]) {
      console.error("Usage: npm run db:restore -- <backup file>   (stop the app first)");
      process.exitCode = 2;
    } else {
      await db.destroy();
      restoreSqlite(process.argv[3], target.location);
      console.log(`Restored ${process.argv[3]} to ${target.location}`);
      process.exit(0);
    }
  } else if (command === "seed" && process.argv[3] === "--stage") {
    // Adds an edition whose windows put today inside the given stage.
    const stage = process.argv[4] as DemoStage;
    if (!DEMO_STAGES.includes(stage)) {
      console.error(`--stage must be one of: ${DEMO_STAGES.join(", ")}`);
      process.exitCode = 2;
    } else {
      await migrateToLatest(db);
      // --slug <slug> names the edition; --call-closes-in <minutes> puts its call deadline that close to now.
      const option = (name: string) => {
        const i = process.argv.indexOf(name);
        return i > 0 ? process.argv[i + 1] : undefined;
      };
      const closesIn = option("--call-closes-in");
      const { slug } = await seedScenario(db, stage, new Date(), { slug: option("--slug"), callClosesInMinutes: closesIn ? Number(closesIn) : undefined });
      console.log(`Demo edition "${slug}" added, with today inside the ${stage} stage.`);
    }
  } else if (command === "seed") {
    await migrateToLatest(db);
    if (!(await isEmpty(db))) console.log("The database already has data: use `npm run db:reset` to start over.");
    else {
      await seedDemo(db, new Date());
      console.log("Demo data loaded.");
    }
  } else {
    console.error("Usage: node db/cli.ts migrate | reset | seed [--stage <stage>] | backup [file] | restore <file>");
    process.exitCode = 2;
  }
} finally {
  await db.destroy();
}
