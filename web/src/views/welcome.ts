// First visit: explains the gateway button and waits for its 2-minute window to mint this screen
// a token (the SDK polls generate while the window is closed), or takes a pasted token. Kiosk
// screens skip this with a `#token=…` link (read in main.ts).
import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { acquireToken, createClient } from "../../../src/sdk/index.js";
import { errorText } from "../lib/errors.js";
import { isTokenShaped, type StoredToken } from "../lib/token-store.js";
import { LangSwitch } from "../components/lang-switch.js";
import { t } from "../i18n/index.js";

function defaultName(): string {
  const kind = /Mobi|Android|iPhone/.test(navigator.userAgent) ? "phone" : "screen";
  return `dashboard-${kind}-${Math.random().toString(16).slice(2, 6)}`;
}

export function WelcomeView(props: { baseUrl: string; reason: string | null; onToken(t: StoredToken): void }) {
  const [name, setName] = useState(defaultName);
  const [waiting, setWaiting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pasted, setPasted] = useState("");
  const [sim, setSim] = useState(false);
  const [unreachable, setUnreachable] = useState(false);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    // A simulated gateway opened from its own machine offers its button right here.
    createClient({ baseUrl: props.baseUrl })
      .sim.clock()
      .then(
        () => setSim(true),
        () => setSim(false),
      );
    return () => abort.current?.abort();
  }, [props.baseUrl]);

  const start = async () => {
    abort.current?.abort();
    const ctl = new AbortController();
    abort.current = ctl;
    setError(null);
    setUnreachable(false);
    setWaiting(true);
    try {
      const t = await acquireToken({
        baseUrl: props.baseUrl,
        name: name.trim(),
        signal: ctl.signal,
        onWaiting: (w) => setUnreachable(w.reason === "UNREACHABLE"),
      });
      props.onToken({ token: t.token, name: t.name });
    } catch (e) {
      if (!ctl.signal.aborted) setError(errorText(e));
    } finally {
      if (abort.current === ctl) setWaiting(false);
    }
  };
  const cancel = () => {
    abort.current?.abort();
    setWaiting(false);
  };
  const usePasted = async (e: Event) => {
    e.preventDefault();
    const token = pasted.trim().toLowerCase();
    if (!isTokenShaped(token)) {
      setError(t().tokenShape);
      return;
    }
    try {
      await createClient({ baseUrl: props.baseUrl, token }).listOrders();
      props.onToken({ token, name: null });
    } catch (err) {
      setError(errorText(err));
    }
  };
  const press = () =>
    createClient({ baseUrl: props.baseUrl })
      .sim.pressButton()
      .catch((e) => setError(errorText(e)));

  return html`<main class="welcome">
    <div class="panel welcome-panel">
      <${LangSwitch} />
      <h1>${t().connectTitle}</h1>
      ${props.reason ? html`<p class="form-error" role="alert">${props.reason}</p>` : null}
      <p>
        ${t().connectIntro1} <b>${t().connectButton}</b> ${t().connectIntro2}
      </p>
      <ol class="steps">
        <li>${t().nameScreen} <input name="tokenName" value=${name} disabled=${waiting}
          onInput=${(e: Event) => setName((e.currentTarget as HTMLInputElement).value)} /></li>
        <li>${t().tapGetToken.before}<b>${t().getToken}</b>${t().tapGetToken.after}</li>
      </ol>
      <div class="button-row">
        ${
          waiting
            ? html`<button class="secondary" onClick=${cancel}>${t().cancel}</button>
              <span class="waiting" data-waiting
                >${unreachable ? t().gatewayNoAnswer : t().waitingButton}</span
              >`
            : html`<button class="primary big" onClick=${start} data-action="get-token">${t().getToken}</button>`
        }
        ${
          sim
            ? html`<button class="secondary" onClick=${press} data-action="sim-button">${t().pressSimButton}</button>`
            : null
        }
      </div>
      ${error ? html`<p class="form-error" role="alert" data-welcome-error>${error}</p>` : null}
      <details>
        <summary>${t().haveToken}</summary>
        <form class="filters" onSubmit=${usePasted}>
          <label class="grow">${t().token} <input name="pastedToken" autocomplete="off" spellcheck=${false}
            placeholder=${t().tokenPlaceholder} value=${pasted}
            onInput=${(e: Event) => setPasted((e.currentTarget as HTMLInputElement).value)} /></label>
          <div class="filter-actions"><button type="submit" class="secondary">${t().useToken}</button></div>
        </form>
        <p class="muted">${t().kioskHint} <code>${`${location.origin}/#token=<token>&tv=1`}</code></p>
      </details>
    </div>
  </main>`;
}
