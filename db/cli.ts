import { createDb, resolveDatabaseTarget } from "./client.ts";
import { migrateDownAll, migrateToLatest } from "./migrate.ts";
import { isEmpty, seedDemo } from "../seeds/seed.ts";

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
  } else if (command === "seed") {
    await migrateToLatest(db);
    if (!(await isEmpty(db))) console.log("The database already has data: use `npm run db:reset` to start over.");
    else {
      await seedDemo(db, new Date());
      console.log("Demo data loaded.");
    }
  } else {
    console.error("Usage: node db/cli.ts migrate|reset|seed");
    process.exitCode = 2;
  }
} finally {
  await db.destroy();
}
