import type { ErrorCode } from "../bindings/ErrorCode";
import type { ErrorDetails } from "../bindings/ErrorDetails";
import type { ErrorPayload } from "../bindings/ErrorPayload";
import { PROVIDER_DESCRIPTORS } from "../bindings/providerDescriptors";
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
 * An error's message in the UI's language. Rust words its messages in English, with the account,
 * the provider's own text and the specifics (docs: the CLI stays English); in English they are
 * shown as sent. In another language the sentence is the catalogue's for the code, filled from the
 * structured details (account, provider, HTTP status, fields, balance, retry-after, the failed
 * accounts); the message as sent stays available as `original` (ErrorNotice shows it).
 */
export function localizedMessage(payload: ErrorPayload): string {
  if (i18n.resolvedLanguage === undefined || i18n.resolvedLanguage.split("-")[0] === "en") return payload.message;
  const d = payload.details;
  const t = i18n.getFixedT(null, "common", "errorText");
  if (payload.code === "partial") {
    const failures = d.failures ?? [];
    return t("partial", { count: failures.length, accounts: failures.map((f) => f.account).join(", ") });
  }
  const provider = PROVIDER_DESCRIPTORS.find((p) => p.kind === d.provider)?.label;
  const parts = [
    payload.code === "unsupported" && provider !== undefined
      ? t("unsupported", { context: "provider", provider })
      : t(payload.code, d.account === undefined ? {} : { context: "account", account: d.account }),
  ];
  if (d.httpStatus !== undefined && payload.code === "provider") parts.push(t("httpStatus", { status: d.httpStatus }));
  if (d.fields !== undefined && d.fields.length > 0) parts.push(t("fields", { fields: d.fields.map((f) => f.field).join(", ") }));
  const b = d.balance;
  if (b?.required != null && b.available != null) {
    const currency = b.currency != null ? ` ${b.currency}` : "";
    parts.push(t("shortfall", { required: `${b.required}${currency}`, available: `${b.available}${currency}` }));
  }
  return parts.join(" ");
}

/**
 * The error every platform function throws. The UI branches on `code` (docs/design-rules.md rule 11), never
 * on the message text; `details` carries field names, retry-after, the failed accounts of a partial result….
 */
export class FleetdeckError extends Error implements ErrorPayload {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;
  /** The message as Rust sent it (English, with the provider's own words); `message` is in the UI's language. */
  readonly original: string;

  constructor(payload: ErrorPayload) {
    super(localizedMessage(payload));
    this.name = "FleetdeckError";
    this.code = payload.code;
    this.details = payload.details;
    this.original = payload.message;
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
