// The source a device-code limit counts: IPv4 addresses one by one, IPv6 by /64.
import { describe, expect, it } from "vitest";
import { retryText, sourceKey } from "./rate-limits.js";

describe("sourceKey", () => {
  it("counts an IPv4 address alone, mapped or not", () => {
    expect(sourceKey("203.0.113.7")).toBe("203.0.113.7");
    expect(sourceKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("counts an IPv6 network's /64 as one source, however it is written", () => {
    const net = "2001:db8:0:12::/64";
    for (const ip of ["2001:db8:0:12::1", "2001:0db8:0000:0012:ffff:1:2:3", "2001:DB8:0:12:abcd::9"]) {
      expect(sourceKey(ip), ip).toBe(net);
    }
    expect(sourceKey("2001:db8:0:13::1")).not.toBe(net);
    expect(sourceKey("::1")).toBe("0:0:0:0::/64");
    expect(sourceKey("fe80::")).toBe("fe80:0:0:0::/64");
  });

  it("says when to retry in seconds and UTC", () => {
    expect(retryText(90, Date.UTC(2026, 0, 1, 1, 58, 30))).toBe("try again in 90 s (after 02:00:00 UTC)");
  });
});
