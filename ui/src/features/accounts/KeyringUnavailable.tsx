import { useTranslation } from "react-i18next";

import type { KeyringStatus } from "../../bindings/KeyringStatus";

/** Accounts cannot be added without a keyring: say so plainly, with what to do. */
export function KeyringUnavailable({ status, retry }: { status: KeyringStatus; retry: () => void }) {
  const { t } = useTranslation(["accounts", "common"]);
  return (
    <div className="empty keyring-missing" role="alert" data-testid="keyring-unavailable">
      <h2>{t("keyring.title")}</h2>
      <p>{t("keyring.text", { backend: status.backend })}</p>
      {status.message && <p data-testid="keyring-message">{status.message}</p>}
      <p className="muted">{t("keyring.linux")}</p>
      <button type="button" onClick={retry} data-testid="keyring-retry">
        {t("common:retry")}
      </button>
    </div>
  );
}
