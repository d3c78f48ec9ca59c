import { FleetdeckError } from "../platform";

/** An error as the user sees it: the message, and what to do for the codes that have a remedy. */
export function ErrorNotice({ error }: { error: unknown }) {
  const e = FleetdeckError.from(error);
  return (
    <div className="error-notice" role="alert" data-testid="error-notice" data-code={e.code}>
      <strong>{e.message}</strong>
      {e.code === "keyring" && <p>Fleetdeck keeps secrets only in the OS keyring; start or unlock it and retry.</p>}
      {e.code === "rateLimited" && e.details.retryAfterSecs !== undefined && (
        <p>Try again in {e.details.retryAfterSecs} s.</p>
      )}
    </div>
  );
}
