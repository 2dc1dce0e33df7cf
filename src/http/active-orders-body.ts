// GET /api/v2/activeorders is what every screen polls, and its body is the same for everyone
// until something it renders moves: an order changes (the gateway-wide event seq), the timezone
// setting changes, or an order's elapsedTime reaches its next whole second. So the serialised
// reply is kept with the span of gateway-clock time it stays true for, and rebuilt only when
// one of those moves. Rebuilding reuses each order's JSON up to its elapsedTime, which only
// changes when the record does (records are replaced, never edited, on every change).
import type { AppContext } from "../context.js";
import type { OrderRecord } from "../domain/records.js";
import { elapsedSeconds, toActiveOrder } from "../protocol/order.js";
import { type PreparedReply, prepare } from "./reply.js";

type Source = Pick<AppContext, "orders" | "settings" | "clock">;

/** An order's JSON text without its elapsedTime value and closing brace. */
interface Fragment {
  zone: string;
  version: number;
  head: string;
}

const ELAPSED_KEY = '"elapsedTime":';

export class ActiveOrdersBody {
  readonly #src: Source;
  readonly #fragments = new WeakMap<OrderRecord, Fragment>();
  #reply: PreparedReply<"ACTIVE_ORDERS"> | undefined;
  #seq = -1;
  #zone = "";
  /** The reply is right for every gateway-clock instant in [#from, #until). */
  #from = 0;
  #until = 0;

  constructor(src: Source) {
    this.#src = src;
  }

  static readonly #shared = new WeakMap<Source, ActiveOrdersBody>();

  /** The one kept reply of a gateway, shared by the route and the lean listener (lean-read.ts). */
  static for(src: Source): ActiveOrdersBody {
    let body = ActiveOrdersBody.#shared.get(src);
    if (!body) {
      body = new ActiveOrdersBody(src);
      ActiveOrdersBody.#shared.set(src, body);
    }
    return body;
  }

  /** The reply for the gateway clock's now: the kept one while it is still true. */
  current(): PreparedReply<"ACTIVE_ORDERS"> {
    const { orders, settings, clock } = this.#src;
    const now = clock.now();
    const zone = settings.zone;
    if (this.#reply && orders.seq === this.#seq && zone === this.#zone && now >= this.#from && now < this.#until) {
      return this.#reply;
    }
    const seq = orders.seq;
    const list = orders.list();
    // Times are whole milliseconds (the Clock contract); the span arithmetic below is exact only
    // for them, so any other instant gets a reply that is never reused.
    let until = Number.isInteger(now) ? Number.POSITIVE_INFINITY : now;
    const items: string[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const o = list[i] as OrderRecord;
      const elapsed = elapsedSeconds(o.created, now);
      items[i] = `${this.#head(o, now, zone)}${elapsed}}`;
      // elapsedTime next changes when another whole second has passed since created.
      const next = Number.isInteger(o.created) ? o.created + (elapsed + 1) * 1000 : now;
      if (next < until) until = next;
    }
    // Kept only once built: a rebuild that throws must not leave the old reply marked current.
    this.#reply = prepare("ACTIVE_ORDERS", `{"count":${list.length},"items":[${items.join(",")}]}`);
    this.#seq = seq;
    this.#zone = zone;
    this.#from = now;
    this.#until = until;
    return this.#reply;
  }

  #head(o: OrderRecord, now: number, zone: string): string {
    const kept = this.#fragments.get(o);
    if (kept && kept.zone === zone && kept.version === o.version) return kept.head;
    const view = toActiveOrder(o, now, zone);
    const json = JSON.stringify(view);
    const tail = `${ELAPSED_KEY}${view.elapsedTime}}`;
    // The split relies on elapsedTime being the view's last field; fail loudly, not wrongly.
    if (!json.endsWith(tail)) throw new Error("toActiveOrder must end with elapsedTime");
    const head = json.slice(0, json.length - tail.length + ELAPSED_KEY.length);
    this.#fragments.set(o, { zone, version: o.version, head });
    return head;
  }
}
