// Order input parsing (spec §2): every field's error code, the liberal variants real clients
// send (numbers for digit strings, ON_PREMISES), and the {name or uuid} path rule.
import { describe, expect, it } from "vitest";
import { expectCode } from "../../test/helpers/domain.js";
import { asObject } from "../protocol/input.js";
import { parseOrderInput, parseOrderRef, parseTracking } from "./order-rules.js";

describe("POST /activeorders body", () => {
  it("accepts name, orderType and locationName", () => {
    expect(parseOrderInput({ name: "12", orderType: "TO_GO", locationName: "5" })).toEqual({
      name: "12",
      orderType: "TO_GO",
      locationName: "5",
    });
  });

  it("ON_PREMISES is read as ON_PREMISE", () => {
    expect(parseOrderInput({ name: "1", orderType: "ON_PREMISES" }).orderType).toBe("ON_PREMISE");
  });

  it("whole numbers stand for digit strings", () => {
    expect(parseOrderInput({ name: 12, locationName: 0 })).toMatchObject({ name: "12", locationName: "0" });
  });

  it("an empty locationName means not given", () => {
    expect(parseOrderInput({ name: "1", locationName: "" }).locationName).toBeUndefined();
  });

  it.each([undefined, null, ""])("no name (%s) is -8", (name) => {
    expectCode(() => parseOrderInput({ name, orderType: "TO_GO" }), "NO_ORDER_NAME");
  });

  it.each(["abc", "1234567890", "12a", " 12", "-1", -1, 1.5, true, {}, ["1"]])("name %j is -9", (name) => {
    expectCode(() => parseOrderInput({ name, orderType: "TO_GO" }), "INVALID_ORDER_NAME");
  });

  it.each(["A1", "1234567890", "1.5", -2, false])("locationName %j is -10", (locationName) => {
    expectCode(() => parseOrderInput({ name: "1", locationName }), "INVALID_LOCATION_NAME");
  });

  it.each(["DINE_IN", "to_go", "", 1])("orderType %j is -12", (orderType) => {
    expectCode(() => parseOrderInput({ name: "1", orderType }), "INVALID_ORDER_TYPE");
  });

  it("an absent body reads as an empty object, so the name is missing (-8)", () => {
    expectCode(() => parseOrderInput(undefined), "NO_ORDER_NAME");
  });

  it.each([[[1]], ["text"], [42]])("a body that is not an object (%j) is -31", (body) => {
    expectCode(() => asObject(body), "INVALID_JSON");
  });
});

describe("{name or uuid} in a path", () => {
  it("digits are a name", () => {
    expect(parseOrderRef("0042")).toEqual({ by: "name", name: "0042" });
  });

  it("a UUID matches by uuid, in lower case", () => {
    expect(parseOrderRef("3F2B8C1E-6F0A-4C2D-9B7E-1A2B3C4D5E6F")).toEqual({
      by: "uuid",
      uuid: "3f2b8c1e-6f0a-4c2d-9b7e-1a2b3c4d5e6f",
    });
  });

  it.each(["3f2b8c1e-6f0a", "12-34", "-", "3f2b8c1e-6f0a-4c2d-9b7e-1a2b3c4d5e6g"])(
    "a value with '-' that is not a UUID (%s) is -27",
    (raw) => {
      expectCode(() => parseOrderRef(raw), "INVALID_ORDER_UUID");
    },
  );

  it.each(["abc", "1234567890", "12.5", "x"])("anything else (%s) is -7", (raw) => {
    expectCode(() => parseOrderRef(raw), "INVALID_ORDER_ID");
  });
});

describe("page body {tracking}", () => {
  it("defaults to true when absent or empty", () => {
    expect(parseTracking(undefined)).toBe(true);
    expect(parseTracking({})).toBe(true);
  });

  it("takes a boolean", () => {
    expect(parseTracking({ tracking: false })).toBe(false);
  });

  it.each(["true", 1, "no", []])("a non-boolean %j is -15", (tracking) => {
    expectCode(() => parseTracking({ tracking }), "INVALID_BOOLEAN");
  });
});
