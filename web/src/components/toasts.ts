// Short-lived messages at the bottom of the screen: what an action did, or the gateway's reason
// for refusing it. Each belongs to the view that raised it and goes by itself (app.ts).
import { html } from "htm/preact";
import type { ToastKind } from "../app-context.js";
import type { Route } from "../lib/hooks.js";
import { t as msg } from "../i18n/index.js";

export interface Toast {
  id: number;
  message: string;
  kind: ToastKind;
  /** The view that raised it. */
  view: Route;
}

export function Toasts(props: { toasts: readonly Toast[]; dismiss(id: number): void }) {
  return html`<div class="toasts" role="status" aria-live="polite">
    ${props.toasts.map(
      (t) =>
        html`<div key=${t.id} class=${`toast toast-${t.kind}`} data-kind=${t.kind}>
          <span>${t.message}</span>
          <button class="icon" aria-label=${msg().dismiss} onClick=${() => props.dismiss(t.id)}>×</button>
        </div>`,
    )}
  </div>`;
}
