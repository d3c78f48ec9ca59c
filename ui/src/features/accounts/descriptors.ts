// The providers as Rust describes them (`fleetdeck_core::descriptor`, listed by the fleet's
// Registry and generated into bindings/providerDescriptors.ts): labels, endpoints, sign-in fields
// and their validation. No provider is named here.
import { PROVIDER_DESCRIPTORS } from "../../bindings/providerDescriptors";
import type { CredentialField } from "../../bindings/CredentialField";
import type { ProviderDescriptor } from "../../bindings/ProviderDescriptor";
import type { ProviderKind } from "../../bindings/ProviderKind";

export { PROVIDER_DESCRIPTORS };

/** The descriptor of a provider (every kind has one: the Registry's tests say so). */
export function descriptorOf(kind: ProviderKind): ProviderDescriptor {
  const found = PROVIDER_DESCRIPTORS.find((d) => d.kind === kind);
  if (found === undefined) throw new Error(`no descriptor for provider ${kind}`);
  return found;
}

/** The name people know a provider by, spelt as in Rust ("vz/LXD"). */
export const providerLabel = (kind: ProviderKind): string => descriptorOf(kind).label;

/**
 * The message when `value` breaks the field's rule, else null — the same rule as Rust's
 * `CredentialField::check`: a field that is not secret is trimmed; an empty optional field passes.
 */
export function fieldProblem(field: CredentialField, value: string): string | null {
  const v = field.secret ? value : value.trim();
  if (v === "") return field.required ? field.validation.message : null;
  const { minLength, contains, message } = field.validation;
  if ([...v].length < minLength) return message;
  if (contains !== null && !v.includes(contains)) return message;
  return null;
}
