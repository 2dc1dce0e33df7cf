// Saved tokens: found by serial across address changes, replaced per gateway, private to the owner.
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pickGateway } from "./node.js";
import { defaultTokenFile, TokenFile } from "./token-file.js";

const tmp = () => path.join(mkdtempSync(path.join(tmpdir(), "opentt-tokens-")), "sub", "tokens.json");

describe("TokenFile", () => {
  it("finds a token by serial first, then by URL, and replaces per gateway", () => {
    const f = new TokenFile(tmp());
    expect(f.all()).toEqual([]);
    f.save({ token: "a".repeat(48), name: "one", serial: "S1", url: "http://10.0.0.5:8000/" });
    f.save({ token: "b".repeat(48), name: "two", url: "10.0.0.9:8000" });
    expect(f.find({ serial: "S1", url: "http://10.0.0.77:8000" })?.name).toBe("one");
    expect(f.find({ url: "http://10.0.0.9:8000" })?.name).toBe("two");
    expect(f.find({ serial: "S2", url: "http://10.0.0.5:8000" })?.name).toBe("one");
    f.save({ token: "c".repeat(48), name: "three", serial: "S1", url: "http://10.0.0.77:8000" });
    expect(f.all().map((t) => t.name)).toEqual(["two", "three"]);
    expect(statSync(f.path).mode & 0o777).toBe(0o600);
  });

  it("takes its path from the environment", () => {
    expect(defaultTokenFile({ OPENTT_TOKEN_FILE: "/x/t.json" })).toBe("/x/t.json");
    expect(defaultTokenFile({ XDG_CONFIG_HOME: "/cfg" })).toBe("/cfg/opentt/tokens.json");
  });
});

describe("pickGateway", () => {
  const g = (serial: string) => ({
    name: `Table Tracker ${serial}`,
    serial,
    host: "h",
    addresses: ["10.0.0.1"],
    port: 8000,
    txt: {},
    url: `http://${serial}/`,
  });
  it("picks by serial, or the only gateway when the serial is unknown", () => {
    expect(pickGateway([g("A"), g("B")], "B")?.serial).toBe("B");
    expect(pickGateway([g("A"), g("B")])).toBeUndefined();
    expect(pickGateway([g("A")])?.serial).toBe("A");
    expect(pickGateway([g("A")], "C")).toBeUndefined();
  });
});
