import type { CredentialField } from "../../bindings/CredentialField";
import { descriptorOf, fieldProblem, PROVIDER_DESCRIPTORS, providerLabel } from "./descriptors";

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
