// Loaded into the gateway under soak with `node --import` when the soak runs with --probe <dir>,
// so the gateway itself carries no diagnostics. Every 5 s it appends to <dir>/memory.jsonl what
// RSS alone cannot tell apart: the V8 heap, external and ArrayBuffer memory, RSS split into
// anonymous (heap, malloc) and file/shared pages, and the SQLite files (the WAL and the Rss of
// its -shm mapping). SIGUSR2 writes a heap snapshot to <dir> (SIGUSR1 is the gateway's button).
import { appendFileSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";

const dir = process.env.OPENTT_SOAK_PROBE;
if (dir) {
  const started = Date.now();
  const dataDir = process.argv[process.argv.indexOf("--data") + 1];
  const kib = (text, field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1] ?? Number.NaN);
  const fileKib = (name) => {
    try {
      return Math.round(statSync(path.join(dataDir, name)).size / 1024);
    } catch {
      return 0;
    }
  };
  const shmRssKib = () => {
    const smaps = readFileSync("/proc/self/smaps", "utf8").split("\n");
    let total = 0;
    for (let i = 0; i < smaps.length; i++) {
      if (!smaps[i].endsWith("opentt.db-shm")) continue;
      for (let j = i + 1; j < smaps.length && !/^[0-9a-f]+-/.test(smaps[j]); j++) {
        const m = /^Rss:\s+(\d+) kB/.exec(smaps[j]);
        if (m) total += Number(m[1]);
      }
    }
    return total;
  };
  const sample = () => {
    const status = readFileSync("/proc/self/status", "utf8");
    const mu = process.memoryUsage();
    // Used and committed size per V8 space: the young generation grows its semi-spaces under load.
    const spaces = Object.fromEntries(
      v8
        .getHeapSpaceStatistics()
        .filter((s) => s.space_size > 0)
        .map((s) => [
          s.space_name.replace("_space", ""),
          [s.space_used_size, s.space_size].map((n) => Math.round(n / 1024)),
        ]),
    );
    const line = {
      t: Math.round((Date.now() - started) / 1000),
      rssKib: kib(status, "VmRSS"),
      anonKib: kib(status, "RssAnon"),
      fileKib: kib(status, "RssFile"),
      shmemKib: kib(status, "RssShmem"),
      heapUsedKib: Math.round(mu.heapUsed / 1024),
      heapTotalKib: Math.round(mu.heapTotal / 1024),
      externalKib: Math.round(mu.external / 1024),
      arrayBuffersKib: Math.round(mu.arrayBuffers / 1024),
      spacesKib: spaces,
      dbKib: fileKib("opentt.db"),
      walKib: fileKib("opentt.db-wal"),
      shmMappedRssKib: shmRssKib(),
      handles: process.getActiveResourcesInfo().length,
    };
    appendFileSync(path.join(dir, "memory.jsonl"), `${JSON.stringify(line)}\n`);
  };
  setInterval(sample, 5_000).unref();
  process.on("SIGUSR2", () => {
    const n = readdirSync(dir).filter((f) => f.endsWith(".heapsnapshot")).length;
    const t = Math.round((Date.now() - started) / 1000);
    v8.writeHeapSnapshot(path.join(dir, `${n}-${t}s.heapsnapshot`));
  });
}
