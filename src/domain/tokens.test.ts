// Tokens and the button window (spec §9, §0): the 120 s window on the gateway clock, names,
// hash-only storage, lookups, and the Authorization header rules (-1 malformed, -2 missing).
import { describe, expect, it, vi } from "vitest";
import { domainKit, expectCode } from "../../test/helpers/domain.js";
import { bearerSecret, hashToken, TOKEN_WINDOW_SECONDS } from "./tokens.js";

const SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef";

describe("the button window", () => {
  it("is closed until the button is pressed (-3)", () => {
    const k = domainKit();
    expectCode(() => k.tokens.generate("pos", null, "UTC"), "TOKEN_WINDOW_CLOSED");
    expect(k.tokens.windowRemaining()).toBe(0);
  });

  it("opens for 120 s of the gateway clock and serves any number of devices", () => {
    const k = domainKit();
    expect(TOKEN_WINDOW_SECONDS).toBe(120);
    k.tokens.pressButton();
    expect(k.tokens.windowRemaining()).toBe(120);
    k.tokens.generate("pos", null, "UTC");
    k.clock.advance(119_999);
    k.tokens.generate("kds", null, "UTC");
    k.clock.advance(1);
    expectCode(() => k.tokens.generate("late", null, "UTC"), "TOKEN_WINDOW_CLOSED");
    expect(k.tokens.list("UTC").map((t) => t.name)).toEqual(["pos", "kds"]);
  });

  it("a second press restarts the 120 s", () => {
    const k = domainKit();
    k.tokens.pressButton();
    k.clock.advance(100_000);
    k.tokens.pressButton();
    k.clock.advance(100_000);
    expect(k.tokens.generate("x", null, "UTC").name).toBe("x");
  });
});

describe("minting", () => {
  it("issues 48 lowercase hex characters once, named 'default' when no name is given", () => {
    const k = domainKit();
    k.tokens.pressButton();
    const t = k.tokens.generate(undefined, "10.0.0.5", "UTC");
    expect(t).toEqual({
      name: "default",
      token: expect.stringMatching(/^[0-9a-f]{48}$/),
      creation_date: "2026-01-15T12:00:00",
      last_used: null,
      ip_address: null,
    });
  });

  it("stores only the SHA-256 of the secret", () => {
    const k = domainKit();
    const t = k.tokens.create("pos", null, "UTC");
    const [rec] = k.store.tokens.loadAll();
    expect(rec?.hash.equals(hashToken(t.token))).toBe(true);
    expect(JSON.stringify(k.store.tokens.loadAll())).not.toContain(t.token);
  });

  it("a duplicate name is -4 with 409", () => {
    const k = domainKit();
    k.tokens.create("pos", null, "UTC");
    const e = expectCode(() => k.tokens.create("pos", null, "UTC"), "DUPLICATE_TOKEN_NAME");
    expect(e.httpStatus).toBe(409);
  });

  it.each(["", "a b", "x".repeat(65), "naïve", 7, null])("an invalid name %j is -4 with 400", (name) => {
    const k = domainKit();
    const e = expectCode(() => k.tokens.create(name, null, "UTC"), "INVALID_TOKEN_NAME");
    expect(e.httpStatus).toBe(400);
  });

  it("the list never shows a secret", () => {
    const k = domainKit();
    k.tokens.create("pos", null, "UTC");
    const list = k.tokens.list("UTC");
    expect(Object.keys(list[0] ?? {}).sort()).toEqual(["creation_date", "ip_address", "last_used", "name"]);
  });
});

