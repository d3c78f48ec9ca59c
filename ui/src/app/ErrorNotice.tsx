import { useTranslation } from "react-i18next";

import { useFormat } from "../i18n/format";
import { FleetdeckError } from "../platform";

/**
 * An error as the user sees it: what kind of error it is (its code, in the UI's language), its
 * message in that language (FleetdeckError), the message as Rust sent it when that differs, and
 * what to do for the codes that have a remedy.
 */
export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useTranslation(["app", "common"]);
  const { number } = useFormat();
  const e = FleetdeckError.from(error);
  return (
    <div className="error-notice" role="alert" data-testid="error-notice" data-code={e.code}>
      <span data-testid="error-notice-code">{t("errorNotice.heading", { code: t(`common:errorCode.${e.code}`) })}</span>{" "}
      <strong>{e.message}</strong>
      {e.original !== e.message && (
        <details className="error-original" data-testid="error-notice-original">
          <summary>{t("errorNotice.original")}</summary>
          <span lang="en">{e.original}</span>
        </details>
      )}
      {e.code === "keyring" && <p>{t("errorNotice.keyring")}</p>}
      {e.code === "rateLimited" && e.details.retryAfterSecs !== undefined && (
        <p>{t("errorNotice.retryAfter", { seconds: number(e.details.retryAfterSecs) })}</p>
      )}
    </div>
  );
}
