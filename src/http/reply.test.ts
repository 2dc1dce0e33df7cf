// The success envelope (spec §0, §3): status and returnCode always; message only on
// confirmations (1001-1013), never on a data reply.
import { describe, expect, it } from "vitest";
import type { SuccessCode } from "../protocol/replies.js";
import type { ActiveOrder } from "../protocol/wire.js";
import { envelope, prepare } from "./reply.js";

describe("envelope", () => {
  it("a data reply has status, returnCode and the data, and no message", () => {
    expect(envelope("ACTIVE_ORDERS", { count: 0, items: [] })).toEqual({
      status: 200,
      returnCode: 5,
      count: 0,
      items: [],
    });
    expect(envelope("ORDER_CREATED", { activeorder: {} as ActiveOrder })).not.toHaveProperty("message");
  });

  it("a confirmation carries its message, or a more precise one", () => {
    expect(envelope("PAGING_CANCELED")).toEqual({ status: 200, returnCode: 1002, message: "Paging canceled" });
    expect(envelope("WEBHOOK_REGISTERED", undefined, "Registered again")).toMatchObject({
      message: "Registered again",
    });
    expect(envelope("WEBHOOK_REMOVED")).toEqual({ status: 200, returnCode: 1005, message: "Webhook removed" });
  });
});

describe("prepare", () => {
  it("writes the bytes send would, for data and confirmation replies alike", () => {
    // Untyped on purpose: prepare() takes any JSON text, and the bytes are what is compared.
    const loose = envelope as (code: SuccessCode, data?: object) => object;
    const data = { count: 1, items: [{ name: "7", note: 'é "quoted" \u2028' }] };
    for (const code of ["ACTIVE_ORDERS", "PAGING_CANCELED"] as const) {
      expect(prepare(code, JSON.stringify(data)).body.toString("utf8")).toBe(JSON.stringify(loose(code, data)));
      expect(prepare(code, "{}").body.toString("utf8")).toBe(JSON.stringify(loose(code, {})));
    }
  });
});
