// Small per-device display preferences in localStorage (which board layout, …). Failing storage
// (private mode) just means the default every time.

export function loadPref<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  try {
    const v = localStorage.getItem(`opentt.${key}`);
    return allowed.includes(v as T) ? (v as T) : fallback;
  } catch {
    return fallback;
  }
}

export function savePref(key: string, value: string): void {
  try {
    localStorage.setItem(`opentt.${key}`, value);
  } catch {
    // Not remembered.
  }
}
