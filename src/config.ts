/**
 * Quick mode: tests set DL30_QUICK=1 so every notebook shrinks its data and
 * epochs and the whole set runs in minutes. Learners get full mode.
 */

/** Environment variable that switches the notebooks to quick mode. */
export const QUICK_MODE_VARIABLE = "DL30_QUICK";

/** Returns true when DL30_QUICK is set to 1, true or yes. */
export function isQuickMode(): boolean {
  const value = (process.env[QUICK_MODE_VARIABLE] ?? "").trim().toLowerCase();
  return value === "1" || value === "true" || value === "yes";
}

/**
 * Picks the full-mode value, or the quick-mode value under DL30_QUICK=1.
 * Notebooks size their data and epochs with this, in one place per cell.
 */
export function pick<T>(full: T, quick: T): T {
  return isQuickMode() ? quick : full;
}
