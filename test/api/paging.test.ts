// Paging over HTTP (spec §2): /page and its /guest_paging alias (200/12), -14 for a tracker
// never seen, -15 for a bad tracking flag, -13 with the radio down, 1002/1003 on cancel, and a
// 60 s page ending on the simulated clock.
import { describe, expect, it } from "vitest";
import { api, expectError } from "../helpers/contract.js";
import { getToken, startTestGateway, type TestGateway, useTestGateway } from "../helpers/gateway.js";

let t: TestGateway;
let token: string;
const post = (body: unknown) => api(t.base, "POST", "/api/v2/activeorders", { token, body });
const simTracker = async (n: string) => (await api(t.base, "GET", `/sim/trackers/${n}`)).body.tracker;

useTestGateway((g, tok) => {
  t = g;
  token = tok;
});

describe("POST /activeorders/{id}/page", () => {
  it("is 409 -14 when the gateway has never seen the order's tracker", async () => {
    await post({ name: "50", orderType: "TO_GO" });
    expectError(await api(t.base, "POST", "/api/v2/activeorders/50/page", { token }), 409, -14);
  });

  it("pages a tracker seen on the floor: 200/12 with paged true; the tracker vibrates", async () => {
    await api(t.base, "POST", "/sim/trackers/51/start");
    const r = await api(t.base, "POST", "/api/v2/activeorders/51/page", { token, body: { tracking: true } });
    expect(r.body).toMatchObject({ status: 200, returnCode: 12, activeorder: { name: "51", paged: true } });
    expect(await simTracker("51")).toMatchObject({ paging: true });
  });

  it("a docked tracker can be paged too", async () => {
    await api(t.base, "POST", "/sim/trackers/52/start");
    await api(t.base, "POST", "/sim/trackers/52/clear");
    await post({ name: "52", orderType: "TO_GO" });
    expect((await api(t.base, "POST", "/api/v2/activeorders/52/page", { token })).body.returnCode).toBe(12);
  });

  it("/guest_paging is the same call", async () => {
    await api(t.base, "POST", "/sim/trackers/53/start");
    const r = await api(t.base, "POST", "/api/v2/activeorders/53/guest_paging", { token });
    expect(r.body).toMatchObject({ returnCode: 12, activeorder: { paged: true } });
  });

  it("an empty body means tracking true", async () => {
    await api(t.base, "POST", "/sim/trackers/54/start");
    const headers = { "content-type": "application/json" };
    const r = await api(t.base, "POST", "/api/v2/activeorders/54/page", { token, headers, raw: "" });
    expect(r.body.returnCode).toBe(12);
    await api(t.base, "POST", "/sim/clock", { body: { advanceSeconds: 600 } });
    expect(await simTracker("54")).toMatchObject({ paging: true });
  });

  it("a non-boolean tracking is 400 -15", async () => {
    await api(t.base, "POST", "/sim/trackers/55/start");
    expectError(
      await api(t.base, "POST", "/api/v2/activeorders/55/page", { token, body: { tracking: "yes" } }),
      400,
      -15,
    );
    expectError(
      await api(t.base, "POST", "/api/v2/activeorders/55/guest_paging", { token, body: { tracking: 1 } }),
      400,
      -15,
    );
  });

  it("unknown order 404 -6, bad id 400 -7, bad uuid 400 -27", async () => {
    expectError(await api(t.base, "POST", "/api/v2/activeorders/999/page", { token }), 404, -6);
    expectError(await api(t.base, "POST", "/api/v2/activeorders/x/page", { token }), 400, -7);
    expectError(await api(t.base, "POST", "/api/v2/activeorders/1-2/page", { token }), 400, -27);
  });

  it("without tracking the page ends after 60 s of the gateway clock", async () => {
    await api(t.base, "POST", "/sim/trackers/56/start");
    await api(t.base, "POST", "/api/v2/activeorders/56/page", { token, body: { tracking: false } });
    // The simulated clock also runs in real time: leave the calls two seconds of slack.
    await api(t.base, "POST", "/sim/clock", { body: { advanceSeconds: 58 } });
    expect(await simTracker("56")).toMatchObject({ paging: true });
    await api(t.base, "POST", "/sim/clock", { body: { advanceSeconds: 2 } });
    expect(await simTracker("56")).toMatchObject({ paging: false });
    // paged stays true: the order has been paged.
    expect((await api(t.base, "GET", "/api/v2/activeorders/56", { token })).body.activeorder).toMatchObject({
      paged: true,
    });
  });
});

describe("DELETE /activeorders/{id}/page", () => {
  it("is 1002 when a tracker was paging (and it stops), 1003 when none was", async () => {
    await api(t.base, "POST", "/sim/trackers/60/start");
    await api(t.base, "POST", "/api/v2/activeorders/60/page", { token });
    const stop = await api(t.base, "DELETE", "/api/v2/activeorders/60/page", { token });
    expect(stop.body).toMatchObject({ status: 200, returnCode: 1002 });
    expect(await simTracker("60")).toMatchObject({ paging: false });
    const again = await api(t.base, "DELETE", "/api/v2/activeorders/60/page", { token });
    expect(again.body).toMatchObject({ status: 200, returnCode: 1003 });
  });

  it("unknown order 404 -6", async () => {
    expectError(await api(t.base, "DELETE", "/api/v2/activeorders/998/page", { token }), 404, -6);
  });
});

describe("with the radio down", () => {
  it("paging is 503 -13", async () => {
    const g = await startTestGateway({ sim: false });
    try {
      const tk = await getToken(g);
      await api(g.base, "POST", "/api/v2/activeorders", { token: tk, body: { name: "70", orderType: "TO_GO" } });
      // The inventory remembers tracker 70 from before the radio went down.
      g.gateway.ctx.trackers.report("70", "docked");
      expectError(await api(g.base, "POST", "/api/v2/activeorders/70/page", { token: tk }), 503, -13);
    } finally {
      await g.stop();
    }
  });
});
