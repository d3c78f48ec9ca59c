// Money as Rust sends it: decimal strings with their currency (src-tauri/crates/core money). The UI
// shows and orders them; it never adds, divides or rounds them (no floats near money).
import type { CurrencyTotal } from "../../bindings/CurrencyTotal";
import type { Money } from "../../bindings/Money";
import { i18n } from "../../i18n";
import { formatDecimal, formatMoney } from "../../i18n/format";

/**
 * THE way an amount reads everywhere, in the UI's current language (../../i18n/format.ts
 * `formatDecimal`): at least 2 decimals and at most the ones it needs — trailing zeros past the
 * second are trimmed (`60.0000` → `60.00`, `0.0150` → `0.015`; `1.234,50` in pt-BR), nothing is
 * ever rounded (the text is trimmed as text, never turned into a number). A string that is not a
 * plain decimal is shown as sent. Components that show it re-render on a language change through
 * their own `useTranslation`.
 */
export function decimalText(amount: string): string {
  return formatDecimal(amount, i18n.language);
}

/** `12.50 EUR` (`12,50 EUR` in pt-BR); the amount by `decimalText`, the currency when known. */
export const moneyText = (m: Money | null | undefined): string => (m ? amountText(m.amount, m.currency) : "");

/** A decimal string with a currency (the per-unit prices). */
export const amountText = (amount: string | null, currency: string | null | undefined): string =>
  amount === null ? "" : formatMoney(amount, currency, i18n.language);

/** Totals per currency, never added together: `12.00 EUR · 5.00 USD`. */
export const totalsText = (totals: readonly CurrencyTotal[]): string =>
  totals
    .map((t) => `${decimalText(t.amount)} ${t.currency ? t.currency : i18n.t("billing:money.currencyNotStated")}`)
    .join(" · ");

/**
 * `12.50 EUR` whatever the language: the amount trimmed as `decimalText` does, with no group
 * separator and a `.` decimal point. For what is sorted as text and exported (CSV/JSON), not shown.
 */
export const plainMoneyText = (m: Money | null | undefined): string =>
  m ? `${formatDecimal(m.amount, "en").replace(/,/g, "")}${m.currency ? ` ${m.currency}` : ""}` : "";

/**
 * Orders two decimal strings exactly (sign, integer digits, then fraction digits), without turning
 * them into floats: `-1.5` < `0.25` < `0.5` < `10`.
 */
export function compareDecimal(a: string, b: string): number {
  const parse = (s: string) => {
    const t = s.trim();
    const negative = t.startsWith("-");
    const [int = "", frac = ""] = t.replace(/^[-+]/, "").split(".");
    return { negative, int: int.replace(/^0+(?=\d)/, ""), frac: frac.replace(/0+$/, "") };
  };
  const x = parse(a);
  const y = parse(b);
  const zero = (v: { int: string; frac: string }) => /^0*$/.test(v.int) && v.frac === "";
  const xNeg = x.negative && !zero(x);
  const yNeg = y.negative && !zero(y);
  if (xNeg !== yNeg) return xNeg ? -1 : 1;
  let magnitude: number;
  if (x.int.length !== y.int.length) magnitude = x.int.length - y.int.length;
  else if (x.int !== y.int) magnitude = x.int < y.int ? -1 : 1;
  else {
    const width = Math.max(x.frac.length, y.frac.length);
    const xf = x.frac.padEnd(width, "0");
    const yf = y.frac.padEnd(width, "0");
    magnitude = xf === yf ? 0 : xf < yf ? -1 : 1;
  }
  return xNeg ? -magnitude : magnitude;
}
