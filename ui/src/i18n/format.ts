// Dates, numbers, sizes and money in the UI's language, with `Intl`. Money stays exact: amounts are
// decimal strings from Rust (src-tauri/crates/core money) and are never turned into floats; only
// the separators come from `Intl`.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import { i18n } from "./index";

/**
 * One `Intl` formatter per language and options, made once: making one costs far more than using
 * it (WebKit: about a millisecond), and a table renders dozens of dates and sizes per frame.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => F): F {
  let formatter = formatters.get(key) as F | undefined;
  if (formatter === undefined) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}
const numberFormat = (lng: string, maximumFractionDigits?: number) =>
  cached(`number ${lng} ${maximumFractionDigits ?? ""}`, () =>
    new Intl.NumberFormat(lng, maximumFractionDigits === undefined ? {} : { maximumFractionDigits }),
  );
const dateFormat = (lng: string, withTime: boolean) =>
  cached(`date ${lng} ${withTime}`, () =>
    new Intl.DateTimeFormat(lng, withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" }),
  );
const relativeFormat = (lng: string) => cached(`relative ${lng}`, () => new Intl.RelativeTimeFormat(lng, { numeric: "auto" }));

/** The group and decimal separators of a language (`,` and `.` in English, `.` and `,` in pt-BR). */
function separators(lng: string): { group: string; decimal: string } {
  const parts = numberFormat(lng).formatToParts(12345.6);
  return {
    group: parts.find((p) => p.type === "group")?.value ?? ",",
    decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
  };
}

/**
 * A decimal string with the language's separators, digit for digit: at least 2 decimals and at
 * most the ones it needs — trailing zeros past the second are trimmed (`60.0000` → `60.00`,
 * `0.0150` → `0.015`); nothing is ever rounded. A string that is not a plain decimal is shown as sent.
 */
export function formatDecimal(amount: string, lng: string): string {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(amount.trim());
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return amount;
  const [, sign = "", int = "", frac = ""] = m;
  const { group, decimal } = separators(lng);
  const digits = (int === "" ? "0" : int.replace(/^0+(?=\d)/, "")).replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${sign === "-" ? "-" : ""}${digits}${decimal}${frac.replace(/0+$/, "").padEnd(2, "0")}`;
}

/** `12.50 EUR` / `12,50 EUR`: the exact amount and the currency code when known. */
export function formatMoney(amount: string, currency: string | null | undefined, lng: string): string {
  return `${formatDecimal(amount, lng)}${currency ? ` ${currency}` : ""}`;
}

/** A count or measure: `1,234` / `1.234`; at most `digits` decimals. */
export const formatNumber = (value: number, lng: string, digits = 2): string => numberFormat(lng, digits).format(value);

/** `12 GB`, `0.8 GB` (one decimal under 10), or empty when unknown. */
export function formatGigabytes(gb: number | null, lng: string): string {
  if (gb === null) return "";
  return `${formatNumber(gb, lng, gb >= 10 ? 0 : 1)} GB`;
}

function asDate(value: string | number | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Date and time, short, in local time: `Jan 31, 2026, 2:05 PM` / `31 de jan. de 2026, 14:05`. */
export function formatDateTime(value: string | number | Date | null, lng: string): string {
  if (value === null) return "";
  const d = asDate(value);
  if (!d) return typeof value === "string" ? value : "";
  return dateFormat(lng, true).format(d);
}

/** The day alone: `Jan 31, 2026` / `31 de jan. de 2026`. */
export function formatDate(value: string | number | Date | null, lng: string): string {
  if (value === null) return "";
  const d = asDate(value);
  if (!d) return typeof value === "string" ? value : "";
  return dateFormat(lng, false).format(d);
}

/**
 * `just now` (under 45 s either way), `5 minutes ago` / `há 5 minutos`, from `now` (ms since the
 * epoch); empty when `value` is no time. The one relative time of the UI.
 */
export function formatRelative(value: string | number | Date, now: number, lng: string): string {
  const d = asDate(value);
  if (!d) return "";
  const seconds = Math.round((d.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return i18n.getFixedT(lng, "common")("justNow");
  const rtf = relativeFormat(lng);
  if (abs < 60) return rtf.format(seconds, "second");
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), "hour");
  return rtf.format(Math.round(seconds / 86400), "day");
}

/** The formatters bound to the UI's current language; components re-render when it changes. */
export function useFormat() {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  // One object per language: memoised tables and cells can depend on it.
  return useMemo(() => ({
    lng,
    decimal: (amount: string) => formatDecimal(amount, lng),
    money: (amount: string, currency: string | null | undefined) => formatMoney(amount, currency, lng),
    number: (value: number, digits?: number) => formatNumber(value, lng, digits),
    gigabytes: (gb: number | null) => formatGigabytes(gb, lng),
    dateTime: (value: string | number | Date | null) => formatDateTime(value, lng),
    date: (value: string | number | Date | null) => formatDate(value, lng),
    relative: (value: string | number | Date, now: number) => formatRelative(value, now, lng),
  }), [lng]);
}
