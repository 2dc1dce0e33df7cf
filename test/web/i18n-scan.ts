// Finds user-visible text left in the dashboard's code instead of its message catalogues
// (issue 18.5): text between tags and the title / aria-label / placeholder / alt / label
// attributes of htm templates, and prose-like string literals anywhere else. Parsed with the
// TypeScript compiler API, so comments, imports and type positions never count.
import ts from "typescript";

export interface Finding {
  file: string;
  line: number;
  text: string;
}

const ATTRS = /\b(title|aria-label|aria-description|placeholder|alt|label)\s*=\s*(["'])([^"']*)/g;
/** Text a person reads: two letters in a row (a lone "A" of the large-type button is a glyph). */
const WORDY = /\p{L}{2,}/u;
/** A string literal reads as prose when it starts with a capitalised word or is a sentence. */
const PROSE = /^\s*\p{Lu}\p{Ll}+(?:[\s.,:;!?…]|$)|\p{L}+ \p{L}+ \p{L}+.*[.!?…:]\s*$/u;
const IGNORE = "i18n-ignore";
/** Where any text is shown to people, whatever its case: properties and calls that display it. */
const SHOWN_PROPS = new Set(["title", "body", "label", "hint", "confirmLabel", "message", "text"]);
const SHOWN_CALLS = new Set(["notify", "setError", "logout", "alert", "show"]);
const WORDS = /\p{L}{2,}/u;

export function scanSource(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Finding[] = [];
  const lines = source.split("\n");
  const report = (pos: number, text: string) => {
    const line = sf.getLineAndCharacterOfPosition(pos).line;
    // On the line itself, or alone in a comment on the line above.
    const above = lines[line - 1]?.trim() ?? "";
    if (lines[line]?.includes(IGNORE) || (above.startsWith("//") && above.includes(IGNORE))) return;
    out.push({ file, line: line + 1, text: text.trim() });
  };

  const scanHtm = (tpl: ts.TemplateLiteral) => {
    const parts: { text: string; start: number }[] = ts.isNoSubstitutionTemplateLiteral(tpl)
      ? [{ text: tpl.text, start: tpl.getStart(sf) + 1 }]
      : [
          { text: tpl.head.text, start: tpl.head.getStart(sf) + 1 },
          ...tpl.templateSpans.map((s) => ({ text: s.literal.text, start: s.literal.getStart(sf) + 1 })),
        ];
    let inTag = false;
    for (const part of parts) {
      let seg = "";
      let segStart = 0;
      const flush = () => {
        if (!inTag && WORDY.test(seg)) report(part.start + segStart, seg);
        seg = "";
      };
      for (let i = 0; i < part.text.length; i++) {
        const c = part.text[i];
        if (!inTag && c === "<") {
          flush();
          inTag = true;
          const close = part.text.indexOf(">", i);
          const inside = part.text.slice(i, close === -1 ? undefined : close);
          for (const m of inside.matchAll(ATTRS))
            if (WORDY.test(m[3] ?? "")) report(part.start + i + (m.index ?? 0), m[3] ?? "");
        } else if (inTag && c === ">") {
          inTag = false;
          segStart = i + 1;
        } else if (inTag && i === 0) {
          // A tag continued after an expression (`<a href=${x} title="Text">`).
          const close = part.text.indexOf(">");
          const inside = part.text.slice(0, close === -1 ? undefined : close);
          for (const m of inside.matchAll(ATTRS))
            if (WORDY.test(m[3] ?? "")) report(part.start + (m.index ?? 0), m[3] ?? "");
        } else if (!inTag) {
          if (seg === "") segStart = i;
          seg += c;
        }
      }
      flush();
    }
  };

  const skipLiteral = (node: ts.Node): boolean => {
    const p = node.parent;
    if (!p) return false;
    if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isLiteralTypeNode(p)) return true;
    if (ts.isPropertyAssignment(p) && p.name === node) return true;
    if (ts.isElementAccessExpression(p) && p.argumentExpression === node) return true;
    if (ts.isBinaryExpression(p)) {
      const op = p.operatorToken.kind;
      if (op === ts.SyntaxKind.InKeyword) return true;
      if (
        op === ts.SyntaxKind.EqualsEqualsEqualsToken ||
        op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
        op === ts.SyntaxKind.EqualsEqualsToken ||
        op === ts.SyntaxKind.ExclamationEqualsToken
      )
        return true;
    }
    // Errors for developers (a bug, not a message for staff).
    if (ts.isNewExpression(p) && ts.isIdentifier(p.expression) && /Error$/.test(p.expression.text)) return true;
    return false;
  };

  /** A literal handed straight to something that shows it (`notify("saved")`, `{ title: "x" }`). */
  const shown = (node: ts.Node): boolean => {
    let child = node;
    let p = node.parent;
    // Through a choice between texts: `ok ? "saved" : "failed"`.
    while (p && ts.isConditionalExpression(p)) {
      child = p;
      p = p.parent;
    }
    if (!p) return false;
    if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) return SHOWN_PROPS.has(p.name.text);
    // The message is a call's first argument (`notify(text, "error")`: the kind is not shown).
    if (ts.isCallExpression(p) && p.arguments[0] === child) {
      const callee = p.expression;
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : "";
      return SHOWN_CALLS.has(name);
    }
    return false;
  };

  const visit = (node: ts.Node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === "html") {
      scanHtm(node.template);
      if (ts.isTemplateExpression(node.template)) for (const s of node.template.templateSpans) visit(s.expression);
      return;
    }
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && !skipLiteral(node)) {
      if (PROSE.test(node.text) || (shown(node) && WORDS.test(node.text))) report(node.getStart(sf), node.text);
    } else if (ts.isTemplateExpression(node) && !skipLiteral(node)) {
      for (const lit of [node.head, ...node.templateSpans.map((s) => s.literal)])
        if (PROSE.test(lit.text)) report(lit.getStart(sf), lit.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
