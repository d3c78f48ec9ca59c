import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import type { ToastInput } from "./overlay";

/** Transient messages (warnings pushed by Rust, action results, ended jobs) in the corner. */
export interface Toast extends ToastInput {
  id: number;
}

/** At most this many toasts show at once. */
export const MAX_TOASTS = 3;
/** How long a toast that is not an error stays before it fades. */
export const LIFETIME_MS = 6000;
/** The fade's length (theme.css `.toast-leaving`; none with reduced motion, the wait is harmless). */
export const FADE_MS = 250;

/** Errors stay until dismissed: the user has to have seen them. */
export const staysUntilDismissed = (t: ToastInput): boolean => t.tone === "bad";

/**
 * `toasts` with `toast` added, keeping at most `max`: the oldest toast that would fade anyway
 * goes first, and an error only when every toast shown is one.
 */
export function withToast(toasts: readonly Toast[], toast: Toast, max = MAX_TOASTS): Toast[] {
  const next = [...toasts, toast];
  while (next.length > max) {
    const transient = next.findIndex((t) => !staysUntilDismissed(t));
    next.splice(transient >= 0 && transient < next.length - 1 ? transient : 0, 1);
  }
  return next;
}

// The word is a key of the `app` catalogue (toast.ok, …), translated when shown.
const SYMBOL = {
  ok: { icon: "✓", word: "toast.ok" },
  bad: { icon: "✕", word: "toast.bad" },
  info: { icon: "ℹ", word: "toast.info" },
} as const satisfies Record<NonNullable<ToastInput["tone"]>, { icon: string; word: string }>;

/**
 * The toasts, bottom left of the main area above the status bar (theme.css): away from the
 * server detail on the right, and under any open dialog rather than over its buttons.
 */
export function Toasts({ toasts, dismiss }: { toasts: Toast[]; dismiss: (id: number) => void }) {
  if (toasts.length === 0) return null;
  return (
    <div className="toasts" role="status" data-testid="toasts">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} dismiss={dismiss} />
      ))}
    </div>
  );
}

function ToastItem({ toast, dismiss }: { toast: Toast; dismiss: (id: number) => void }) {
  const { t } = useTranslation(["app", "common"]);
  const [leaving, setLeaving] = useState(false);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const stays = staysUntilDismissed(toast);
  // A toast that is not an error fades after its lifetime, unless the pointer rests on it or the
  // keyboard focus is in it (WCAG 2.2.1: the reader decides how long to read).
  const held = hovered || focused;
  useEffect(() => {
    if (stays || held) return;
    const timer = setTimeout(() => setLeaving(true), LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [stays, held]);
  useEffect(() => {
    if (!leaving) return;
    const timer = setTimeout(() => dismiss(toast.id), FADE_MS);
    return () => clearTimeout(timer);
  }, [leaving, toast.id, dismiss]);
  const tone = toast.tone ?? "info";
  const symbol = SYMBOL[tone];
  return (
    <div
      className={`toast toast-${tone}${leaving ? " toast-leaving" : ""}`}
      data-testid="toast"
      data-tone={tone}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
    >
      {/* Never colour alone: the symbol shows the tone, the hidden word says it. */}
      <span className="toast-icon" aria-hidden>
        {symbol.icon}
      </span>
      <span className="visually-hidden">{t("toast.label", { word: t(symbol.word) })}</span>
      {toast.onOpen ? (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            toast.onOpen?.();
            dismiss(toast.id);
          }}
          data-testid="toast-open"
        >
          {toast.message}
        </button>
      ) : (
        <span>{toast.message}</span>
      )}
      <button type="button" className="icon-button" aria-label={t("common:dismiss")} onClick={() => dismiss(toast.id)} data-testid="toast-dismiss">
        ×
      </button>
    </div>
  );
}
