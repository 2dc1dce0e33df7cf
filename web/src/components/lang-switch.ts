// [opentt] The language switch: every language the dashboard speaks, each named in itself. The
// choice is kept for this screen (localStorage) and wins over the browser's languages.
import { html } from "htm/preact";
import { CATALOGUES, LANGS, type Lang, lang, setLang, t } from "../i18n/index.js";

export function LangSwitch() {
  return html`<label class="lang-switch">
    <span class="sr-only">${t().langLabel}</span>
    <select value=${lang()} aria-label=${t().langLabel} title=${t().langLabel} data-action="lang"
      onChange=${(e: Event) => setLang((e.currentTarget as HTMLSelectElement).value as Lang)}>
      ${LANGS.map((l) => html`<option value=${l} lang=${l}>${CATALOGUES[l].langName}</option>`)}
    </select>
  </label>`;
}
