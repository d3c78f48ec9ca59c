// How sizes and times read in the storage views.

/** `12 GB`, `0.8 GB`, or empty when unknown. */
export function sizeText(gb: number | null): string {
  if (gb === null) return "";
  return `${gb >= 10 ? Math.round(gb) : Math.round(gb * 10) / 10} GB`;
}

/** `2026-01-31 14:05` (UTC as the provider said it), or empty. */
export const timeText = (iso: string | null): string => (iso ? iso.slice(0, 16).replace("T", " ") : "");

/** `2026-01-31`: the day of an ISO time (as the provider said it), or empty. */
export const dateText = (iso: string | null): string => (iso ? iso.slice(0, 10) : "");
