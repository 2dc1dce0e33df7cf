// The one table formatter: columns as wide as their widest cell, colour taking no room, numbers
// right-aligned on request, no trailing spaces.
import { describe, expect, it } from "vitest";
import { ansi, fields, table } from "./output.js";

describe("table", () => {
  it("aligns every column, colour escapes included", () => {
    const text = table(
      ["A", "LONG HEADER", "N"],
      [
        ["wide cell", ansi.red("x"), "7"],
        ["y", "z", "1234"],
      ],
      { align: ["left", "left", "right"] },
    );
    expect(text).toBe(
      [
        "A          LONG HEADER     N",
        `wide cell  ${ansi.red("x")}               7`,
        "y          z            1234",
        "",
      ].join("\n"),
    );
  });

  it("fields() puts label: value pairs in two columns", () => {
    expect(
      fields(
        [
          ["Short", "1"],
          ["A longer label", "100%"],
        ],
        "right",
      ),
    ).toBe("Short:              1\nA longer label:  100%\n");
    expect(
      fields([
        ["Short", "one"],
        ["Longer", "two"],
      ]),
    ).toBe("Short:   one\nLonger:  two\n");
  });
});
