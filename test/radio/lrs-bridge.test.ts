// Bridge mode (issue 17, radio.md §4-5): opentt drives a floor through an existing LRS gateway.
// Run against the strict vendor double, which refuses everything [opentt]: every test ends with
// its `refused` list empty, which proves the bridge used the vendor's API alone.
import { statSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveRadioToken } from "../../src/hardware/radio/radio-token.js";
import { formatLocal } from "../../src/protocol/local-time.js";
import { api, expectError } from "../helpers/contract.js";
import { getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { VendorDouble } from "../helpers/vendor-double.js";
import { waitUntil } from "../helpers/wait.js";

let up: VendorDouble;
let t: TestGateway;
let token: string;

async function bridge(opts: { tokenFile?: boolean; dataDir?: string } = {}): Promise<void> {
  const upstreamToken = up.mint();
  const overrides = { sim: false, radio: `lrs+${up.base}` };
  if (opts.tokenFile) {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dataDir = opts.dataDir ?? mkdtempSync(`${tmpdir()}/opentt-bridge-`);
    saveRadioToken(dataDir, upstreamToken);
    t = await startTestGateway({ ...overrides, dataDir });
  } else t = await startTestGateway({ ...overrides, radioToken: upstreamToken, dataDir: opts.dataDir });
  token = await getToken(t);
}

const radio = async () => (await api(t.base, "GET", "/api/v2/radio", { token })).body.radio as Record<string, unknown>;
const order = (name: string) => t.gateway.ctx.orders.find({ by: "name", name });
const local = (ms: number) => formatLocal(ms, "UTC").slice(0, 19);

beforeEach(async () => {
  up = await new VendorDouble().up(0);
});
afterEach(async () => {
  await t?.stop();
  await up.down();
  expect(up.refused, "the bridge asked the vendor gateway for something it does not have").toEqual([]);
});

describe("bridge mode against the strict vendor double", () => {
  it("mirrors trackers started, located and docked upstream, with their times, table and type", async () => {
    await bridge();
    await waitUntil(async () => (await radio()).online === true, "radio online");
    expect(await radio()).toMatchObject({ kind: "lrs", url: `lrs+${up.base}`, lastError: null });
    const o = up.start("12", "TO_GO");
    const mine = await waitUntil(() => order("12"), "order 12 in opentt");
    expect(mine).toMatchObject({ state: "started", orderType: "TO_GO" });
    expect(local(mine.created)).toBe(local(o.created));
    up.locate("12", "7");
    await waitUntil(() => order("12")?.state === "located", "order 12 located");
    expect(order("12")?.locationName).toBe("7");
    // The vendor sends no event for a clear: only the poll sees it.
    up.dock("12");
    await waitUntil(() => order("12") === undefined, "order 12 cleared");
    const hist = await api(t.base, "GET", "/api/v2/orders", { token });
    const item = (hist.body.items as Array<Record<string, unknown>>)[0];
    expect(item).toMatchObject({ name: "12", orderType: "TO_GO", locationName: "7", state: "cleared" });
    expect(item?.orderStarted).toBe(local(o.created));
  });

  it("sees orders by polling alone when the upstream sends no WebSocket events", async () => {
    up.wsEvents = false;
    await bridge();
    up.start("3");
    up.locate("3", "9");
    await waitUntil(() => order("3")?.state === "located", "order 3 located by polling");
    expect(order("3")?.locationName).toBe("9");
  });

  it("forwards paging, cancelling and clearing, and hands back the upstream's refusal", async () => {
    await bridge({ tokenFile: true });
    expect(statSync(`${t.dataDir}/radio-token`).mode & 0o777).toBe(0o600);
    up.start("21");
    await waitUntil(() => order("21"), "order 21");
    const paged = await api(t.base, "POST", "/api/v2/activeorders/21/page", { token, body: { tracking: false } });
    expect(paged.body).toMatchObject({ returnCode: 12, activeorder: { paged: true } });
    expect(up.paging.get("21")).toBe(false);
    const canceled = await api(t.base, "DELETE", "/api/v2/activeorders/21/page", { token });
    expect(canceled.body.returnCode).toBe(1002);
    expect(up.paging.has("21")).toBe(false);
    const cleared = await api(t.base, "DELETE", "/api/v2/activeorders/21", { token });
    expect(cleared.body).toMatchObject({ returnCode: 7, activeorder: { state: "cleared" } });
    expect(up.orders.has("21")).toBe(false);

    // Typed in at the vendor's POS: the vendor has heard of no tracker 30, and says so.
    await fetch(`${up.base}/api/v2/activeorders`, {
      method: "POST",
      headers: { authorization: `Bearer ${up.mint()}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "30", orderType: "ON_PREMISE" }),
    });
    await waitUntil(() => order("30"), "order 30");
    const refused = await api(t.base, "POST", "/api/v2/activeorders/30/page", { token });
    expectError(refused, 409, -14);
    expect(refused.body.message).toContain("Paging is not possible for this order");
  });

  it("forwards a clear-all made in opentt, once", async () => {
    await bridge();
    up.start("1");
    up.start("2");
    await waitUntil(() => order("1") && order("2"), "orders 1 and 2");
    await api(t.base, "DELETE", "/api/v2/activeorders", { token });
    await waitUntil(() => up.orders.size === 0, "upstream cleared");
    expect(up.requests.filter((r) => r.startsWith("DELETE /api/v2/activeorders/")).length).toBe(2);
    expect(t.gateway.ctx.orders.count).toBe(0);
  });
});

describe("when the upstream goes away (radio.md §5)", () => {
  it("keeps serving while down, says why, and on return applies what happened meanwhile once", async () => {
    await bridge();
    up.start("5");
    up.start("6");
    await waitUntil(() => order("5") && order("6"), "orders 5 and 6");
    await up.down();
    await waitUntil(async () => (await radio()).online === false, "radio offline");
    expect((await radio()).lastError).toMatch(/does not answer|WebSocket/);
    // Orders keep working; paging says the radio is down.
    const created = await api(t.base, "POST", "/api/v2/activeorders", {
      token,
      body: { name: "77", orderType: "TO_GO" },
    });
    expect(created.body.returnCode).toBe(3);
    expectError(await api(t.base, "POST", "/api/v2/activeorders/5/page", { token }), 503, -13);
    // Meanwhile upstream: 5 located, 6 docked, 8 started; and opentt clears 5's neighbour 77 only.
    up.locate("5", "4");
    up.dock("6");
    up.start("8");
    await up.up();
    await waitUntil(() => order("8") && order("6") === undefined && order("5")?.state === "located", "reconciled");
    expect((await radio()).online).toBe(true);
    const hist = await api(t.base, "GET", "/api/v2/orders?limit=100", { token });
    const names = (hist.body.items as Array<{ name: string }>).map((i) => i.name).sort();
    expect(names).toEqual(["5", "6", "77", "8"]);
  });

  it("restarted upstream with new orders of the same number: the old one ends, the new one begins", async () => {
    await bridge();
    const first = up.start("9");
    await waitUntil(() => order("9"), "order 9");
    const localUuid = order("9")?.uuid;
    await up.down();
    up.dock("9");
    const second = up.start("9");
    expect(second.uuid).not.toBe(first.uuid);
    await up.up();
    await waitUntil(() => order("9") && order("9")?.uuid !== localUuid, "a new order 9");
    const hist = await api(t.base, "GET", "/api/v2/orders?limit=100", { token });
    expect((hist.body.items as unknown[]).length).toBe(2);
  });

  it("a revoked token: offline with the reason, back when a new token is saved", async () => {
    await bridge({ tokenFile: true });
    up.start("4");
    await waitUntil(() => order("4"), "order 4");
    up.revokeAll();
    await waitUntil(async () => /refused the token/.test(String((await radio()).lastError)), "reason: token");
    expect((await radio()).online).toBe(false);
    saveRadioToken(t.dataDir, up.mint());
    up.locate("4", "2");
    await waitUntil(() => order("4")?.state === "located", "order 4 located after the new token");
  });

  it("opentt restarted: what the upstream did meanwhile is applied once", async () => {
    await bridge();
    up.start("15");
    await waitUntil(() => order("15"), "order 15");
    const dataDir = t.dataDir;
    await t.stop({ keepData: true });
    up.dock("15");
    up.start("16");
    const tokenForUp = up.mint();
    t = await startTestGateway({ sim: false, radio: `lrs+${up.base}`, radioToken: tokenForUp, dataDir });
    token = await getToken(t, "after-restart");
    await waitUntil(() => order("16") && order("15") === undefined, "reconciled after restart");
    const hist = await api(t.base, "GET", "/api/v2/orders?limit=100", { token });
    expect((hist.body.items as Array<{ name: string }>).map((i) => i.name).sort()).toEqual(["15", "16"]);
  });
});

describe("the upstream token (radio.md §4)", () => {
  it("is never logged, whatever happens to the link", async () => {
    const { Writable } = await import("node:stream");
    const pino = (await import("pino")).default;
    let logs = "";
    const sink = new Writable({
      write(chunk, _enc, done) {
        logs += String(chunk);
        done();
      },
    });
    const upstreamToken = up.mint();
    t = await startTestGateway(
      { sim: false, radio: `lrs+${up.base}`, radioToken: upstreamToken, logLevel: "trace" },
      { logger: pino({ level: "trace" }, sink) },
    );
    token = await getToken(t);
    up.start("2");
    await waitUntil(() => order("2"), "order 2");
    up.revokeAll();
    await waitUntil(async () => (await radio()).online === false, "offline");
    await up.down();
    await waitUntil(async () => /does not answer/.test(String((await radio()).lastError)), "the outage seen");
    expect(logs).toContain("refused the token");
    expect(logs).not.toContain(upstreamToken);
    expect(JSON.stringify(await radio())).not.toContain(upstreamToken);
  });
});
