// Errors in the UI's language: Rust's English message as sent in English; in pt-BR the catalogue's
// sentence for the code, filled from the structured details, with the message as sent kept.
import { render, screen } from "@testing-library/react";

import type { ErrorPayload } from "../bindings/ErrorPayload";
import { ErrorNotice } from "../app/ErrorNotice";
import { i18n } from "../i18n";
import { FleetdeckError } from "./errors";

const auth: ErrorPayload = {
  code: "auth",
  message: "work: authentication failed: invalid token",
  details: { account: "work" },
};

describe("an error's message", () => {
  it("is Rust's, as sent, in English", () => {
    const e = FleetdeckError.from(auth);
    expect(e.message).toBe("work: authentication failed: invalid token");
    expect(e.original).toBe(e.message);
  });

  it("is the catalogue's sentence for its code in pt-BR, filled from the details, the original kept", async () => {
    await i18n.changeLanguage("pt-BR");
    const e = FleetdeckError.from(auth);
    expect(e.message).toBe("work: o provedor recusou as credenciais; confira-as nas configurações da conta.");
    expect(e.original).toBe("work: authentication failed: invalid token");

    const provider = FleetdeckError.from({ code: "provider", message: "ro: Internal Server Error", details: { account: "ro", httpStatus: 502 } });
    expect(provider.message).toBe("ro: o provedor respondeu com um erro. (HTTP 502)");

    const fields = FleetdeckError.from({
      code: "validation",
      message: "lc: the provider rejected the request: bad (hostname: taken; plan: unknown)",
      details: { account: "lc", fields: [{ field: "hostname", message: "taken" }, { field: "plan", message: "unknown" }] },
    });
    expect(fields.message).toBe("lc: o provedor recusou o pedido. Campos: hostname, plan.");

    const unsupported = FleetdeckError.from({ code: "unsupported", message: "vz/LXD does not offer backups", details: { provider: "vz", action: "backups" } });
    expect(unsupported.message).toBe("vz/LXD não oferece isto.");

    const low = FleetdeckError.from({
      code: "lowBalance",
      message: "cz: the balance is too low: no (required 203.09 USD, available 3.00 USD)",
      details: { account: "cz", balance: { required: "203.09", available: "3.00", currency: "USD" } },
    });
    expect(low.message).toBe("cz: o saldo é insuficiente para este pedido. Necessário 203.09 USD, disponível 3.00 USD.");

    const partial = FleetdeckError.from({
      code: "partial",
      message: "2 of the accounts failed: a (x), b (y)",
      details: { failures: [{ account: "a", error: auth }, { account: "b", error: auth }] },
    });
    expect(partial.message).toBe("2 contas falharam: a, b.");
    expect(FleetdeckError.from({ code: "keyring", message: "OS keyring: locked", details: {} }).message).toBe("O chaveiro do sistema falhou.");
  });

  it("shows in the error notice in pt-BR, with the message as sent behind a disclosure", async () => {
    await i18n.changeLanguage("pt-BR");
    render(<ErrorNotice error={auth} />);
    expect(screen.getByTestId("error-notice")).toHaveTextContent("o provedor recusou as credenciais");
    expect(screen.getByTestId("error-notice-original")).toHaveTextContent("Mensagem original");
    expect(screen.getByTestId("error-notice-original")).toHaveTextContent("work: authentication failed: invalid token");
  });

  it("shows no disclosure in English, where the message is the one sent", () => {
    render(<ErrorNotice error={auth} />);
    expect(screen.getByTestId("error-notice")).toHaveTextContent("work: authentication failed: invalid token");
    expect(screen.queryByTestId("error-notice-original")).toBeNull();
  });
});
