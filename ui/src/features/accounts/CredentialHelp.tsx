import { useState } from "react";

import type { CredentialField } from "../../bindings/CredentialField";

/**
 * What a credential field needs beyond where it is (the field's own hint says that): the rights
 * the credential must have, and the page that shows or explains it, from the provider's
 * descriptor (`ui/src/bindings/providerDescriptors.ts`). The page is shown as selectable text with
 * a copy button: the web view opens no address by itself (the app has no opener command yet).
 */
export function CredentialHelp({ field }: { field: CredentialField }) {
  const [copied, setCopied] = useState(false);
  if (field.permissions === "" && field.helpUrl === null) return null;
  return (
    <div className="credential-help" data-testid={`credential-help-${field.name}`}>
      {field.permissions !== "" && (
        <p data-testid={`credential-permissions-${field.name}`}>
          <strong>Needs:</strong> {field.permissions}
        </p>
      )}
      {field.helpUrl !== null && (
        <p>
          <strong>Where:</strong>{" "}
          <code className="help-url" data-testid={`credential-help-url-${field.name}`}>
            {field.helpUrl}
          </code>{" "}
          <button
            type="button"
            className="link-button"
            aria-label={`Copy the address of the ${field.label} help`}
            onClick={() =>
              void navigator.clipboard
                .writeText(field.helpUrl ?? "")
                .then(() => setCopied(true))
                .catch(() => setCopied(false))
            }
            data-testid={`credential-help-copy-${field.name}`}
          >
            {copied ? "copied" : "copy"}
          </button>
        </p>
      )}
    </div>
  );
}
