import { useEffect } from "react";

import type { ToastInput } from "./overlay";

/** Transient messages (warnings pushed by Rust, action results, ended jobs) in the corner. */
export interface Toast extends ToastInput {
  id: number;
}

const LIFETIME_MS = 8000;

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
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), toast.tone === "bad" ? LIFETIME_MS * 2 : LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [toast.id, toast.tone, dismiss]);
  return (
    <div className={`toast toast-${toast.tone ?? "info"}`} data-testid="toast">
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
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </div>
  );
}
