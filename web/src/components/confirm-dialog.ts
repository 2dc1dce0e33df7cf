// The one confirmation dialog: clearing an order, clearing all, revoking a token. A modal with
// the destructive choice labelled by what it does, and Escape or the backdrop to back out.
import { html } from "htm/preact";
import { useEffect, useRef } from "preact/hooks";
import type { ConfirmRequest } from "../app-context.js";
import { t } from "../i18n/index.js";

export function ConfirmDialog(props: { request: ConfirmRequest; answer(ok: boolean): void }) {
  const { request, answer } = props;
  const okRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    okRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") answer(false);
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [answer]);
  return html`<div class="backdrop" onClick=${(e: MouseEvent) => e.target === e.currentTarget && answer(false)}>
    <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title">
      <h2 id="confirm-title">${request.title}</h2>
      ${request.body ? html`<p>${request.body}</p>` : null}
      <div class="dialog-actions">
        <button class="secondary" onClick=${() => answer(false)}>${t().cancel}</button>
        <button ref=${okRef} class=${request.danger ? "danger" : "primary"} data-confirm onClick=${() => answer(true)}>
          ${request.confirmLabel}
        </button>
      </div>
    </div>
  </div>`;
}
