// A stand-in tracker (or repeater) on a real broker for radio tests: publishes §1 events at
// QoS 1 and records the retained commands it receives on its set topic.
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { waitUntil } from "./wait.js";

export interface TestTracker {
  client: MqttClient;
  /** Commands received, as parsed JSON, by topic. */
  received: Array<{ topic: string; payload: unknown; retain: boolean }>;
  publish(topic: string, payload: string | Buffer, retain?: boolean): Promise<void>;
  /** Waits for a message on `topic` whose payload satisfies `match`. */
  waitFor(topic: string, match: (p: unknown) => boolean, what?: string): Promise<unknown>;
  end(): Promise<void>;
}

export async function connectTracker(
  url: string,
  subscribe: string[] = [],
  extra: IClientOptions = {},
): Promise<TestTracker> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...extra });
  const received: TestTracker["received"] = [];
  client.on("message", (topic, payload, packet) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload.toString());
    } catch {
      parsed = payload.toString();
    }
    received.push({ topic, payload: parsed, retain: packet.retain });
  });
  if (subscribe.length > 0) await client.subscribeAsync(subscribe, { qos: 1 });
  return {
    client,
    received,
    publish: async (topic, payload, retain = false) => {
      await client.publishAsync(topic, payload, { qos: 1, retain });
    },
    waitFor: (topic, match, what = `a message on ${topic}`) =>
      waitUntil(() => received.find((m) => m.topic === topic && match(m.payload))?.payload, what),
    end: async () => {
      await client.endAsync(true);
    },
  };
}
