#!/usr/bin/env node
// Fails when an installed package says it needs another Node (or npm) than this one: the same test
// npm's EBADENGINE warning makes, run over node_modules, so a dependency bump that drops Node 20
// fails CI instead of printing a warning nobody reads. Fix with an exact pin or an `overrides`
// entry in package.json (DEVELOPERS.md, "Dependencies and Node 20").
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import semver from "semver";

const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, ".."));
const running = { node: process.version, npm: npmVersion() };

function npmVersion() {
  try {
    return execFileSync("npm", ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return undefined; // no npm on PATH: check Node only
  }
}

/** Every package folder under a node_modules folder, scoped ones and nested node_modules included. */
function* packages(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith("@")) {
      for (const sub of readdirSync(full, { withFileTypes: true }))
        if (sub.isDirectory()) yield* withNested(path.join(full, sub.name));
    } else yield* withNested(full);
  }
}

function* withNested(pkgDir) {
  yield pkgDir;
  yield* packages(path.join(pkgDir, "node_modules"));
}

const bad = [];
for (const dir of packages(path.join(root, "node_modules"))) {
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  } catch {
    continue; // not a package (a .bin folder, a stray directory)
  }
  const engines = pkg.engines && typeof pkg.engines === "object" ? pkg.engines : {};
  for (const [engine, version] of Object.entries(running)) {
    const wanted = engines[engine];
    if (typeof wanted !== "string" || version === undefined) continue;
    // npm's own test (npm-install-checks): a range it cannot parse is not a mismatch.
    if (!semver.validRange(wanted)) continue;
    if (!semver.satisfies(version, wanted, { includePrerelease: true }))
      bad.push(
        `${pkg.name}@${pkg.version} (${path.relative(root, dir)}) wants ${engine} ${wanted}, this is ${version}`,
      );
  }
}

if (bad.length > 0) {
  process.stderr.write(
    `EBADENGINE: ${bad.length} installed package(s) do not support this ${running.node}:\n  ${bad.join("\n  ")}\n` +
      "Pin a version that does (exact version or package.json overrides); check with `npm view PKG@VER engines`.\n",
  );
  process.exit(1);
}
process.stdout.write(`engines: every installed package supports Node ${running.node}\n`);
