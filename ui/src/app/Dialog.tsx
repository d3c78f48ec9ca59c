import { useEffect, useId, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/**
 * A modal dialog: labelled by its title, focus moves into it on open and back where it was on
 * close, Escape closes it, Tab cycles inside it.
 */
export function Dialog({
  title,
  onClose,
  children,
  testId,
  wide = false,
}: {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  testId: string;
  wide?: boolean;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // The first field, else the first button after the header's close button; never a disabled
    // control (one still loading): focusing it fails and leaves the focus, and Escape, outside.
    const first =
      box.current?.querySelector<HTMLElement>(
        "input:not([type='radio']):not([type='checkbox']):not(:disabled), select:not(:disabled), textarea:not(:disabled)",
      ) ?? box.current?.querySelector<HTMLElement>("input:not(:disabled), form button:not(:disabled), footer button:not(:disabled)");
    (first ?? box.current)?.focus();
    return () => before?.focus();
  }, []);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      onClose();
    } else if (e.key === "Tab" && box.current) {
      const focusable = [
        ...box.current.querySelectorAll<HTMLElement>("input, select, textarea, button, [tabindex='0'], a[href]"),
      ].filter((el) => !el.hasAttribute("disabled"));
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) return;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={box}
        className={`dialog${wide ? " dialog-wide" : ""}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-testid={testId}
      >
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label={t("close")} onClick={onClose}>
            ×
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}

/** A labelled form field with the error the command (or local validation) gave for it. */
export function Field({
  label,
  error,
  children,
  hint,
  testId,
}: {
  label: string;
  error?: string | undefined;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby": string | undefined }) => ReactNode;
  hint?: string;
  testId?: string;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? " field-invalid" : ""}`} data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": error !== undefined, "aria-describedby": error ? errorId : undefined })}
      {hint && !error && <small className="muted">{hint}</small>}
      {error && (
        <small className="field-error" id={errorId} role="alert" data-testid={testId ? `${testId}-error` : undefined}>
          {error}
        </small>
      )}
    </div>
  );
}
