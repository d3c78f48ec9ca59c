import type { ErrorCode } from "../bindings/ErrorCode";
import type { ErrorDetails } from "../bindings/ErrorDetails";
import type { ErrorPayload } from "../bindings/ErrorPayload";
import { i18n } from "../i18n";

const CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "auth",
  "forbidden",
  "notFound",
  "validation",
  "invalidInput",
  "lowBalance",
  "rateLimited",
  "unsupported",
  "conflict",
  "network",
  "timeout",
  "provider",
  "jobFailed",
  "partial",
  "keyring",
  "cache",
  "internal",
]);

/** Whether a value is the `{code, message, details}` a Fleetdeck command rejects with. */
export function isErrorPayload(value: unknown): value is ErrorPayload {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === "string" &&
    CODES.has(v.code as ErrorCode) &&
    typeof v.message === "string" &&
    typeof v.details === "object" &&
    v.details !== null
  );
}

/**
 * The error every platform function throws. The UI branches on `code` (docs/design-rules.md rule 11), never
 * on the message text; `details` carries field names, retry-after, the failed accounts of a partial result….
 */
export class FleetdeckError extends Error implements ErrorPayload {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = "FleetdeckError";
    this.code = payload.code;
    this.details = payload.details;
  }

  /** A rejection of `invoke` (or anything thrown near it) as a typed error. */
  static from(reason: unknown): FleetdeckError {
    if (reason instanceof FleetdeckError) return reason;
    if (isErrorPayload(reason)) return new FleetdeckError(reason);
    // Tauri itself rejects with a bare string when a command is unknown or its arguments do not
    // deserialize: that is a bug of ours, not the user's. Those texts are Tauri's, shown as sent.
    const message =
      typeof reason === "string"
        ? reason
        : reason instanceof Error
          ? reason.message
          : i18n.t("app:errors.unexpected");
    return new FleetdeckError({ code: "internal", message, details: {} });
  }

  /** The message of the field `field` of a validation error, if any. */
  fieldMessage(field: string): string | undefined {
    return this.details.fields?.find((f) => f.field === field)?.message;
  }
}
