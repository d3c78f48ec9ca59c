import type { KeyringStatus } from "../../bindings/KeyringStatus";

/** Accounts cannot be added without a keyring: say so plainly, with what to do. */
export function KeyringUnavailable({ status, retry }: { status: KeyringStatus; retry: () => void }) {
  return (
    <div className="empty keyring-missing" role="alert" data-testid="keyring-unavailable">
      <h2>No keyring available</h2>
      <p>
        Fleetdeck keeps API tokens, passwords and keys only in the OS keyring ({status.backend}), and none answers.
      </p>
      {status.message && <p data-testid="keyring-message">{status.message}</p>}
      <p className="muted">
        On Linux, start a Secret Service (GNOME Keyring or KeePassXC with Secret Service on) and unlock it, then retry.
        Cached servers stay visible meanwhile.
      </p>
      <button type="button" onClick={retry} data-testid="keyring-retry">
        Retry
      </button>
    </div>
  );
}
