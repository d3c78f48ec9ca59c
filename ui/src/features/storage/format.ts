// How sizes and times read in the storage views (and the other views that borrow these): in the
// UI's current language, through ../../i18n/format.ts. A component showing them re-renders on a
// language change when it uses `useTranslation` (or `useFormat`).
import { i18n } from "../../i18n";
import { formatDate, formatDateTime, formatGigabytes } from "../../i18n/format";

/** `12 GB`, `0.8 GB` / `0,8 GB`, or empty when unknown. */
export const sizeText = (gb: number | null): string => formatGigabytes(gb, i18n.language);

/** Date and time in local time (`Jan 31, 2026, 2:05 PM` / `31 de jan. de 2026, 14:05`), or empty. */
export const timeText = (iso: string | null): string => (iso ? formatDateTime(iso, i18n.language) : "");

/**
 * The day of an ISO time (`Jan 31, 2026` / `31 de jan. de 2026`), or empty. A bare day
 * (`2026-01-31`) is that calendar day, whatever the time zone.
 */
export function dateText(iso: string | null): string {
  if (!iso) return "";
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return formatDate(day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : iso, i18n.language);
}

/** What a size column sorts by: the number without separators (the table's natural order pads its digits; `1,234 GB` would sort as 1). */
export const sizeSort = (gb: number | null): string => (gb === null ? "" : gb.toFixed(3));

/** What a time column sorts by: the ISO time itself, which sorts in time order. */
export const timeSort = (iso: string | null): string => iso ?? "";
