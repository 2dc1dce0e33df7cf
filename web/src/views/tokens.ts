// Access tokens: who may use this gateway (name, created, last used, from where), minting one for
// another device (its secret shown once, with a kiosk link) and revoking with confirmation.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import type { IssuedToken, TokenInfo } from "../../../src/protocol/wire.js";
import { useApp } from "../app-context.js";
import { errorText } from "../lib/errors.js";
import { shortDateTime } from "../lib/time.js";
import { t as msg } from "../i18n/index.js";

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
  const revoke = async (tk: TokenInfo) => {
    const mine = tk.name === app.tokenName;
    const ok = await app.confirm({
      title: msg().revokeTitle(tk.name),
      body: mine ? msg().revokeMine : msg().revokeOther,
      confirmLabel: msg().revoke,
      danger: true,
    });
    if (!ok) return;
    try {
      await app.client.revokeToken(tk.name);
      app.notify(msg().revoked(tk.name), "success");
      if (mine) app.logout(msg().ownRevoked);
      else load();
    } catch (err) {
      app.notify(errorText(err), "error");
    }
  };
  const kioskLink = issued ? `${location.origin}/#token=${issued.token}&tv=1` : "";

  return html`<div class="panel tokens" aria-labelledby="tokens-title">
    <h2 id="tokens-title">${msg().tokensTitle}</h2>
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
    <div class="table-wrap">
      <table class="data">
        <thead>
          <tr><th>${msg().colName}</th><th>${msg().colCreated}</th><th>${msg().colLastUsed}</th><th>${msg().colFrom}</th><th></th></tr>
        </thead>
        <tbody>
          ${(tokens ?? []).map(
            (t) =>
              html`<tr key=${t.name} data-token=${t.name}>
                <td><b>${t.name}</b>${t.name === app.tokenName ? html` <span class="tag">${msg().thisScreen}</span>` : null}</td>
                <td>${shortDateTime(t.creation_date)}</td>
                <td>${shortDateTime(t.last_used) || html`<span class="muted">${msg().never}</span>`}</td>
                <td>${t.ip_address ?? ""}</td>
                <td class="num">
                  <button class="danger-outline small" onClick=${() => revoke(t)} data-action="revoke">${msg().revoke}</button>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <form class="filters" onSubmit=${create}>
      <label
        >${msg().newTokenFor}
        <input name="tokenName" placeholder=${msg().newTokenPlaceholder} value=${name}
          onInput=${(e: Event) => setName((e.currentTarget as HTMLInputElement).value)}
      /></label>
      <div class="filter-actions"><button type="submit" class="secondary" disabled=${!name.trim()}>${msg().create}</button></div>
    </form>
    ${
      issued
        ? html`<div class="issued" data-issued=${issued.name}>
          <p>${msg().issuedToken(issued.name)}</p>
          <code class="secret">${issued.token}</code>
          <p class="muted">${msg().kioskLink}</p>
          <code class="secret">${kioskLink}</code>
          <button class="secondary small" onClick=${() => setIssued(null)}>${msg().done}</button>
        </div>`
        : null
    }
  </div>`;
}
