// Child process of upgrade.test.ts: opens the database as the gateway does (WAL) and migrates
// it, but stops inside the first step's transaction, after its SQL ran and just before the new
// version is recorded, says so on stdout and waits there to be killed.
import { writeSync } from "node:fs";
import Database from "better-sqlite3";
import { migrate } from "../../dist/store/migrations.js";

const db = new Database(process.argv[2]);
db.pragma("journal_mode = WAL");
const pragma = db.pragma.bind(db);
db.pragma = (source, options) => {
  if (/^user_version\s*=/.test(source)) {
    writeSync(1, "in step\n");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  }
  return pragma(source, options);
};
migrate(db);
