import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { Dialog, Field } from "../../app/Dialog";

/**
 * A destructive step confirmed by typing a name (docs/design-rules.md: data loss wants the name
 * typed): the text says what is lost, naming server, account and provider.
 */
export function TypedConfirm({
  title,
  text,
  expected,
  verb,
  onClose,
  onConfirm,
}: {
  title: string;
  text: ReactNode;
  expected: string;
  verb: string;
  onClose: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation(["storage", "common"]);
  const [typed, setTyped] = useState("");
  return (
    <Dialog title={title} onClose={onClose} testId="storage-confirm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (typed === expected) onConfirm();
        }}
      >
        <p data-testid="storage-confirm-text">{text}</p>
        <Field label={t("confirm.typeToConfirm", { expected })}>
          {(p) => <input {...p} value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="storage-confirm-input" />}
        </Field>
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button type="submit" className="danger" disabled={typed !== expected} data-testid="storage-confirm-ok">
            {verb}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

/** One field of text to submit (a new name). */
export function TextDialog({
  title,
  label,
  initial,
  verb,
  onClose,
  onSubmit,
  testId,
}: {
  title: string;
  label: string;
  initial: string;
  verb: string;
  onClose: () => void;
  onSubmit: (value: string) => void;
  testId: string;
}) {
  const { t } = useTranslation(["storage", "common"]);
  const [value, setValue] = useState(initial);
  const trimmed = value.trim();
  return (
    <Dialog title={title} onClose={onClose} testId={testId}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (trimmed !== "") onSubmit(trimmed);
        }}
      >
        <Field label={label}>
          {(p) => <input {...p} value={value} onChange={(e) => setValue(e.target.value)} data-testid={`${testId}-input`} />}
        </Field>
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button type="submit" className="primary" disabled={trimmed === "" || trimmed === initial} data-testid={`${testId}-ok`}>
            {verb}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
