// The MQTT radio (radio.md §2): trackers and repeaters publish to a broker, the gateway holds a
// persistent session (clean: false, QoS 1) so what they sent while it was down arrives when it
// returns, and paging commands are retained so a tracker that was off gets the current one.
import { readFileSync } from "node:fs";
// mqtt and the embedded broker (aedes, classic-level) are imported when this radio starts: a
// gateway on another radio does not load ~300 modules it never uses (start-up, bench 5).
import type { IClientOptions, MqttClient } from "mqtt";
import type { FloorEvent } from "../../domain/floor.js";
import {
  BAD_REPEATER,
  BAD_TRACKER,
  decodeEvent,
  decodeRepeaterState,
  encodeCommand,
  isRepeaterId,
  isTrackerName,
  matchTopic,
  mqttTopics,
  pageCommand,
} from "../../protocol/radio.js";
import type { RepeaterState, TrackerDevice } from "../device.js";
import type { EmbeddedBroker } from "./embedded-broker.js";
import type { RadioDeps } from "./radio-deps.js";
import { RadioRepeaters } from "./radio-repeaters.js";
import { displayUrl, type RadioSpec } from "./radio-url.js";

/** radio.md §5: reconnect backoff, from the first retry to the cap (≤ 5 s after the broker returns). */
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 4_000;

export interface MqttRadioOptions extends RadioDeps {
  spec: Extract<RadioSpec, { kind: "mqtt" }>;
}

export class MqttRadio implements TrackerDevice {
  readonly #o: MqttRadioOptions;
  readonly #topics: ReturnType<typeof mqttTopics>;
  readonly #repeaters = new RadioRepeaters("MQTT-REPEATER");
  readonly #paging = new Map<string, { on: boolean; tracking: boolean }>();
  /** Corks held on each broker socket by batches of events not committed yet (#holdAcks). */
  readonly #held = new WeakMap<object, number>();
  #client?: MqttClient;
  #broker?: EmbeddedBroker;
  #pairingTimer?: NodeJS.Timeout;
  #pairingUntil = 0;
  #backoff = RECONNECT_MIN_MS;

  constructor(o: MqttRadioOptions) {
    this.#o = o;
    this.#topics = mqttTopics(o.spec.base);
  }

  get online(): boolean {
    return this.#o.link.online;
  }