describe("authenticating", () => {
  it("finds the matching token among many and records last_used and the address", () => {
    const k = domainKit();
    const secrets = ["a", "b", "c"].map((n) => k.tokens.create(n, null, "UTC").token);
    k.clock.advance(10_000);
    expect(k.tokens.authenticate(`Bearer ${secrets[1]}`, "10.1.1.1")).toBe("b");
    k.tokens.flush();
    const b = k.store.tokens.loadAll().find((t) => t.name === "b");
    expect(b).toMatchObject({ lastUsed: k.clock.now(), ipAddress: "10.1.1.1" });
    expect(k.tokens.list("UTC").find((t) => t.name === "b")).toMatchObject({
      last_used: "2026-01-15T12:00:10",
      ip_address: "10.1.1.1",
    });
  });

  it("a well-formed unknown token is -2", () => {
    const k = domainKit();
    k.tokens.create("a", null, "UTC");
    expectCode(() => k.tokens.authenticate(`Bearer ${SECRET}`, null), "INVALID_TOKEN");
    expect(k.tokens.verify(SECRET)).toBeUndefined();
    expect(k.tokens.verify("not hex")).toBeUndefined();
  });

  it("a revoked token is -2 at once and a tokenRevoked event names it", () => {
    const k = domainKit();
    const t = k.tokens.create("pos", null, "UTC");
    const revoked: string[] = [];
    k.events.on("tokenRevoked", ({ name }) => revoked.push(name));
    k.tokens.revoke("pos");
    expect(revoked).toEqual(["pos"]);
    expectCode(() => k.tokens.authenticate(`Bearer ${t.token}`, null), "INVALID_TOKEN");
    expect(k.store.tokens.loadAll()).toEqual([]);
  });

  it("revoking a name that does not exist is -4", () => {
    const k = domainKit();
    expectCode(() => k.tokens.revoke("ghost"), "INVALID_TOKEN_NAME");
  });

  it("tokens survive a restart on the same store", () => {
    const k = domainKit();
    const t = k.tokens.create("pos", null, "UTC");
    const again = domainKit({ store: k.store, clock: k.clock });
    expect(again.tokens.authenticate(`Bearer ${t.token}`, null)).toBe("pos");
  });
});

describe("a token proved on a connection", () => {
  it("the same header on that connection skips the hash, and still records the use", () => {
    const k = domainKit();
    const t = k.tokens.create("pos", null, "UTC");
    const conn = {};
    const verify = vi.spyOn(k.tokens, "verify");
    expect(k.tokens.authenticate(`Bearer ${t.token}`, "10.0.0.1", conn)).toBe("pos");
    k.clock.advance(7_000);
    expect(k.tokens.authenticate(`Bearer ${t.token}`, "10.0.0.2", conn)).toBe("pos");
    expect(verify).toHaveBeenCalledTimes(1);
    k.tokens.flush();
    expect(k.store.tokens.loadAll()[0]).toMatchObject({ lastUsed: k.clock.now(), ipAddress: "10.0.0.2" });
    // Another connection, or another header on this one, is checked in full.
    k.tokens.authenticate(`Bearer ${t.token}`, null, {});
    expectCode(() => k.tokens.authenticate(`Bearer ${SECRET}`, null, conn), "INVALID_TOKEN");
    expectCode(() => k.tokens.authenticate("Token x", null, conn), "MALFORMED_AUTH_HEADER");
    expectCode(() => k.tokens.authenticate(undefined, null, conn), "INVALID_TOKEN");
    expect(verify).toHaveBeenCalledTimes(3);
  });

  it("is refused at once when revoked, and a new token of the same name does not inherit it", () => {
    const k = domainKit();
    const old = k.tokens.create("pos", null, "UTC");
    const conn = {};
    k.tokens.authenticate(`Bearer ${old.token}`, null, conn);
    k.tokens.revoke("pos");
    expectCode(() => k.tokens.authenticate(`Bearer ${old.token}`, null, conn), "INVALID_TOKEN");
    const renewed = k.tokens.create("pos", null, "UTC");
    expectCode(() => k.tokens.authenticate(`Bearer ${old.token}`, null, conn), "INVALID_TOKEN");
    expect(k.tokens.authenticate(`Bearer ${renewed.token}`, null, conn)).toBe("pos");
  });
});

describe("the Authorization header", () => {
  it("no header is -2", () => {
    expectCode(() => bearerSecret(undefined), "INVALID_TOKEN");
  });

  it("Bearer with 48 lowercase hex is the secret; the scheme is case-insensitive", () => {
    expect(bearerSecret(`Bearer ${SECRET}`)).toBe(SECRET);
    expect(bearerSecret(`bearer ${SECRET}`)).toBe(SECRET);
  });

  it.each([
    "",
    "Bearer",
    "Bearer ",
    `Basic ${SECRET}`,
    `Bearer ${SECRET.slice(1)}`,
    `Bearer ${SECRET}0`,
    `Bearer ${SECRET.toUpperCase()}`,
    `Bearer  ${SECRET} x`,
    SECRET,
  ])("a malformed header %j is -1", (header) => {
    expectCode(() => bearerSecret(header), "MALFORMED_AUTH_HEADER");
  });

  it("two Authorization headers are -1", () => {
    expectCode(() => bearerSecret([`Bearer ${SECRET}`, `Bearer ${SECRET}`]), "MALFORMED_AUTH_HEADER");
  });
});
