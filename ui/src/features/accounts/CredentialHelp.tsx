import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { CredentialField } from "../../bindings/CredentialField";
import { FleetdeckError, openHelpLink } from "../../platform";

/**
 * A provider's help page: a button that has Rust open it in the system browser (only pages the
 * descriptors name open: src-tauri/src/help_links.rs), with the address as selectable text beside
 * it, and why it did not open when it did not.
 */
export function HelpLink({ url, label, testId }: { url: string; label: string; testId: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="link-button"
        onClick={() => {
          setProblem(null);
          openHelpLink(url).catch((e: unknown) => setProblem(FleetdeckError.from(e).message));
        }}
        data-testid={testId}
      >
        {label}
      </button>{" "}
      <code className="help-url" data-testid={`${testId}-url`}>
        {url}
      </code>
      {problem && (
        <span className="field-error" role="alert" data-testid={`${testId}-error`}>
          {" "}
          {problem}
        </span>
      )}
    </>
  );
}

/**
 * What a credential field needs beyond where it is (the field's own hint says that): the rights
 * the credential must have, and the page that shows or explains it, from the provider's
 * descriptor (`ui/src/bindings/providerDescriptors.ts`), its texts already in the UI's language
 * (`useLocalDescriptor`).
 */
export function CredentialHelp({ field }: { field: CredentialField }) {
  const { t } = useTranslation("accounts");
  if (field.permissions === "" && field.helpUrl === null) return null;
  return (
    <div className="credential-help" data-testid={`credential-help-${field.name}`}>
      {field.permissions !== "" && (
        <p data-testid={`credential-permissions-${field.name}`}>
          <strong>{t("help.needs")}</strong> {field.permissions}
        </p>
      )}
      {field.helpUrl !== null && (
        <p>
          <strong>{t("help.where")}</strong>{" "}
          <HelpLink url={field.helpUrl} label={t("help.openPage")} testId={`credential-help-link-${field.name}`} />
        </p>
      )}
    </div>
  );
}