  async start(onEvent: (e: FloorEvent) => void): Promise<void> {
    const { spec, link } = this.#o;
    link.attach(onEvent);
    let port = spec.port;
    let host = spec.host;
    if (!spec.url) {
      const { startEmbeddedBroker } = await import("./embedded-broker.js");
      this.#broker = await startEmbeddedBroker({
        dataDir: this.#o.dataDir,
        host: this.#o.host,
        port: this.#o.mqttPort,
      });
      port = this.#broker.port;
      host = "127.0.0.1";
      link.url = displayUrl(spec, port);
    }
    const options: IClientOptions = {
      host,
      port,
      protocol: spec.tls ? "mqtts" : "mqtt",
      protocolVersion: 4,
      clientId: `opentt-${this.#o.serial}`,
      clean: false,
      reconnectPeriod: RECONNECT_MIN_MS,
      connectTimeout: 5_000,
      username: spec.username ?? this.#o.username,
      password: spec.password ?? this.#o.password,
      will: { topic: this.#topics.state, payload: Buffer.from('{"state":"offline"}'), qos: 1, retain: true },
    };
    if (this.#o.caFile) options.ca = readFileSync(this.#o.caFile);
    const { default: mqtt } = await import("mqtt");
    const client = mqtt.connect(options);
    this.#client = client;
    client.on("connect", () => this.#onConnect(client));
    client.on("message", (topic, payload) => this.#onMessage(topic, payload));
    client.on("error", (e) => link.setOnline(false, e.message));
    client.on("close", () => link.setOnline(false, link.online ? "the connection to the broker closed" : undefined));
    client.on("reconnect", () => {
      // Doubling up to the cap: a broker that is down for long is not hammered, and one that
      // returns is found again within the cap (radio.md §5).
      this.#backoff = Math.min(this.#backoff * 2, RECONNECT_MAX_MS);
      client.options.reconnectPeriod = this.#backoff;
    });
    // Start-up waits for the first answer, online or not: an unreachable broker must not stop the
    // gateway (order routes keep working; the radio reconnects on its own).
    await new Promise<void>((resolve) => {
      client.once("connect", () => resolve());
      client.once("close", () => resolve());
    });
  }

  #onConnect(client: MqttClient): void {
    this.#backoff = RECONNECT_MIN_MS;
    client.options.reconnectPeriod = RECONNECT_MIN_MS;
    client.subscribe([this.#topics.events, this.#topics.repeaters], { qos: 1 }, (err) => {
      if (err) this.#o.link.setOnline(false, `subscribing failed: ${err.message}`);
    });
    const retained = { qos: 1, retain: true } as const;
    client.publish(this.#topics.state, '{"state":"online"}', retained);
    // The retained commands are the gateway's: each is published again as it is now, in case the
    // broker lost one, or kept a page that ended while it was unreachable (or while this gateway
    // restarted) — a tracker that connects later would vibrate for an order that is gone.
    for (const tracker of new Set([...this.#o.knownTrackers(), ...this.#paging.keys()])) {
      const p = this.#paging.get(tracker);
      this.#publishSet(tracker, p?.on ?? false, p?.tracking);
    }
    this.#o.link.setOnline(true);
  }

  #onMessage(topic: string, payload: Buffer): void {
    const { link } = this.#o;
    const m = matchTopic(this.#o.spec.base, topic);
    if (m.type === "event") {
      const applied = link.receiveInBatch(
        isTrackerName(m.tracker) ? decodeEvent(payload, m.tracker) : BAD_TRACKER,
        topic,
      );
      if (applied) this.#holdAcks(applied);
    } else if (m.type === "repeater" && payload.length > 0) {
      // (An empty retained message deletes the retained state: the repeater is gone.)
      const d = isRepeaterId(m.id) ? decodeRepeaterState(payload) : BAD_REPEATER;
      if (d.ok) this.#repeaters.report(m.id, d.value, this.#o.clock.now());
      else link.reject(d.reason, topic);
    }
  }

  /**
   * A PUBACK tells the broker the message is kept (QoS 1, persistent session): it must not leave
   * before the commit that holds the message's event. mqtt.js writes it as soon as the message
   * handler returns, and the event is applied in the next group commit, a moment later: the
   * socket stays corked until that commit has ended. Killed before it, the gateway has
   * acknowledged nothing of the batch, and the broker sends it all again (radio.md §2).
   */
  #holdAcks(applied: Promise<void>): void {
    const stream = this.#client?.stream as { cork?(): void; uncork?(): void } | undefined;
    if (!stream?.cork || !stream.uncork) return;
    const held = this.#held.get(stream) ?? 0;
    if (held === 0) stream.cork();
    this.#held.set(stream, held + 1);
    void applied.finally(() => {
      const left = (this.#held.get(stream) ?? 1) - 1;
      this.#held.set(stream, left);
      if (left === 0) stream.uncork?.();
    });
  }

  #publishSet(tracker: string, on: boolean, tracking = true): void {
    this.#client?.publish(this.#topics.set(tracker), encodeCommand(pageCommand(on, tracking)), {
      qos: 1,
      retain: true,
    });
  }

  setPaging(tracker: string, on: boolean, tracking = true): void {
    this.#paging.set(tracker, { on, tracking });
    this.#publishSet(tracker, on, tracking);
  }

  isPaging(tracker: string): boolean {
    return this.#paging.get(tracker)?.on ?? false;
  }

  repeaters(_refresh: boolean): RepeaterState[] {
    return this.#repeaters.list();
  }

  clearRepeaters(): void {
    this.#repeaters.clear();
  }

  setPairing(seconds: number): boolean {
    clearTimeout(this.#pairingTimer);
    const retained = { qos: 1, retain: true } as const;
    if (seconds <= 0) {
      this.#pairingUntil = 0;
      this.#client?.publish(this.#topics.pairing, '{"open":false}', retained);
      return false;
    }
    this.#pairingUntil = this.#o.clock.now() + seconds * 1000;
    this.#client?.publish(this.#topics.pairing, JSON.stringify({ open: true, seconds }), retained);
    this.#pairingTimer = setTimeout(() => this.setPairing(0), seconds * 1000);
    this.#pairingTimer.unref();
    return true;
  }

  get pairingOpen(): boolean {
    return this.#o.clock.now() < this.#pairingUntil;
  }

  async stop(): Promise<void> {
    clearTimeout(this.#pairingTimer);
    const client = this.#client;
    this.#client = undefined;
    if (client) {
      if (client.connected) {
        await client.publishAsync(this.#topics.state, '{"state":"offline"}', { qos: 1, retain: true }).catch(() => {});
      }
      // Not connected, nothing in flight can be acknowledged: do not wait for it.
      await client.endAsync(!client.connected).catch(() => {});
    }
    this.#o.link.setOnline(false);
    this.#o.link.detach();
    await this.#broker?.close();
    this.#broker = undefined;
  }
}
