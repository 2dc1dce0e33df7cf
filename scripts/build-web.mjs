// Builds the dashboard: bundles web/src (preact + htm + uplot) with esbuild into web/dist with
// content-hashed file names, then writes index.html pointing at them. Hashed names let the
// gateway cache assets for a year; index.html is revalidated, so a new build shows at once.
// uPlot is split into its own chunk, loaded only by the statistics view; every text asset also
// gets .br and .gz twins that the gateway sends to browsers that accept them.
// Usage: node scripts/build-web.mjs [--dev]   (--dev: no minification, inline source maps)
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../web/", import.meta.url));
const outdir = path.join(root, "dist");
const dev = process.argv.includes("--dev");

/** Builds into a fresh folder and swaps it in, so a running gateway never serves half a build. */
export async function buildWeb({ minify = !dev } = {}) {
  // Leftovers of an interrupted build go first (not those of a build still running).
  for (const e of readdirSync(root)) {
    const pid = /^\.dist-(\d+)$/.exec(e)?.[1];
    if (pid && !isRunning(Number(pid))) rmSync(path.join(root, e), { recursive: true, force: true });
  }
  const staging = path.join(root, `.dist-${process.pid}`);
  mkdirSync(staging, { recursive: true });
  const result = await build({
    entryPoints: { app: path.join(root, "src/main.ts"), styles: path.join(root, "src/styles.css") },
    bundle: true,
    format: "esm",
    target: "es2022",
    outdir: path.join(staging, "assets"),
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    splitting: true,
    assetNames: "[name]-[hash]",
    minify,
    sourcemap: minify ? false : "inline",
    metafile: true,
    legalComments: "none",
    logLevel: "warning",
  });
  const outputs = Object.entries(result.metafile.outputs);
  const find = (entry) => {
    const hit = outputs.find(([, o]) => o.entryPoint?.endsWith(entry));
    if (!hit) throw new Error(`build-web: no output for ${entry}`);
    return path.relative(staging, hit[0]).split(path.sep).join("/");
  };
  const template = readFileSync(path.join(root, "index.html"), "utf8");
  const html = template
    .replace("%STYLES%", `/${find("src/styles.css")}`)
    .replace("%SCRIPT%", `/${find("src/main.ts")}`);
  writeFileSync(path.join(staging, "index.html"), html);
  compressAll(staging);
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
  return outputs.map(([file, o]) => ({ file: path.relative(root, file), bytes: o.bytes }));
}

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

/** Writes name.br and name.gz next to every text asset worth compressing. */
function compressAll(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(js|css|html)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    const data = readFileSync(file);
    if (data.length < 1024) continue;
    writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const files = await buildWeb();
  for (const f of files) console.log(`  ${f.file.replace(/^\.dist-\d+/, "dist")}  ${(f.bytes / 1024).toFixed(1)} KiB`);
}
