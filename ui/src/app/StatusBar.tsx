import { useQuery } from "@tanstack/react-query";

import { appInfo, keyringStatus } from "../platform";
import { queryKeys } from "./queryKeys";

/** The keyring's state (a missing Secret Service is said plainly, DESIGN.md 10) and the version. */
export function StatusBar() {
  const keyring = useQuery({ queryKey: queryKeys.keyring, queryFn: keyringStatus });
  const info = useQuery({ queryKey: queryKeys.appInfo, queryFn: appInfo });

  let keyringText = "Keyring: checking…";
  let keyringState = "pending";
  if (keyring.isError) {
    keyringText = `Keyring: ${keyring.error.message}`;
    keyringState = "error";
  } else if (keyring.isSuccess) {
    keyringState = keyring.data.available ? "available" : "unavailable";
    keyringText = keyring.data.available
      ? `Keyring: ${keyring.data.backend}`
      : `Keyring unavailable (${keyring.data.backend})`;
  }

  return (
    <footer className="statusbar" data-testid="statusbar">
      <span
        className={`keyring keyring-${keyringState}`}
        data-testid="keyring-status"
        data-state={keyringState}
        title={keyring.data?.message ?? undefined}
      >
        {keyringText}
      </span>
      {info.isSuccess && (
        <span className="muted" data-testid="app-version">
          v{info.data.version}
        </span>
      )}
    </footer>
  );
}
