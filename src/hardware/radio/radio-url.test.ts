// `--radio` values (radio.md, top) and the config rules around them: --sim is --radio sim,
// OPENTT_RADIO sets it, and a bad value is refused with a message naming the flag.
import { describe, expect, it } from "vitest";
import { configFromEnv, resolveConfig } from "../../config.js";
import { displayUrl, parseRadio } from "./radio-url.js";

describe("parseRadio", () => {
  it("reads every form of the contract", () => {
    expect(parseRadio("sim")).toEqual({ kind: "sim" });
    expect(parseRadio("mqtt")).toEqual({ kind: "mqtt", tls: false, host: "127.0.0.1", port: 1883, base: "opentt" });
    expect(parseRadio("mqtt://127.0.0.1:1884/site/a")).toMatchObject({
      kind: "mqtt",
      tls: false,
      host: "127.0.0.1",
      port: 1884,
      base: "site/a",
    });
    expect(parseRadio("mqtts://us%40er:p%3Ass@broker.local")).toMatchObject({
      kind: "mqtt",
      tls: true,
      host: "broker.local",
      port: 8883,
      base: "opentt",
      username: "us@er",
      password: "p:ss",
    });
    expect(parseRadio("serial:/dev/ttyUSB0?baud=9600")).toEqual({ kind: "serial", path: "/dev/ttyUSB0", baud: 9600 });
    expect(parseRadio("serial:/dev/ttyACM0")).toEqual({ kind: "serial", path: "/dev/ttyACM0", baud: 115200 });
  });

  it.each([
    ["zigbee", "unknown kind"],
    ["mqtt://", "no host"],
    ["mqtt://host/a/+/b", "base topic"],
    ["mqtt://host/x?y=1", "no query"],
    ["serial:ttyUSB0", "/dev/ttyUSB0"],
    ["serial:/dev/ttyUSB0?baud=fast", "baud"],
    ["serial:/dev/ttyUSB0?parity=odd", "unknown option"],
  ])("refuses %s naming the flag (%s)", (raw, why) => {
    expect(() => parseRadio(raw)).toThrow(TypeError);
    expect(() => parseRadio(raw)).toThrow(/^--radio "/);
    expect(() => parseRadio(raw)).toThrow(why);
  });

  it("never shows credentials", () => {
    const url = displayUrl(parseRadio("mqtts://user:secret@host:8883/base"));
    expect(url).toBe("mqtts://host:8883/base");
    expect(displayUrl(parseRadio("mqtt"), 41883)).toBe("mqtt://127.0.0.1:41883/opentt");
  });
});

describe("the radio in the config", () => {
  it("treats --sim and --radio sim as one", () => {
    expect(resolveConfig({ sim: true })).toMatchObject({ sim: true, radio: "sim" });
    expect(resolveConfig({ radio: "sim" })).toMatchObject({ sim: true, radio: "sim" });
    expect(resolveConfig({ radio: "sim", demo: true })).toMatchObject({ demo: true });
  });

  it("takes OPENTT_RADIO and the credentials from the environment", () => {
    const env = configFromEnv({
      OPENTT_RADIO: "mqtt://b:1/x",
      OPENTT_RADIO_USERNAME: "u",
      OPENTT_RADIO_PASSWORD: "p",
      OPENTT_RADIO_CA: "/ca.pem",
      OPENTT_MQTT_PORT: "11883",
    });
    expect(resolveConfig(env)).toMatchObject({
      radio: "mqtt://b:1/x",
      sim: false,
      radioUsername: "u",
      radioPassword: "p",
      radioCa: "/ca.pem",
      mqttPort: 11883,
    });
  });

  it("refuses a bad radio, --sim with another radio, and a bad --mqtt-port", () => {
    expect(() => resolveConfig({ radio: "mqtt:/nohost" })).toThrow(/--radio/);
    expect(() => resolveConfig({ sim: true, radio: "mqtt" })).toThrow(/--sim/);
    expect(() => resolveConfig({ radio: "mqtt", mqttPort: 70000 })).toThrow(/--mqtt-port/);
  });
});

describe("--radio lrs (radio.md §4)", () => {
  it("takes lrs alone or an http URL of the vendor gateway, port 8000 by default", () => {
    expect(parseRadio("lrs")).toEqual({ kind: "lrs" });
    expect(parseRadio("lrs+http://192.168.1.50:8000")).toEqual({ kind: "lrs", url: "http://192.168.1.50:8000" });
    expect(parseRadio("lrs+http://gw.local")).toEqual({ kind: "lrs", url: "http://gw.local:8000" });
    expect(displayUrl(parseRadio("lrs+http://10.0.0.2:8001"))).toBe("lrs+http://10.0.0.2:8001");
  });
  it("refuses what is not a vendor gateway address, naming the flag", () => {
    for (const v of ["lrs+https://h:8000", "lrs+http://u:p@h:8000", "lrs+http://h:8000/api", "lrs+nonsense"])
      expect(() => parseRadio(v)).toThrow(/--radio/);
  });
});
