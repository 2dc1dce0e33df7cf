// Access tokens: who may use this gateway (name, created, last used, from where), minting one for
// another device (its secret shown once, with a kiosk link) and revoking with confirmation.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import type { IssuedToken, TokenInfo } from "../../../src/protocol/wire.js";
import { useApp } from "../app-context.js";
import { errorText } from "../lib/errors.js";
import { shortDateTime } from "../lib/time.js";

export function TokensPanel() {
  const app = useApp();
  const [tokens, setTokens] = useState<TokenInfo[] | null>(null);
  const [name, setName] = useState("");
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    app.client.listTokens().then(setTokens, (e) => setError(errorText(e)));
  }, [app.client]);
  useEffect(load, [load]);

  const create = async (e: Event) => {
    e.preventDefault();
    try {
      setIssued(await app.client.createToken(name.trim()));
      setName("");
      setError(null);
      load();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const revoke = async (t: TokenInfo) => {
    const mine = t.name === app.tokenName;
    const ok = await app.confirm({
      title: `Revoke token “${t.name}”?`,
      body: mine
        ? "This is the token this screen uses: the dashboard will ask for a new one."
        : "Every device using it is cut off at once.",
      confirmLabel: "Revoke",
      danger: true,
    });
    if (!ok) return;
    try {
      await app.client.revokeToken(t.name);
      app.notify(`Token “${t.name}” revoked`, "success");
      if (mine) app.logout("This screen's token was revoked.");
      else load();
    } catch (err) {
      app.notify(errorText(err), "error");
    }
  };
  const kioskLink = issued ? `${location.origin}/#token=${issued.token}&tv=1` : "";

  return html`<div class="panel tokens" aria-labelledby="tokens-title">
    <h2 id="tokens-title">Access tokens</h2>
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
    <div class="table-wrap">
      <table class="data">
        <thead>
          <tr><th>Name</th><th>Created</th><th>Last used</th><th>From</th><th></th></tr>
        </thead>
        <tbody>
          ${(tokens ?? []).map(
            (t) =>
              html`<tr key=${t.name} data-token=${t.name}>
                <td><b>${t.name}</b>${t.name === app.tokenName ? html` <span class="tag">this screen</span>` : null}</td>
                <td>${shortDateTime(t.creation_date)}</td>
                <td>${shortDateTime(t.last_used) || html`<span class="muted">never</span>`}</td>
                <td>${t.ip_address ?? ""}</td>
                <td class="num">
                  <button class="danger-outline small" onClick=${() => revoke(t)} data-action="revoke">Revoke</button>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <form class="filters" onSubmit=${create}>
      <label
        >New token for
        <input name="tokenName" placeholder="e.g. kitchen-tv" value=${name}
          onInput=${(e: Event) => setName((e.currentTarget as HTMLInputElement).value)}
      /></label>
      <div class="filter-actions"><button type="submit" class="secondary" disabled=${!name.trim()}>Create</button></div>
    </form>
    ${
      issued
        ? html`<div class="issued" data-issued=${issued.name}>
          <p>Token <b>${issued.name}</b> — copy it now, it is never shown again:</p>
          <code class="secret">${issued.token}</code>
          <p class="muted">Kiosk link (opens the board in large type on that screen):</p>
          <code class="secret">${kioskLink}</code>
          <button class="secondary small" onClick=${() => setIssued(null)}>Done</button>
        </div>`
        : null
    }
  </div>`;
}
