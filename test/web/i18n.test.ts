// The dashboard's languages (issue 18.5): no user-visible string outside the catalogues (the
// scanner proves it can fail on its own fixture), one key set in every catalogue, language choice
// from the browser, plurals and Intl formatting per locale.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { en } from "../../web/src/i18n/en.js";
import { es } from "../../web/src/i18n/es.js";
import { clock, dateTime, percent, pickLanguage, plural } from "../../web/src/i18n/index.js";
import { scanSource } from "./i18n-scan.js";

const SRC = fileURLToPath(new URL("../../web/src/", import.meta.url));

describe("no user-visible string outside the catalogues", () => {
  it("finds each kind of stray string in its own fixture, at file:line", () => {
    const fixture = [
      'import { html } from "htm/preact";', // 1
      "export const View = () => html`<section>", // 2
      "  <h1>Live board</h1>", // 3
      '  <button title="Large type" aria-label=\u0024{x}>A</button>', // 4
      '  <input placeholder="any table" />', // 5
      '  <a href=\u0024{u} aria-label="Go home">\u0024{t().home}</a>', // 6
      "</section>`;", // 7
      'const label = "Clear all";', // 8
      'const cls = "tab active";', // 9
      'if (e.key === "Escape") throw new Error("Bug: no context");', // 10
      'const ok = "Fine"; // i18n-ignore', // 11
      "const toast = `Order \u0024{n} cleared`;", // 12
      'app.notify(ok ? "saved" : "not saved", "success");', // 13
      'await confirm({ title: "clear it?", danger: true });', // 14
    ].join("\n");
    const found = scanSource("fixture.ts", fixture).map((f) => `${f.file}:${f.line} ${f.text}`);
    expect(found).toEqual([
      "fixture.ts:3 Live board",
      "fixture.ts:4 Large type",
      "fixture.ts:5 any table",
      "fixture.ts:6 Go home",
      "fixture.ts:8 Clear all",
      "fixture.ts:12 Order",
      "fixture.ts:13 saved",
      "fixture.ts:13 not saved",
      "fixture.ts:14 clear it?",
    ]);
  });

  it("finds none in web/src (catalogues aside)", () => {
    const files = readdirSync(SRC, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts") && !f.startsWith(`i18n${path.sep}`))
      .map((f) => path.join(SRC, f));
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((f) => scanSource(path.relative(SRC, f), readFileSync(f, "utf8")));
    expect(found.map((f) => `web/src/${f.file}:${f.line} ${JSON.stringify(f.text)}`)).toEqual([]);
  });
});

/** Every key path of a catalogue, with the kind of its value. */
function shape(o: object, prefix = ""): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === "object" ? shape(v, `${prefix}${k}.`) : [`${prefix}${k}:${typeof v}`],
  );
}

describe("catalogues", () => {
  it("have one key set (es.ts is also typed Messages, so a gap does not compile)", () => {
    expect(shape(es).sort()).toEqual(shape(en).sort());
  });
  it("are translated, not copied", () => {
    const same = shape(en).filter((k) => {
      const get = (o: object) =>
        k
          .split(":")[0]!
          .split(".")
          .reduce<unknown>((v, p) => (v as Record<string, unknown>)[p], o);
      const a = get(en);
      const b = get(es);
      return typeof a === "string" && a === b;
    });
    // Words Spanish borrows as they are.
    expect(same.sort()).toEqual([
      "brand:string",
      "fields.autoClearHours.hint:string",
      "fields.historyDays.hint:string",
      "gateway:string",
      "radio.kind.none:string",
      "token:string",
    ]);
    expect(es.nav.board).toBe("Pedidos");
    expect(es.tableLabel).toBe("Mesa");
    expect(es.ready).toBe("Listo");
    expect(es.alertLate("7")).toBe("El pedido 7 va retrasado");
  });
});

describe("language and formats", () => {
  it("follows the browser's languages, region kept, English when none is spoken", () => {
    expect(pickLanguage(["es-MX", "en"])).toEqual({ lang: "es", tag: "es-MX" });
    expect(pickLanguage(["fr-FR", "es"])).toEqual({ lang: "es", tag: "es-ES" });
    expect(pickLanguage(["de-DE"])).toEqual({ lang: "en", tag: "en-US" });
    expect(pickLanguage([])).toEqual({ lang: "en", tag: "en-US" });
  });
  it("picks plural forms with Intl.PluralRules", () => {
    expect(plural(1, en.rangeOrders, "en-US")).toBe("1 order");
    expect(plural(0, en.rangeOrders, "en-US")).toBe("0 orders");
    expect(plural(1, es.lateCount, "es-ES")).toBe("1 retrasado");
    expect(plural(1234, es.rangeOrders, "es-ES")).toBe("1234 pedidos");
    expect(plural(12345, es.rangeOrders, "es-ES")).toBe("12.345 pedidos");
  });
  it("formats numbers, clocks and dates per locale", () => {
    expect(percent(0.85, "en-US")).toBe("85%");
    expect(percent(0.85, "es-ES")).toBe("85\u00a0%");
    expect(clock(245, "en-US")).toBe("4:05");
    expect(clock(3729, "es-ES")).toBe("1:02:09");
    const ms = Date.UTC(2026, 10, 29, 14, 5);
    expect(dateTime(ms, "short", "en-US")).toBe("Nov 29, 02:05 PM");
    expect(dateTime(ms, "short", "es-ES")).toBe("29 nov, 14:05");
    expect(dateTime(ms, "time", "es-ES")).toBe("14:05");
  });
});
