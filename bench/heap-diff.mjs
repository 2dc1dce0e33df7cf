// Compares two V8 heap snapshots (from `bench:soak -- --probe <dir> --snapshots a,b`): objects
// counted and their own sizes summed by type and constructor name, printed by growth. What is
// retained per request, connection or order shows up as a count rising with the traffic.
// Run: node bench/heap-diff.mjs early.heapsnapshot late.heapsnapshot [rows]
import { readFileSync } from "node:fs";

function summarise(file) {
  const snap = JSON.parse(readFileSync(file, "utf8"));
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [iType, iName, iSize] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const groups = new Map();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]];
    // Strings and code are grouped by type only: their names are their contents.
    const name = ["object", "closure", "native", "hidden", "array"].includes(type)
      ? String(snap.strings[snap.nodes[i + iName]]).slice(0, 60)
      : "";
    const key = `${type}:${name}`;
    const size = snap.nodes[i + iSize];
    const g = groups.get(key) ?? { count: 0, size: 0 };
    g.count++;
    g.size += size;
    total += size;
    groups.set(key, g);
  }
  return { groups, total, count: snap.nodes.length / width };
}

const [a, b, rows = "40"] = process.argv.slice(2);
if (!a || !b) {
  console.error("usage: node bench/heap-diff.mjs early.heapsnapshot late.heapsnapshot [rows]");
  process.exit(2);
}
const early = summarise(a);
const late = summarise(b);
const kib = (n) => (n / 1024).toFixed(1);
console.log(`objects ${early.count} -> ${late.count}; self size ${kib(early.total)} -> ${kib(late.total)} KiB`);
const keys = new Set([...early.groups.keys(), ...late.groups.keys()]);
const diff = [...keys].map((k) => {
  const e = early.groups.get(k) ?? { count: 0, size: 0 };
  const l = late.groups.get(k) ?? { count: 0, size: 0 };
  return { k, count: l.count - e.count, size: l.size - e.size, e, l };
});
diff.sort((x, y) => Math.abs(y.size) - Math.abs(x.size));
console.log("Δsize KiB\tΔcount\tcount early -> late\tgroup");
for (const d of diff.slice(0, Number(rows))) {
  console.log(`${kib(d.size)}\t${d.count}\t${d.e.count} -> ${d.l.count}\t${d.k}`);
}
