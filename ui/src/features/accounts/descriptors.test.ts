import type { CredentialField } from "../../bindings/CredentialField";
import { i18n } from "../../i18n";
import {
  descriptorKey,
  descriptorOf,
  descriptorText,
  fieldProblem,
  localDescriptor,
  localMethod,
  PROVIDER_DESCRIPTORS,
  providerLabel,
} from "./descriptors";

describe("provider descriptors", () => {
  it("spell each provider as Rust does", () => {
    expect(providerLabel("vz")).toBe("vz/LXD");
    expect(providerLabel("cloudero")).toBe("Cloude.ro");
    expect(PROVIDER_DESCRIPTORS.map((d) => d.kind)).toEqual(["letscloud", "cloudero", "cloudzy", "vz"]);
  });

  it("check a field with the rule Rust sends", () => {
    const cert = descriptorOf("vz").signIn[0]?.fields.find((f) => f.name === "clientCertPem") as CredentialField;
    expect(fieldProblem(cert, "")).toBe("Paste the client certificate (PEM).");
    expect(fieldProblem(cert, "hello")).toBe("Paste the client certificate (PEM).");
    expect(fieldProblem(cert, "-----BEGIN CERTIFICATE-----\nx")).toBeNull();
    const optional: CredentialField = { ...cert, required: false };
    expect(fieldProblem(optional, "  ")).toBeNull();
  });
});

describe("the descriptors' texts in the catalogue", () => {
  /** Every human text of every descriptor: its catalogue key and the binding's English. */
  const texts = PROVIDER_DESCRIPTORS.flatMap((d) =>
    d.signIn.flatMap((m) => [
      { key: descriptorKey(d.kind, m.id), english: m.label },
      ...m.fields.flatMap((f) =>
        (
          [
            ["label", f.label],
            ["help", f.help],
            ["permissions", f.permissions],
            ["message", f.validation.message],
          ] as const
        )
          .filter(([, english]) => english !== "")
          .map(([part, english]) => ({ key: descriptorKey(d.kind, m.id, { name: f.name, part }), english })),
      ),
    ]),
  );

  it("have a key for every text, in English exactly as Rust sends it, and in Portuguese", () => {
    expect(texts.length).toBeGreaterThan(20);
    for (const { key, english } of texts) {
      expect(i18n.getResource("en", "accounts", key), key).toBe(english);
      const portuguese: unknown = i18n.getResource("pt-BR", "accounts", key);
      expect(typeof portuguese === "string" && portuguese !== "", key).toBe(true);
    }
  });

  it("are shown in the UI's language, with the binding's text for one the catalogue lacks", async () => {
    await i18n.changeLanguage("pt-BR");
    const t = i18n.getFixedT("pt-BR", "accounts");
    const vz = localDescriptor(descriptorOf("vz"), descriptorText(t));
    const cert = vz.signIn[0]?.fields.find((f) => f.name === "clientCertPem") as CredentialField;
    expect(vz.signIn.map((m) => m.label)).toEqual(["Certificado do cliente", "Token bearer"]);
    expect(cert.label).toBe("Certificado do cliente (PEM)");
    expect(fieldProblem(cert, "hello")).toBe("Cole o certificado do cliente (PEM).");
    // Addresses, rules and the provider's name are as sent.
    expect(cert.helpUrl).toBe("https://linuxcontainers.org/incus/docs/main/authentication");
    expect(cert.validation.contains).toBe("BEGIN CERTIFICATE");
    expect(vz.label).toBe("vz/LXD");
    // The key field states no permissions: nothing is made up for it.
    expect(vz.signIn[0]?.fields.find((f) => f.name === "clientKeyPem")?.permissions).toBe("");
    // A text Rust adds before the catalogue has it is shown in English rather than as a key.
    const added = localMethod("vz", { id: "oidc", label: "Single sign-on", fields: [] }, descriptorText(t));
    expect(added.label).toBe("Single sign-on");
  });
});
