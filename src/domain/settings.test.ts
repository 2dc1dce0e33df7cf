// Settings (spec §7): defaults, any subset, -20/-21 with the original's message shape,
// all-or-nothing validation, persistence, and the settingsChanged event.
import { describe, expect, it } from "vitest";
import { domainKit, expectCode } from "../../test/helpers/domain.js";

describe("settings", () => {
  it("start from the defaults: preset A, target 300 s, 14 days of history, 12 h auto-clear", () => {
    const k = domainKit();
    expect(k.settings.get()).toEqual({
      zigbeePreset: "A",
      targetTimeDefault: 300,
      timezone: "UTC",
      historyDays: 14,
      autoClearHours: 12,
    });
  });

  it("take any subset and keep the rest", () => {
    const k = domainKit();
    const changed: string[][] = [];
    k.events.on("settingsChanged", ({ keys }) => changed.push(keys));
    k.settings.update({ zigbeePreset: "H", timezone: "-05:00" });
    expect(k.settings.get()).toMatchObject({ zigbeePreset: "H", timezone: "-05:00", targetTimeDefault: 300 });
    expect(k.settings.zone).toBe("-05:00");
    expect(changed).toEqual([["zigbeePreset", "timezone"]]);
  });

  it.each([
    { timezone: "America/New_York" },
    { timezone: "Europe/Paris" },
    { timezone: "+05:30" },
    { timezone: "-14:00" },
    { targetTimeDefault: 1 },
    { targetTimeDefault: 86400 },
    { historyDays: 90 },
    { autoClearHours: 72 },
    {},
  ])("accept %j", (input) => {
    const k = domainKit();
    k.settings.update(input);
    expect(k.settings.get()).toMatchObject(input);
  });

  it("an unknown key is -20 'Invalid settings key: <key>'", () => {
    const k = domainKit();
    const e = expectCode(() => k.settings.update({ bogusKey: 1 }), "INVALID_SETTINGS_KEY");
    expect(e.message.startsWith("Invalid settings key: bogusKey")).toBe(true);
  });

  it.each([
    ["zigbeePreset", "I"],
    ["zigbeePreset", "a"],
    ["zigbeePreset", 1],
    ["targetTimeDefault", 0],
    ["targetTimeDefault", 86401],
    ["targetTimeDefault", 1.5],
    ["targetTimeDefault", "300"],
    ["timezone", "Mars/Olympus_Mons"],
    ["timezone", "+15:00"],
    ["timezone", "05:00"],
    ["timezone", ""],
    ["timezone", 5],
    ["historyDays", 0],
    ["historyDays", 91],
    ["autoClearHours", 0],
    ["autoClearHours", 73],
    ["autoClearHours", null],
  ])("%s = %j is -21 'Invalid value <v> for key <key>. …'", (key, value) => {
    const k = domainKit();
    const e = expectCode(() => k.settings.update({ [key]: value }), "INVALID_SETTINGS_VALUE");
    expect(e.message).toMatch(new RegExp(`^Invalid value .* for key ${key}\\. \\S`));
  });

  it("validate the whole body before saving any of it", () => {
    const k = domainKit();
    expectCode(() => k.settings.update({ zigbeePreset: "B", historyDays: 0 }), "INVALID_SETTINGS_VALUE");
    expectCode(() => k.settings.update({ zigbeePreset: "B", nope: 1 }), "INVALID_SETTINGS_KEY");
    expect(k.settings.get().zigbeePreset).toBe("A");
  });

  it("a body that is not an object is -31", () => {
    const k = domainKit();
    expectCode(() => k.settings.update([1]), "INVALID_JSON");
  });

  it("persist across a restart", () => {
    const k = domainKit();
    k.settings.update({ targetTimeDefault: 600, timezone: "Asia/Tokyo" });
    const again = domainKit({ store: k.store });
    expect(again.settings.get()).toMatchObject({ targetTimeDefault: 600, timezone: "Asia/Tokyo" });
  });
});
