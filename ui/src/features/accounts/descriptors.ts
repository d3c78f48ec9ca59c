// The providers as Rust describes them (`fleetdeck_core::descriptor`, listed by the fleet's
// Registry and generated into bindings/providerDescriptors.ts): labels, endpoints, sign-in fields
// and their validation. No provider is named here. The descriptors' texts are English; the UI
// shows them from the `accounts` catalogue (`providers.<kind>.signIn.<method>…`, English identical
// to the binding's), and the binding's own text where the catalogue has none yet.
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import { PROVIDER_DESCRIPTORS } from "../../bindings/providerDescriptors";
import type { CredentialField } from "../../bindings/CredentialField";
import type { ProviderDescriptor } from "../../bindings/ProviderDescriptor";
import type { ProviderKind } from "../../bindings/ProviderKind";
import type { SignInMethod } from "../../bindings/SignInMethod";

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

/** A human text of a credential field in a descriptor. */
export type FieldPart = "label" | "help" | "permissions" | "message";

/**
 * The `accounts` catalogue key of a descriptor's text: a sign-in method's label
 * (`providers.vz.signIn.token.label`), or a field's (`providers.vz.signIn.token.fields.secret.help`).
 */
export function descriptorKey(kind: ProviderKind, method: string, field?: { name: string; part: FieldPart }): string {
  const base = `providers.${kind}.signIn.${method}`;
  return field === undefined ? `${base}.label` : `${base}.fields.${field.name}.${field.part}`;
}

/** A descriptor text by its key, with the binding's English text when the catalogue has none. */
export type DescriptorText = (key: string, english: string) => string;

/** Looks descriptor texts up with an `accounts` translation function. */
export const descriptorText =
  (t: TFunction<"accounts">): DescriptorText =>
  (key, english) =>
    // An empty text (no permissions to state) stays empty; the keys are built, so untyped.
    english === "" ? "" : t(key as never, { defaultValue: english });

/** A sign-in method with its label and its fields' texts in the UI's language. */
export function localMethod(kind: ProviderKind, method: SignInMethod, text: DescriptorText): SignInMethod {
  const of = (f: CredentialField, part: FieldPart, english: string) => text(descriptorKey(kind, method.id, { name: f.name, part }), english);
  return {
    ...method,
    label: text(descriptorKey(kind, method.id), method.label),
    fields: method.fields.map((f) => ({
      ...f,
      label: of(f, "label", f.label),
      help: of(f, "help", f.help),
      permissions: of(f, "permissions", f.permissions),
      validation: { ...f.validation, message: of(f, "message", f.validation.message) },
    })),
  };
}

/** A descriptor with its sign-in texts in the UI's language (names, addresses and rules as sent). */
export function localDescriptor(d: ProviderDescriptor, text: DescriptorText): ProviderDescriptor {
  return { ...d, signIn: d.signIn.map((m) => localMethod(d.kind, m, text)) };
}

/** The descriptor of a provider in the UI's language; follows a language change. */
export function useLocalDescriptor(kind: ProviderKind): ProviderDescriptor {
  const { t } = useTranslation("accounts");
  return useMemo(() => localDescriptor(descriptorOf(kind), descriptorText(t)), [kind, t]);
}
