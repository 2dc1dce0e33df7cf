// What the fit tests measure in the page: an element's rectangle, whether it is shown and not
// clipped, and whether it stays inside its container (fit.test.ts, floorplan.test.ts).
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** Rectangles and overflow of what a test asserts on, read in the page. */
interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
export interface Fit {
  name: string;
  scrollWidth: number;
  clientWidth: number;
  visible: boolean;
  box: Box;
  outer: Box;
}

/** For every element matching `inner` inside each `outer`: does it fit, is it shown, is it inside? */
export function measure(page: Page, outer: string, inner: string): Promise<Fit[]> {
  return page.$$eval(
    outer,
    (els, sel) =>
      els.flatMap((o) =>
        Array.from(o.querySelectorAll<HTMLElement>(sel)).map((e) => {
          const r = e.getBoundingClientRect();
          const or = o.getBoundingClientRect();
          const style = getComputedStyle(e);
          return {
            name: e.textContent ?? "",
            scrollWidth: e.scrollWidth,
            clientWidth: e.clientWidth,
            visible:
              r.width > 0 &&
              r.height > 0 &&
              style.visibility !== "hidden" &&
              e.checkVisibility({ opacityProperty: true }),
            box: { left: r.left, right: r.right, top: r.top, bottom: r.bottom },
            outer: { left: or.left, right: or.right, top: or.top, bottom: or.bottom },
          };
        }),
      ),
    inner,
  );
}

export function expectInside(f: Fit, what: string): void {
  const where = `${what} "${f.name}"`;
  expect(f.visible, `${where} is visible`).toBe(true);
  expect(f.scrollWidth, `${where} is not clipped`).toBeLessThanOrEqual(f.clientWidth);
  expect(f.box.left, `${where} left edge`).toBeGreaterThanOrEqual(f.outer.left - 0.5);
  expect(f.box.right, `${where} right edge`).toBeLessThanOrEqual(f.outer.right + 0.5);
  expect(f.box.top, `${where} top edge`).toBeGreaterThanOrEqual(f.outer.top - 0.5);
  expect(f.box.bottom, `${where} bottom edge`).toBeLessThanOrEqual(f.outer.bottom + 0.5);
}
