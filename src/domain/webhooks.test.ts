// The webhook outbox only queues while some URL is registered — and the in-memory "any
// registered?" flag that lets an order change skip the work follows register/unregister and
// survives a restart.
import { describe, expect, it } from "vitest";
import { domainKit } from "../../test/helpers/domain.js";
import { WebhookService } from "./webhooks.js";

const pending = (s: WebhookService) => s.list().reduce((n, w) => n + w.pending, 0);

function kit(store?: ReturnType<typeof domainKit>["store"]) {
  const k = domainKit(store ? { store } : {});
  const hooks = new WebhookService(k.store, k.clock, () => "UTC");
  k.orders.addOutbox(hooks.outbox);
  return { ...k, hooks };
}

describe("webhook outbox", () => {
  it("queues one delivery per registered URL and none once every URL is gone", () => {
    const k = kit();
    k.orders.upsert({ name: "1", orderType: "TO_GO" });
    k.hooks.register({ http_client: "http://127.0.0.1:9/a" });
    k.hooks.register({ http_client: "http://127.0.0.1:9/b" });
    k.orders.upsert({ name: "2", orderType: "TO_GO" });
    expect(pending(k.hooks)).toBe(2);
    k.hooks.unregister({ http_client: "http://127.0.0.1:9/a" });
    k.orders.upsert({ name: "3", orderType: "TO_GO" });
    expect(k.hooks.list()).toEqual([expect.objectContaining({ http_client: "http://127.0.0.1:9/b", pending: 2 })]);
    k.hooks.unregister({ http_client: "http://127.0.0.1:9/b" });
    k.orders.upsert({ name: "4", orderType: "TO_GO" });
    expect(k.hooks.list()).toEqual([]);
  });

  it("a URL registered before a restart still gets the changes made after it", () => {
    const first = kit();
    first.hooks.register({ http_client: "http://127.0.0.1:9/a" });
    const second = kit(first.store);
    second.orders.upsert({ name: "1", orderType: "TO_GO" });
    expect(pending(second.hooks)).toBe(1);
  });
});
