// The CLI speaks CLI: not-found is exit 5 with a hint at the listing command, API errors name the
// flag or argument the user typed and the form it takes (never a query parameter or an HTTP
// route), and two-column output lines up.
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/exit-codes.js";
import { type TestGateway, useTestGateway } from "../helpers/gateway.js";
import { cli } from "./run.js";

let gw: TestGateway;
let g: string[];
useTestGateway(
  (started, issued) => {
    gw = started;
    g = ["--gateway", gw.base, "--token", issued];
  },
  {},
  {},
  { token: "cli-messages" },
);

/** Words of the HTTP API that a CLI user never typed. */
const API_WORDS =
  /target_time|created_after|created_before|orderType|locationName|\/api\/v2|GET |alreadyLocated|alreadyStarted/;

describe("CLI messages", () => {
  it("locating an order that does not exist says so, with the not-found exit code", async () => {
    const r = await cli(["order", "locate", "99998", "3", ...g]);
    expect(r.code).toBe(EXIT.NOT_FOUND);
    expect(r.err).toMatch(/No active order 99998/);
    expect(r.err).toContain("opentt order create 99998 --table 3");
    expect(r.err).not.toMatch(API_WORDS);
    const json = await cli(["order", "locate", "99998", "3", ...g, "--json"]);
    expect(json.code).toBe(EXIT.NOT_FOUND);
    expect(JSON.parse(json.err).error).toMatchObject({ message: expect.stringMatching(/No active order/) });
  });

  it("revoking a token that does not exist is not-found, in CLI words", async () => {
    const r = await cli(["tokens", "revoke", "nosuch", ...g]);
    expect(r.code).toBe(EXIT.NOT_FOUND);
    expect(r.err).toBe("opentt: No token named 'nosuch'; see `opentt tokens list`.\n");
  });

  it("a repeated create says what happened in words", async () => {
    expect((await cli(["order", "create", "12", "--table", "8", ...g])).out).toMatch(/^Order 12: created at table 8\./);
    const again = await cli(["order", "create", "12", "--table", "8", ...g]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^Order 12: already at table 8, nothing changed\./);
    await cli(["order", "create", "14", ...g]);
    expect((await cli(["order", "create", "14", ...g])).out).toMatch(/^Order 14: already started, nothing changed\./);
    for (const out of [again.out]) expect(out).not.toMatch(API_WORDS);
  });

  it("names the flag and the accepted form", async () => {
    const target = await cli(["stats", "--target", "-5", ...g]);
    expect(target.code).toBe(EXIT.FAILED);
    expect(target.err).toMatch(/--target "-5": use a whole number of seconds, 1 or more/);
    const after = await cli(["history", "--after", "yesterday", ...g]);
    expect(after.err).toMatch(/--after "yesterday": use .*YYYY-MM-DDTHH:MM:SS/);
    // Two date flags: the one the gateway refused.
    const before = await cli(["history", "--after", "2026-01-01T00:00:00", "--before", "soon", ...g]);
    expect(before.err).toMatch(/Invalid --before "soon"/);
    expect(before.err).not.toMatch(/--after/);
    const table = await cli(["order", "locate", "12", "x", ...g]);
    expect(table.err).toMatch(/<table> "x": use a table number/);
    for (const r of [target, after, before, table]) expect(r.err).not.toMatch(API_WORDS);
  });

  it("stats lines its figures up in one column", async () => {
    const r = await cli(["stats", ...g]);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^Delivered within 5:00:\s+\d+%$/);
    // Right-aligned values: every line ends in the same column.
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});
