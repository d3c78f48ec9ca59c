// The frame in Brazilian Portuguese: the sidebar's views (the `shell` catalogue's names, shared
// with the tray), its accounts and the status bar, with the relative time in Portuguese.
import { screen, waitFor, within } from "@testing-library/react";

import type { AccountView } from "../bindings/AccountView";
import { i18n } from "../i18n";
import { accountState, accountView } from "../testing/fixtures";
import { renderApp } from "../testing/render";

const empty = { items: [], failures: [] };
const listings = { snapshots: () => empty, backups: () => empty, backup_policies: () => empty, uploads: () => empty };

function storageAccount(name: string): AccountView {
  const v = accountView(name, "cloudzy");
  v.capabilities.snapshots = { ...v.capabilities.snapshots, list: true };
  v.capabilities.isos = { ...v.capabilities.isos, list: true };
  return v;
}

describe("the frame in Portuguese", () => {
  it("names the views, the accounts and the status bar in pt-BR", async () => {
    await i18n.changeLanguage("pt-BR");
    const fetchedAt = new Date(Date.now() - 5 * 60_000).toISOString();
    const { user } = renderApp({
      accounts: [storageAccount("zy")],
      cached: { servers: [], accounts: [accountState("zy", { provider: "cloudzy", fetchedAt })] },
      handlers: listings,
    });
    await screen.findByTestId("nav-images");
    const nav = screen.getByTestId("nav-list");
    expect(within(nav).getAllByRole("button").map((b) => b.querySelector(".account-name")?.textContent)).toEqual([
      "Servidores",
      "Snapshots",
      "Imagens",
      "Tags",
    ]);
    expect(screen.getByTestId("nav-images")).toHaveAttribute("title", "Imagens (Ctrl+4)");
    expect(screen.getByRole("heading", { name: "Visualizações" })).toBeInTheDocument();
    expect(screen.getByTestId("account-all")).toHaveTextContent("Todas as contas");
    expect(screen.getByRole("button", { name: "Adicionar conta" })).toBeInTheDocument();
    expect(await screen.findByTestId("account-sub-zy")).toHaveTextContent("há 5 minutos");

    await waitFor(() => expect(screen.getByTestId("keyring-status")).toHaveTextContent("Chaveiro: Secret Service"));
    const theme = screen.getByRole("combobox", { name: "Tema" });
    expect(within(theme).getAllByRole("option").map((o) => o.textContent)).toEqual(["Tema do sistema", "Claro", "Escuro"]);
    expect(await screen.findByTestId("app-version")).toHaveAttribute("title", "Sobre o Fleetdeck");

    // The palette's commands and the views in it.
    await user.click(screen.getByTestId("open-palette"));
    expect(screen.getByTestId("palette-input")).toHaveAttribute("placeholder", "Servidor, conta ou ação");
    expect(screen.getByTestId("palette-item-view:images")).toHaveTextContent("Ir para Imagens");
    expect(screen.getByTestId("palette-item-cmd:refresh")).toHaveTextContent("Atualizar servidores");
  });
});
