// `opentt tracker-sim`: N reference trackers, each its own MQTT client on a real broker, doing
// what firmware must do (radio.md §2, docs/hardware.md): publish started/located/docked/seen at
// QoS 1 with `ts` and `battery`, hold a persistent session, follow the retained `set` command.
// The story is the demo's (src/hardware/demo.ts), so the floor behaves as `npm start` does.
import mqtt, { type MqttClient } from "mqtt";
import { decodeObject, mqttTopics } from "../../protocol/radio.js";
import { type DemoFloor, DemoTraffic } from "../demo.js";
import type { RadioSpec } from "./radio-url.js";

export interface ReferenceTrackerOptions {
  spec: Extract<RadioSpec, { kind: "mqtt" }>;
  trackers: number;
  tables?: number;
  seed?: number;
  /** Real milliseconds per story second (1000 is real time). */
  msPerSecond?: number;
  username?: string;
  password?: string;
  ca?: Buffer;
  log?: (line: string) => void;
}

interface Tracker {
  client: MqttClient;
  battery: number;
  paging: boolean;
}

export class ReferenceTrackers implements DemoFloor {
  readonly #o: ReferenceTrackerOptions;
  readonly #topics: ReturnType<typeof mqttTopics>;
  readonly #trackers = new Map<string, Tracker>();
  #demo?: DemoTraffic;
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
      const t: Tracker = { client, battery: 100, paging: false };
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
    this.#demo = new DemoTraffic({
      floor: this,
      // The kitchen pages through the gateway's API; the trackers only follow the command.
      page: () => {},
      seed: this.#o.seed,
      msPerSecond: this.#o.msPerSecond,
      tables: this.#o.tables,
      trackers: this.#o.trackers,
      onError: (e) => this.#o.log?.(`step failed: ${(e as Error).message}`),
    });
    this.#demo.start();
  }

  isPaging(name: string): boolean {
    return this.#trackers.get(name)?.paging ?? false;
  }

  startTracker(name: string): void {
    void this.#send(name, { event: "started" });
  }

  locate(name: string, table: string): void {
    const t = this.#trackers.get(name);
    if (t) t.battery = Math.max(5, t.battery - 1);
    void this.#send(name, { event: "located", table });
  }

  clear(name: string): void {
    void this.#send(name, { event: "docked" });
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
    this.#demo?.stop();
    await Promise.all([...this.#trackers.values()].map((t) => t.client.endAsync().catch(() => {})));
    this.#trackers.clear();
  }
}
