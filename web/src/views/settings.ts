// Settings: the gateway's settings as a form. Only changed keys are sent; the gateway validates
// them (spec §7) and its message is shown next to the form. Tokens are managed below it.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import type { GatewaySettings } from "../../../src/protocol/wire.js";
import { useApp } from "../app-context.js";
import { errorText } from "../lib/errors.js";
import { TokensPanel } from "./tokens.js";
import { type Messages, t } from "../i18n/index.js";

type Draft = Record<keyof GatewaySettings, string>;

/** The form's fields, in order; their labels and hints are in the catalogues (`fields`). */
const FIELDS: { key: keyof Messages["fields"] & keyof GatewaySettings; numeric: boolean }[] = [
  { key: "targetTimeDefault", numeric: true },
  { key: "timezone", numeric: false },
  { key: "historyDays", numeric: true },
  { key: "autoClearHours", numeric: true },
  { key: "zigbeePreset", numeric: false },
];

const toDraft = (s: GatewaySettings): Draft =>
  Object.fromEntries(FIELDS.map((f) => [f.key, String(s[f.key])])) as Draft;

export function SettingsView() {
  const app = useApp();
  const [draft, setDraft] = useState<Draft | null>(app.settings ? toDraft(app.settings) : null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (app.settings) setDraft(toDraft(app.settings));
  }, [app.settings]);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!draft || !app.settings) return;
    const patch: Record<string, string | number> = {};
    for (const f of FIELDS) {
      const v = draft[f.key].trim();
      if (v === String(app.settings[f.key])) continue;
      // Numbers go as numbers when they look like one; anything else goes as typed, so the
      // gateway's own validation message explains what is wrong with it.
      patch[f.key] = f.numeric && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    }
    if (Object.keys(patch).length === 0) {
      setError(null);
      app.notify(t().nothingChanged, "info");
      return;
    }
    setSaving(true);
    try {
      await app.client.updateSettings(patch as Partial<GatewaySettings>);
      setError(null);
      await app.reloadSettings();
      app.notify(t().settingsSaved, "success");
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  return html`<section class="view settings" aria-labelledby="settings-title">
    <div class="view-head"><h1 id="settings-title">${t().settingsTitle}</h1></div>
    ${
      draft === null
        ? html`<p class="muted">${t().loading}</p>`
        : html`<form class="settings-form panel" onSubmit=${save} novalidate>
          ${FIELDS.map(
            (f) =>
              html`<label class="field">
                <span>${t().fields[f.key].label}</span>
                ${
                  f.key === "zigbeePreset"
                    ? html`<select name=${f.key} value=${draft[f.key]}
                      onChange=${(e: Event) => setDraft({ ...draft, [f.key]: (e.currentTarget as HTMLSelectElement).value })}>
                      ${"ABCDEFGH".split("").map((l) => html`<option value=${l}>${l}</option>`)}
                    </select>`
                    : html`<input name=${f.key} value=${draft[f.key]} inputmode=${f.numeric ? "numeric" : "text"}
                      onInput=${(e: Event) => setDraft({ ...draft, [f.key]: (e.currentTarget as HTMLInputElement).value })}
                    />`
                }
                <small class="muted">${t().fields[f.key].hint}</small>
              </label>`,
          )}
          ${error ? html`<p class="form-error" role="alert" data-settings-error>${error}</p>` : null}
          <div class="filter-actions">
            <button type="submit" class="primary" disabled=${saving}>${t().saveSettings}</button>
          </div>
        </form>`
    }
    <${TokensPanel} />
  </section>`;
}
