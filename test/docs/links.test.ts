// The README is the front door and docs/ holds the depth: every link must lead somewhere inside
// the repository (a reader on a fresh clone, offline, can follow each one), and the front door
// stays short enough to read in one sitting.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const pages = [
  "README.md",
  "DEVELOPERS.md",
  "bench/README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** Markdown links `[text](target)`, outside code spans and fenced blocks. */
function links(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
}

describe("documentation links", () => {
  it("the README is a front door of at most ~200 lines", () => {
    const lines = readFileSync(join(root, "README.md"), "utf8").split("\n").length;
    expect(lines).toBeLessThanOrEqual(200);
  });

  for (const page of pages) {
    it(`${page}: every link points to a file in the repository`, () => {
      const text = readFileSync(join(root, page), "utf8");
      for (const target of links(text)) {
        // A link to a running gateway's own pages (http://localhost:8000/docs) is an address, not a page.
        if (/^https?:\/\/(localhost|127\.0\.0\.1)[:/]/.test(target)) continue;
        expect(target, `${page} links outside the repository: ${target}`).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
        const path = target.split("#")[0] as string;
        if (path === "") continue; // an anchor on the same page
        const file = resolve(dirname(join(root, page)), decodeURIComponent(path));
        expect(file.startsWith(root), `${page}: ${target} leaves the repository`).toBe(true);
        expect(existsSync(file), `${page}: ${target} does not exist`).toBe(true);
      }
    });
  }
});
