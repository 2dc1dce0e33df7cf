// A complete POS integration with the opentt SDK, start to finish:
//   find the gateway → get a token (press the button) → watch the live orders → create an order,
//   seat it, page it, clear it → read history and today's statistics.
//
// Run it against a gateway with the simulated floor:
//   npx opentt gateway --sim                         (in one terminal)
//   OPENTT_GATEWAY=http://localhost:8000 node examples/integration.mjs
// Without OPENTT_GATEWAY it looks for the gateway with mDNS. Set OPENTT_TOKEN to reuse a token.
import { acquireToken, createClient, discover, subscribe, TrackerApiError } from "opentt/sdk/node";

// 1. Discovery: the gateway advertises _tracker-http._tcp; its address can change (DHCP).
let baseUrl = process.env.OPENTT_GATEWAY;
if (!baseUrl) {
  const found = await discover({ timeout: 3000 });
  if (found.length === 0) throw new Error("No gateway found: set OPENTT_GATEWAY=http://<address>:8000");
  baseUrl = found[0].url;
}
const { gateway } = await createClient({ baseUrl }).info(); // no token needed: "is it online?"
console.log(`Gateway: ${gateway.name} at ${baseUrl}`);

// 2. Token: polls while the button window is closed, until someone presses the button.
let token = process.env.OPENTT_TOKEN;
if (!token) {
  const issued = await acquireToken({
    baseUrl,
    name: `pos-example-${Date.now().toString(36)}`,
    signal: AbortSignal.timeout(180_000),
    onWaiting: ({ attempt }) => attempt === 1 && console.log("Press the button on the gateway…"),
  });
  token = issued.token;
  console.log(`Token "${issued.name}" issued. Store it: the gateway never shows it again.`);
}
const client = createClient({ baseUrl, token });

// 3. Live orders: snapshot, then deltas; resyncs on a gap and reconnects by itself.
const live = subscribe({ baseUrl, token, discovery: !process.env.OPENTT_GATEWAY });
live.on("status", (s) => console.log(`[live] ${s}`));
live.on("event", (e) => console.log(`[live] #${e.seq} ${e.type} order ${e.name} ${e.state} table ${e.locationName || "-"}`));
await live.ready();
console.log(`[live] ${live.orders().length} active orders at start`);

/** Resolves when the live order list satisfies `test`. */
const until = (test) =>
  new Promise((resolve) => {
    if (test(live.orders())) return resolve();
    const off = live.on("orders", (orders) => test(orders) && (off(), resolve()));
  });

// 4. An order's life: created when the guest takes tracker 1042, located at table 12 …
const { result } = await client.upsertOrder({ name: "1042", orderType: "ON_PREMISE" });
console.log(`Order 1042: ${result}`);
await client.upsertOrder({ name: "1042", locationName: "12" });
await until((orders) => orders.some((o) => o.name === "1042" && o.locationName === "12"));

// … paged (only a tracker the gateway has seen can vibrate) …
try {
  await client.pageOrder("1042", { tracking: false });
  console.log("Order 1042: paged");
} catch (e) {
  if (!(e instanceof TrackerApiError && e.code === "PAGING_IMPOSSIBLE")) throw e;
  console.log("Order 1042: no tracker with that number has been seen, so it cannot be paged");
}

// … and cleared once the food is delivered.
await client.clearOrder("1042");
await until((orders) => !orders.some((o) => o.name === "1042"));
console.log("Order 1042: cleared");

// 5. History and statistics.
const history = await client.history({ limit: 5 });
const last = history.items.find((o) => o.name === "1042");
console.log(`History: ${history.total} orders; 1042 took ${last?.deliveryTime ?? "?"} s, cleared by ${last?.orderClearedReason}`);
const stats = await client.statistics();
console.log(`Today: ${stats.ordersToday} delivered, ${Math.round(stats.percentGoal)}% within ${stats.targetTime} s`);

live.close();
