// Issue 16 point 5, radio.md §1 rejected input: thousands of generated malformed payloads
// (wrong types, huge, binary, unknown events, bad tracker numbers) interleaved with good events
// over a real broker. The good ones all apply, the bad ones are counted, the gateway stays up,
// and no order changes because of a bad one.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RadioEvent } from "../../src/protocol/radio.js";
import { api } from "../helpers/contract.js";
import { getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { type Mosquitto, startMosquitto } from "../helpers/mosquitto.js";
import { connectTracker } from "../helpers/mqtt-tracker.js";
import { badPayload, goodEvent } from "../helpers/radio-arbitraries.js";
import { waitUntil } from "../helpers/wait.js";

let broker: Mosquitto;
let t: TestGateway;
beforeAll(async () => {
  broker = await startMosquitto();
  t = await startTestGateway({ sim: false, radio: broker.url("fuzz") });
});
afterAll(async () => {
  await t.stop();
  await broker.stop();
});

/** The active orders the good events alone should leave (the floor rules of src/domain/floor.ts). */
function expectedOrders(events: RadioEvent[]): Map<string, { state: string; locationName: string }> {
  const orders = new Map<string, { state: string; locationName: string }>();
  for (const e of events) {
    const o = orders.get(e.tracker);
    if (e.event === "started" && !o) orders.set(e.tracker, { state: "started", locationName: "" });
    if (e.event === "located") orders.set(e.tracker, { state: "located", locationName: e.table });
    if (e.event === "docked") orders.delete(e.tracker);
  }
  return orders;
}

describe("malformed payloads among good ones", () => {
  it("apply the good, count the bad, change nothing because of a bad one", async () => {
    const token = await getToken(t);
    const rand = fc.sample(fc.integer({ min: 0, max: 9 }), { numRuns: 3000, seed: 16 });
    // Few trackers, so good and bad payloads land on the same trackers' topics. No ts: every
    // event is applied at arrival, in order, so none is stale.
    const good = fc
      .sample(goodEvent, { numRuns: 1000, seed: 1 })
      .map((e) => ({ ...e, tracker: String(1 + (Number(e.tracker) % 20)), ts: undefined }) as RadioEvent);
    const bad = fc.sample(badPayload, { numRuns: 2000, seed: 2 });
    const badTopics = fc.sample(
      fc.oneof(fc.integer({ min: 1, max: 20 }).map(String), fc.constantFrom("0123456789", "x", "-1", "1.5", "", "%20")),
      { numRuns: 2000, seed: 3 },
    );
    const tracker = await connectTracker(broker.url());
    let gi = 0;
    let bi = 0;
    for (const r of rand) {
      if ((r < 3 && gi < good.length) || bi >= bad.length) {
        const e = good[gi++] as RadioEvent;
        const { tracker: n, ts: _ts, ...body } = e;
        await tracker.publish(`fuzz/tracker/${n}/event`, JSON.stringify(body));
      } else {
        const topicTracker = badTopics[bi] as string;
        const payload = bad[bi++] as string | Uint8Array;
        await tracker.publish(`fuzz/tracker/${topicTracker}/event`, Buffer.from(payload));
      }
    }
    await tracker.end();
    const total = gi + bi;
    const radio = await waitUntil(
      async () => {
        const r = (await api(t.base, "GET", "/api/v2/radio", { token })).body.radio as Record<
          "events" | "rejected" | "stale",
          number
        >;
        return r.events + r.rejected + r.stale >= total && r;
      },
      `${total} messages handled`,
      60_000,
    );
    expect(radio).toMatchObject({ events: gi, rejected: bi, stale: 0, online: true });
    const list = (await api(t.base, "GET", "/api/v2/activeorders", { token })).body.items as Array<{
      name: string;
      state: string;
      locationName: string;
    }>;
    const actual = new Map(list.map((o) => [o.name, { state: o.state, locationName: o.locationName }]));
    expect(actual).toEqual(expectedOrders(good.slice(0, gi)));
  }, 120_000);
});
