// Entry point: reads a kiosk link's `#token=…&tv=1`, or the remembered token, and renders the app.
import { html } from "htm/preact";
import { render } from "preact";
import { App } from "./app.js";
import { loadToken, loadTv, saveToken, takeFragmentSettings } from "./lib/token-store.js";

const fragment = takeFragmentSettings(location, history);
if (fragment.token) saveToken({ token: fragment.token, name: null });
const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  render(html`<${App} initialToken=${loadToken()} initialTv=${fragment.tv ?? loadTv()} />`, root);
}
