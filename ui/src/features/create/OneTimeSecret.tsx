import { useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * A secret shown once (a generated root password): masked until revealed, with a Copy button.
 * It lives in the caller's component state only, so it is gone when the dialog closes; it is
 * never put in a toast, the query cache or storage, and the DOM holds it only while revealed.
 */
export function OneTimeSecret({ label, secret, testId }: { label: string; secret: string; testId: string }) {
  const { t } = useTranslation(["create", "common"]);
  const [revealed, setRevealed] = useState(false);
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const copyNow = () => {
    navigator.clipboard
      .writeText(secret)
      .then(() => setCopy("copied"))
      .catch(() => setCopy("failed"));
  };
  return (
    <div className="password-once" data-testid={testId} role="group" aria-label={label}>
      <span>{label}</span>
      <code data-testid={`${testId}-value`} aria-label={revealed ? label : t("secret.hidden", { label })}>
        {revealed ? secret : "•".repeat(12)}
      </code>
      <button type="button" aria-pressed={revealed} onClick={() => setRevealed((r) => !r)} data-testid={`${testId}-reveal`}>
        {revealed ? t("secret.hide") : t("secret.reveal")}
      </button>
      <button type="button" onClick={copyNow} data-testid={`${testId}-copy`}>
        {t("common:copy")}
      </button>
      <span role="status" data-testid={`${testId}-status`}>
        {copy === "copied" ? `✓ ${t("common:copied")}` : copy === "failed" ? t("secret.copyFailed") : ""}
      </span>
    </div>
  );
}
