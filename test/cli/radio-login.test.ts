// `opentt radio login` (issue 17 point 1): waits for the vendor gateway's button like `opentt
// token`, saves the token in the data folder with mode 0600, and never prints it.
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { VendorDouble } from "../helpers/vendor-double.js";
import { start } from "./run.js";

let up: VendorDouble | undefined;
afterEach(async () => {
  await up?.down();
});

describe("opentt radio login", () => {
  it("waits for the button, saves the token 0600 in the data folder, prints no secret", async () => {
    up = await new VendorDouble().up(0);
    const data = mkdtempSync(path.join(tmpdir(), "opentt-login-"));
    const run = start(["radio", "login", "--radio", `lrs+${up.base}`, "--data", data, "--timeout", "60"]);
    await run.until((all) => all.includes(`Press the button on the vendor gateway (${up?.base})`));
    up.pressButton();
    expect(await run.code).toBe(0);
    const file = path.join(data, "radio-token");
    const saved = readFileSync(file, "utf8").trim();
    expect(saved).toMatch(/^[0-9a-f]{48}$/);
    expect(up.tokens.has(saved)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(run.out() + run.err()).not.toContain(saved);
    expect(run.out()).toContain(`Saved the vendor gateway's token "opentt-bridge" to ${file}`);
    expect(up.refused).toEqual([]);
  });

  it("refuses a radio that is not lrs, naming the flag", async () => {
    const run = start(["radio", "login", "--radio", "mqtt"]);
    expect(await run.code).not.toBe(0);
    expect(run.err()).toContain("--radio lrs");
  });
});
