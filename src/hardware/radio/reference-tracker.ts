// `opentt tracker-sim`: N reference trackers, each its own MQTT client on a real broker, doing
// what firmware must do (radio.md §2, docs/hardware.md): publish started/located/docked/seen at
// QoS 1 with `ts` and `battery`, hold a persistent session, follow the retained `set` command.
// The story is the demo's (src/hardware/demo.ts), so the floor behaves as `npm start` does.
import mqtt, { type MqttClient } from "mqtt";
import type { Clock } from "../../domain/clock.js";
import { decodeObject, mqttTopics } from "../../protocol/radio.js";
import type { SimTracker } from "../../protocol/wire.js";
import { type DemoFloor, DemoTraffic } from "../demo.js";
import type { RadioSpec } from "./radio-url.js";

export interface ReferenceTrackerOptions {
  spec: Extract<RadioSpec, { kind: "mqtt" }>;
  trackers: number;
  tables?: number;
  seed?: number;
  /** Story speed: 1 is real time, 60 plays a minute each second. */
  speed?: number;
  username?: string;
  password?: string;
  ca?: Buffer;
  log?: (line: string) => void;
}

interface Tracker extends SimTracker {
  client: MqttClient;
}

export class ReferenceTrackers implements DemoFloor {
  readonly #o: ReferenceTrackerOptions;
  readonly #topics: ReturnType<typeof mqttTopics>;
  readonly #trackers = new Map<string, Tracker>();
  #demo?: DemoTraffic;
  #ticker?: NodeJS.Timeout;
  /** Events published and acknowledged by the broker. */
  published = 0;

  constructor(o: ReferenceTrackerOptions) {
    this.#o = o;
    this.#topics = mqttTopics(o.spec.base);
  }

  async start(): Promise<void> {
    const { spec } = this.#o;
    for (let i = 1; i <= this.#o.trackers; i++) {
      const name = String(i);
      const client = await mqtt.connectAsync({
        host: spec.host,
        port: spec.port,
        protocol: spec.tls ? "mqtts" : "mqtt",
        // A tracker's own persistent session: a page sent while it slept still reaches it.
        clientId: `opentt-tracker-${name}`,
        clean: false,
        reconnectPeriod: 1_000,
        username: spec.username ?? this.#o.username,
        password: spec.password ?? this.#o.password,
        ca: this.#o.ca,
      });
      const t: Tracker = { client, name, status: "docked", locationName: "", battery: 100, paging: false };
      client.on("message", (_topic, payload) => {
        const d = decodeObject(payload);
        if (!d.ok) return;
        t.paging = d.value.page === true;
        this.#o.log?.(`tracker ${name}: ${t.paging ? "vibrating" : "quiet"}`);
      });
      await client.subscribeAsync(this.#topics.set(name), { qos: 1 });
      this.#trackers.set(name, t);
      await this.#send(name, { event: "docked" });
    }
    // The story runs on its own clock, `speed` times real time; events carry real times (`ts`).
    const speed = this.#o.speed ?? 1;
    const origin = Date.now();
    const clock: Clock = { now: () => origin + (Date.now() - origin) * speed };
    this.#demo = new DemoTraffic({
      floor: this,
      clock,
      // The kitchen pages through the gateway's API; the trackers only follow the command.
      page: () => {},
      seed: this.#o.seed,
      tables: this.#o.tables,
      trackers: this.#o.trackers,
      onError: (e) => this.#o.log?.(`step failed: ${(e as Error).message}`),
    });
    this.#demo.start();
    this.#ticker = setInterval(() => this.#demo?.tick(), Math.max(10, 1000 / speed));
  }

  isPaging(name: string): boolean {
    return this.#trackers.get(name)?.paging ?? false;
  }

  list(): SimTracker[] {
    return [...this.#trackers.values()].map(({ client: _c, ...t }) => t);
  }

  startTracker(name: string): SimTracker {
    return this.#move(name, "started", "", { event: "started" });
  }

  locate(name: string, table: string): SimTracker {
    const t = this.#trackers.get(name);
    if (t) t.battery = Math.max(5, t.battery - 1);
    return this.#move(name, "located", table, { event: "located", table });
  }

  clear(name: string): SimTracker {
    return this.#move(name, "docked", "", { event: "docked" });
  }

  #move(name: string, status: SimTracker["status"], table: string, body: Record<string, unknown>): SimTracker {
    const t = this.#trackers.get(name);
    if (!t) throw new Error(`tracker ${name} is not one of the ${this.#o.trackers} played here`);
    t.status = status;
    t.locationName = table;
    this.#send(name, body).catch((e: Error) => this.#o.log?.(`tracker ${name}: ${e.message}`));
    const { client: _c, ...view } = t;
    return view;
  }

  async #send(name: string, body: Record<string, unknown>): Promise<void> {
    const t = this.#trackers.get(name);
    if (!t) return;
    const payload = JSON.stringify({ ...body, battery: t.battery, ts: Date.now() });
    await t.client.publishAsync(this.#topics.event(name), payload, { qos: 1 });
    this.published++;
    this.#o.log?.(`tracker ${name} → ${payload}`);
  }

  async stop(): Promise<void> {
    clearInterval(this.#ticker);
    this.#demo?.stop();
    await Promise.all([...this.#trackers.values()].map((t) => t.client.endAsync().catch(() => {})));
    this.#trackers.clear();
  }
}
