// The demo across a restart (issue 14.15): a gateway run with --sim --demo under the simulated
// clock (real time held still) has parties on the floor when it stops; restarted on the same data
// folder, the demo finishes every one of them within its own maximum visit, and never seats two
// parties at one table.
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_MAX_SECONDS } from "../../src/hardware/demo.js";
import type { ActiveOrder, OrderSummary } from "../../src/protocol/wire.js";
import { api } from "../helpers/contract.js";
import { getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";

const STEP_SECONDS = 5;
const wallClock = () => Date.UTC(2026, 2, 2, 18, 0, 0);
const running: TestGateway[] = [];
afterAll(async () => {
  for (const g of running.reverse()) await g.stop();
});

async function start(dataDir?: string): Promise<TestGateway> {
  const g = await startTestGateway({ demo: true, ...(dataDir ? { dataDir } : {}) }, { wallClock });
  running.push(g);
  return g;
}

async function active(g: TestGateway, token: string): Promise<ActiveOrder[]> {
  return (await api(g.base, "GET", "/api/v2/activeorders", { token })).body.items as ActiveOrder[];
}

/** Moves the gateway clock in small steps, checking after each that no table has two orders. */
async function play(g: TestGateway, token: string, seconds: number): Promise<void> {
  for (let s = 0; s < seconds; s += STEP_SECONDS) {
    await api(g.base, "POST", "/sim/clock", { body: { advanceSeconds: STEP_SECONDS } });
    const tables = (await active(g, token)).filter((o) => o.state === "located").map((o) => o.locationName);
    expect(new Set(tables).size, `tables in use: ${tables.join(" ")}`).toBe(tables.length);
  }
}

async function history(g: TestGateway, token: string): Promise<OrderSummary[]> {
  const items: OrderSummary[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = (await api(g.base, "GET", `/api/v2/orders?limit=100&offset=${offset}`, { token })).body;
    items.push(...(page.items as OrderSummary[]));
    if (items.length >= (page.total as number)) return items;
  }
}

const seconds = (from: string, to: string) => (Date.parse(`${to}Z`) - Date.parse(`${from}Z`)) / 1000;

describe("--sim --demo across a restart", () => {
  it("finishes the parties in flight at the restart within the demo's maximum", async () => {
    const first = await start();
    const token = await getToken(first);
    await play(first, token, 240);
    const inFlight = await active(first, token);
    expect(inFlight.length).toBeGreaterThanOrEqual(3);
    await first.stop({ keepData: true });

    const again = await start(first.dataDir);
    await play(again, token, DEMO_MAX_SECONDS);
    const stillActive = new Set((await active(again, token)).map((o) => o.uuid));
    expect(inFlight.filter((o) => stillActive.has(o.uuid))).toEqual([]);

    const done = new Map((await history(again, token)).map((s) => [s.uuid, s]));
    for (const o of inFlight) {
      const s = done.get(o.uuid);
      expect(s, `order ${o.name}`).toMatchObject({ state: "cleared", orderClearedReason: "TRACKER" });
      const visit = seconds(s?.orderStarted ?? "", s?.orderCleared ?? "");
      expect(visit, `order ${o.name} took ${visit} s`).toBeLessThanOrEqual(DEMO_MAX_SECONDS + STEP_SECONDS);
    }
  });
});
