// acquireToken against a real gateway: it waits (telling the caller) while the window is closed,
// returns the token once the button is pressed, stops when aborted, and fails fast on a bad name.
import { describe, expect, it } from "vitest";
import { acquireToken, createClient, type WaitingInfo } from "../../src/sdk/index.js";
import { type TestGateway, useTestGateway } from "../helpers/gateway.js";

let gw: TestGateway;
useTestGateway(
  (g) => {
    gw = g;
  },
  {},
  {},
  { token: false },
);

const quick = { initialMs: 20, maxMs: 100, factor: 2, jitter: 0 };

describe("acquireToken", () => {
  it("polls while the window is closed and returns the token after the button press", async () => {
    const waits: WaitingInfo[] = [];
    const token = await acquireToken({
      baseUrl: gw.base,
      name: "pos-1",
      backoff: quick,
      onWaiting: (info) => {
        waits.push(info);
        // Someone walks to the gateway after the third "press the button".
        if (info.attempt === 3) void createClient({ baseUrl: gw.base }).pressButton();
      },
    });
    expect(token.name).toBe("pos-1");
    expect(token.token).toMatch(/^[0-9a-f]{48}$/);
    expect(waits.slice(0, 3).map((w) => [w.attempt, w.reason, w.nextRetryMs])).toEqual([
      [1, "TOKEN_WINDOW_CLOSED", 20],
      [2, "TOKEN_WINDOW_CLOSED", 40],
      [3, "TOKEN_WINDOW_CLOSED", 80],
    ]);
    expect(await createClient({ baseUrl: gw.base, token: token.token }).listOrders()).toEqual([]);
  });

  it("stops with the abort reason when aborted", async () => {
    gw.gateway.ctx.sim?.clock.advance(200_000); // close the window the last test opened
    const ac = new AbortController();
    const p = acquireToken({
      baseUrl: gw.base,
      signal: ac.signal,
      backoff: quick,
      onWaiting: () => ac.abort(new Error("user gave up")),
    });
    await expect(p).rejects.toThrow("user gave up");
  });

  it("fails at once on an error waiting cannot fix", async () => {
    gw.gateway.ctx.pressButton("test");
    await expect(acquireToken({ baseUrl: gw.base, name: "no spaces allowed", backoff: quick })).rejects.toMatchObject({
      code: "INVALID_TOKEN_NAME",
    });
  });
});
