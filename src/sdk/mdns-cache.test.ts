import { describe, expect, it } from "vitest";
import { instanceLabel, MdnsCache, type MdnsRecord } from "./mdns-cache.js";

const TYPE = "_tracker-http._tcp.local";
const INSTANCE = `Table Tracker ABC.${TYPE}`;
const HOST = "Table-Tracker-ABC.local";

function announce(opts: { ip?: string; port?: number; ttl?: number } = {}): MdnsRecord[] {
  const ttl = opts.ttl ?? 120;
  return [
    { type: "PTR", name: TYPE, ttl: 4500, flush: false, target: INSTANCE },
    { type: "SRV", name: INSTANCE, ttl, flush: true, host: HOST, port: opts.port ?? 8000 },
    { type: "TXT", name: INSTANCE, ttl: 4500, flush: true, txt: { api: "v2", serial: "ABC", version: "0.1.0" } },
    { type: "A", name: HOST, ttl, flush: true, address: opts.ip ?? "10.0.0.5" },
  ];
}

describe("MdnsCache", () => {
  it("assembles a gateway from PTR, SRV, TXT and A records", () => {
    const c = new MdnsCache(TYPE);
    c.ingest(announce(), 0, "10.0.0.5");
    expect(c.gateways()).toEqual([
      {
        name: "Table Tracker ABC",
        serial: "ABC",
        version: "0.1.0",
        host: HOST,
        addresses: ["10.0.0.5"],
        port: 8000,
        txt: { api: "v2", serial: "ABC", version: "0.1.0" },
        url: "http://10.0.0.5:8000/",
      },
    ]);
  });

  it("ignores other service types and hosts nobody points at", () => {
    const c = new MdnsCache(TYPE);
    c.ingest(
      [
        { type: "PTR", name: "_http._tcp.local", ttl: 4500, flush: false, target: "Printer._http._tcp.local" },
        { type: "SRV", name: "Printer._http._tcp.local", ttl: 120, flush: true, host: "printer.local", port: 80 },
        { type: "A", name: "printer.local", ttl: 120, flush: true, address: "10.0.0.9" },
      ],
      0,
    );
    expect(c.gateways()).toEqual([]);
    expect(c.instances()).toEqual([]);
  });

  it("lists nothing until an address is known, and asks for what is missing", () => {
    const c = new MdnsCache(TYPE);
    c.ingest(announce().slice(0, 1), 0);
    expect(c.gateways()).toEqual([]);
    expect(c.missing()).toEqual([
      { name: INSTANCE, type: "SRV" },
      { name: INSTANCE, type: "TXT" },
    ]);
    c.ingest(announce().slice(1, 3), 10);
    expect(c.missing()).toEqual([
      { name: HOST, type: "A" },
      { name: HOST, type: "AAAA" },
    ]);
    c.ingest(announce().slice(3), 20);
    expect(c.missing()).toEqual([]);
    expect(c.gateways()).toHaveLength(1);
  });

  it("cache-flush replaces an address set older than one second (RFC 6762 §10.2): DHCP moved the gateway", () => {
    const c = new MdnsCache(TYPE);
    c.ingest(announce({ ip: "10.0.0.5" }), 0);
    c.ingest(announce({ ip: "10.0.0.77" }), 5_000);
    expect(c.gateways()[0]?.addresses).toEqual(["10.0.0.77"]);
  });

  it("records of one set that arrive within a second of each other are kept together", () => {
    const c = new MdnsCache(TYPE);
    c.ingest(announce({ ip: "10.0.0.5" }), 0);
    c.ingest([{ type: "A", name: HOST, ttl: 120, flush: true, address: "192.168.1.5" }], 500);
    expect(c.gateways()[0]?.addresses).toEqual(["10.0.0.5", "192.168.1.5"]);
  });

  it("a goodbye (TTL 0) removes the gateway at once", () => {
    const c = new MdnsCache(TYPE);
    c.ingest(announce(), 0);
    c.ingest([{ type: "PTR", name: TYPE, ttl: 0, flush: false, target: INSTANCE }], 100);
    expect(c.gateways()).toEqual([]);
  });

  it("records expire when their TTL runs out", () => {
    const c = new MdnsCache(TYPE);
    c.ingest(announce({ ttl: 120 }), 0);
    c.expire(119_999);
    expect(c.gateways()).toHaveLength(1);
    c.expire(120_000);
    expect(c.gateways()).toEqual([]);
  });

  it("asks again for a record at 80, 85, 90 and 95 % of its TTL, once each (RFC 6762 §5.2)", () => {
    const c = new MdnsCache(TYPE);
    c.ingest(announce({ ttl: 100 }), 0);
    expect(c.dueRefresh(79_000)).toEqual([]);
    const at80 = c.dueRefresh(80_000);
    expect(at80).toContainEqual({ name: HOST, type: "A" });
    expect(at80).toContainEqual({ name: INSTANCE, type: "SRV" });
    expect(c.dueRefresh(81_000)).toEqual([]);
    expect(c.dueRefresh(85_000)).toContainEqual({ name: HOST, type: "A" });
    // Skipping ahead past several points asks once, not once per missed point.
    expect(c.dueRefresh(99_000).filter((q) => q.type === "A")).toHaveLength(1);
    expect(c.dueRefresh(99_500).filter((q) => q.type === "A")).toHaveLength(0);
  });

  it("offers PTRs with more than half their TTL left as known answers (RFC 6762 §7.1)", () => {
    const c = new MdnsCache(TYPE);
    c.ingest(announce(), 0);
    expect(c.knownAnswers(1_000_000)).toEqual([{ type: "PTR", name: TYPE, ttl: 3500, flush: false, target: INSTANCE }]);
    expect(c.knownAnswers(2_300_000)).toEqual([]);
  });

  it("orders IPv4 before IPv6, the answering address first", () => {
    const c = new MdnsCache(TYPE);
    c.ingest(
      [
        ...announce({ ip: "10.0.0.5" }),
        { type: "A", name: HOST, ttl: 120, flush: true, address: "192.168.1.5" },
        { type: "AAAA", name: HOST, ttl: 120, flush: true, address: "fe80::1" },
      ],
      0,
      "192.168.1.5",
    );
    const g = c.gateways()[0]!;
    expect(g.addresses).toEqual(["192.168.1.5", "10.0.0.5", "fe80::1"]);
    expect(g.url).toBe("http://192.168.1.5:8000/");
  });

  it("brackets an IPv6-only gateway's URL", () => {
    const c = new MdnsCache(TYPE);
    c.ingest([...announce().slice(0, 3), { type: "AAAA", name: HOST, ttl: 120, flush: true, address: "fd00::5" }], 0);
    expect(c.gateways()[0]?.url).toBe("http://[fd00::5]:8000/");
  });
});

describe("instanceLabel", () => {
  it("strips the service type and undoes DNS escapes", () => {
    expect(instanceLabel(`Table Tracker X.${TYPE}.`, TYPE)).toBe("Table Tracker X");
    expect(instanceLabel(`Bar\\.Kitchen\\032A.${TYPE}`, TYPE)).toBe("Bar.Kitchen A");
  });
});
