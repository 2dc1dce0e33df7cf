// [opentt] The dashboard's languages (issue 18.5): the message catalogues, the language this screen
// uses (its own choice, else the browser's), and every number, time and date formatted by Intl for
// that language. Views read `t()` on each render; the shell re-renders the whole tree on a switch.
import { useEffect, useState } from "preact/hooks";
import { loadPref, savePref } from "../lib/prefs.js";
import { en, type Messages, type Plural } from "./en.js";
import { es } from "./es.js";

export type { Messages, Plural };
export const CATALOGUES = { en, es } as const satisfies Record<string, Messages>;
export type Lang = keyof typeof CATALOGUES;
export const LANGS = Object.keys(CATALOGUES) as Lang[];
/** BCP 47 tags Intl formats with: the browser's own tag when it names the same language (es-MX). */
const DEFAULT_TAG: Record<Lang, string> = { en: "en-US", es: "es-ES" };

/** The first of the browser's languages the dashboard speaks, with its region; English otherwise. */
export function pickLanguage(preferred: readonly string[]): { lang: Lang; tag: string } {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0] as Lang;
    if (LANGS.includes(base)) return { lang: base, tag: tag.includes("-") ? tag : DEFAULT_TAG[base] };
  }
  return { lang: "en", tag: DEFAULT_TAG.en };
}

function browserLanguages(): readonly string[] {
  if (typeof navigator === "undefined") return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

/** This screen's choice (localStorage), else the browser's. */
function initial(): { lang: Lang; tag: string } {
  const chosen = loadPref("lang", [...LANGS, ""], "");
  const fromBrowser = pickLanguage(browserLanguages());
  if (chosen === "" || chosen === fromBrowser.lang) return fromBrowser;
  return { lang: chosen, tag: DEFAULT_TAG[chosen] };
}

let current = initial();
const listeners = new Set<() => void>();

export const lang = (): Lang => current.lang;
/** The catalogue of the language in use. */
export const t = (): Messages => CATALOGUES[current.lang];

export function setLang(next: Lang): void {
  savePref("lang", next);
  current =
    next === pickLanguage(browserLanguages()).lang
      ? pickLanguage(browserLanguages())
      : { lang: next, tag: DEFAULT_TAG[next] };
  if (typeof document !== "undefined") document.documentElement.lang = current.lang;
  for (const l of listeners) l();
}

/** Re-renders the caller when the language changes; returns the language. */
export function useLang(): Lang {
  const [, bump] = useState(0);
  useEffect(() => {
    const on = () => bump((n) => n + 1);
    listeners.add(on);
    if (typeof document !== "undefined") document.documentElement.lang = current.lang;
    return () => {
      listeners.delete(on);
    };
  }, []);
  return current.lang;
}

/** The plural form for `n` in the language in use (Intl.PluralRules), with `#` as the number. */
export function plural(n: number, forms: Plural, tag = current.tag): string {
  const cat = new Intl.PluralRules(tag).select(n) as keyof Plural;
  return (forms[cat] ?? forms.other).replace("#", num(n, tag));
}

/** A plural form split around its number, for markup that sets the number apart (`<b>3</b> late`). */
export function pluralParts(n: number, forms: Plural, tag = current.tag): [string, string] {
  const cat = new Intl.PluralRules(tag).select(n) as keyof Plural;
  const [before = "", after = ""] = (forms[cat] ?? forms.other).split("#");
  return [before, after];
}

export const num = (n: number, tag = current.tag, digits = 0): string =>
  new Intl.NumberFormat(tag, { maximumFractionDigits: digits }).format(n);

/** 0.85 → "85%" / "85 %". */
export const percent = (fraction: number, tag = current.tag): string =>
  new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 0 }).format(fraction);

/**
 * `4:05`, `1:02:09`: elapsed and delivery times read at a glance, each part an Intl number (two
 * digits after the first), so the digits are the locale's.
 */
export function clock(seconds: number, tag = current.tag): string {
  const s = Math.max(0, Math.round(seconds));
  const two = new Intl.NumberFormat(tag, { minimumIntegerDigits: 2, useGrouping: false });
  const one = new Intl.NumberFormat(tag, { useGrouping: false });
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${one.format(h)}:${two.format(m)}:${two.format(s % 60)}` : `${one.format(m)}:${two.format(s % 60)}`;
}

/**
 * Dates and times on the dashboard's zone-free axis (lib/time.ts: gateway-local wall clock read as
 * UTC), so Intl is told UTC and shows the gateway's own clock wherever the browser is.
 */
export function dateTime(ms: number, style: "short" | "time" | "day" | "date" | "full", tag = current.tag): string {
  const opts: Record<typeof style, Intl.DateTimeFormatOptions> = {
    short: { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" },
    time: { hour: "2-digit", minute: "2-digit" },
    day: { month: "short", day: "numeric" },
    date: { year: "numeric", month: "short", day: "numeric" },
    full: { dateStyle: "full", timeStyle: "short" },
  };
  return new Intl.DateTimeFormat(tag, { ...opts[style], timeZone: "UTC" }).format(ms);
}

/** A real instant in the browser's own zone (when a report was printed). */
export const localDateTime = (ms: number, tag = current.tag): string =>
  new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short" }).format(ms);
