// [opentt] The floor plan row (issue 18): one document, saved only over the version its editor
// read, in one statement, so two editors cannot overwrite each other.
import type Database from "better-sqlite3";
import type { FloorplanStore } from "../domain/ports.js";

export function floorplanStore(db: Database.Database): FloorplanStore {
  const get = db.prepare("SELECT version, body FROM floorplan WHERE id = 1");
  const insert = db.prepare("INSERT OR IGNORE INTO floorplan (id, version, body) VALUES (1, 1, ?)");
  const update = db.prepare("UPDATE floorplan SET version = version + 1, body = ? WHERE id = 1 AND version = ?");
  return {
    load: () => (get.get() as { version: number; body: string } | undefined) ?? { version: 0, body: "" },
    save: (expected, body) => (expected === 0 ? insert.run(body) : update.run(body, expected)).changes === 1,
  };
}
