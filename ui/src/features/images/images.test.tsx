import { screen, waitFor, within } from "@testing-library/react";

import type { AccountView } from "../../bindings/AccountView";
import { i18n } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import { accountState, accountView, allCapabilities, job } from "../../testing/fixtures";
import { CommandRejection } from "../../testing/ipc";
import { callsOf, renderApp } from "../../testing/render";
import { listing, upload } from "../../testing/storage";

function zy(name = "zy"): AccountView {
  const v = accountView(name, "cloudzy");
  v.capabilities = allCapabilities("cloudzy");
  v.capabilities.isos = { list: true, download: true, get: true, delete: true };
  v.capabilities.customImages = { list: true, download: true, get: true, delete: true };
  v.capabilities.create = { ...v.capabilities.create, regions: true, fromIso: true, images: true };
  return v;
}
const iso = upload("zy", "iso-1", "SystemRescue");
const image = upload("zy", "img-1", "Debian golden", { kind: "diskImage", format: "qcow2", sizeGb: 2, status: "pending" });
const sent = { job: job({ id: "j-iso", description: "Download alpine.iso", kind: "isoDownload" }), message: null, password: null };

function open(accounts: AccountView[], handlers: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  return renderApp({
    accounts,
    cached: { servers: [], accounts: accounts.map((a) => accountState(a.account.name, { provider: a.account.provider })) },
    path: "/images",
    handlers: {
      uploads: (args) => listing(args.kind === "iso" ? [iso] : [image]),
      regions: () => [
        { id: "NL-Amsterdam", name: "Amsterdam", country: null, available: true, raw: {} },
        { id: "UK-London", name: "London", country: null, available: true, raw: {} },
      ],
      ...handlers,
    },
  });
}

describe("the images view", () => {
  it("lists ISOs and custom images with kind, status and size", async () => {
    const { calls } = open([zy()]);
    const table = await screen.findByTestId("images-table");
    const isoRow = within(table).getByTestId("images-row-zy/iso/iso-1");
    expect(isoRow).toHaveTextContent("SystemRescue");
    expect(isoRow).toHaveTextContent("ISO");
    expect(isoRow).toHaveTextContent("0.8 GB");
    expect(isoRow).toHaveTextContent("✓ ready");
    const imageRow = within(table).getByTestId("images-row-zy/diskImage/img-1");
    expect(imageRow).toHaveTextContent("Custom image");
    expect(imageRow).toHaveTextContent("◷ pending");
    expect(imageRow).toHaveTextContent("qcow2");
    expect(callsOf(calls, "uploads")).toEqual(
      expect.arrayContaining([
        { accounts: ["zy"], kind: "iso" },
        { accounts: ["zy"], kind: "diskImage" },
      ]),
    );
  });

  it("imports an ISO from a URL as a job", async () => {
    const { user, calls } = open([zy()], { download_upload: () => sent });
    await user.click(await screen.findByTestId("images-import"));
    await user.type(screen.getByTestId("image-import-name"), "Alpine");
    await user.type(screen.getByTestId("image-import-url"), "ftp://nope");
    expect(screen.getByTestId("image-import-ok")).toBeDisabled();
    await user.clear(screen.getByTestId("image-import-url"));
    await user.type(screen.getByTestId("image-import-url"), "https://dl.example.test/alpine.iso");
    await user.selectOptions(await screen.findByTestId("image-import-region"), "UK-London");
    await user.click(screen.getByTestId("image-import-ok"));
    await waitFor(() =>
      expect(callsOf(calls, "download_upload")).toEqual([
        {
          account: "zy",
          request: {
            kind: "iso",
            name: "Alpine",
            url: "https://dl.example.test/alpine.iso",
            region: "UK-London",
            useVirtio: true,
            format: null,
            decompress: null,
          },
        },
      ]),
    );
    expect(await screen.findByTestId("job-j-iso")).toBeInTheDocument();
  });

  it("imports a custom image with its format and compression", async () => {
    const { user, calls } = open([zy()], { download_upload: () => sent });
    await user.click(await screen.findByTestId("images-import"));
    await user.click(screen.getByTestId("image-import-kind-diskImage"));
    await user.type(screen.getByTestId("image-import-name"), "Golden");
    await user.type(screen.getByTestId("image-import-url"), "https://dl.example.test/golden.raw.gz");
    await user.selectOptions(screen.getByTestId("image-import-format"), "raw");
    await user.selectOptions(screen.getByTestId("image-import-decompress"), "gzip");
    await user.click(screen.getByTestId("image-import-ok"));
    await waitFor(() =>
      expect(callsOf(calls, "download_upload")[0]?.request).toEqual({
        kind: "diskImage",
        name: "Golden",
        url: "https://dl.example.test/golden.raw.gz",
        // The first region unless another is chosen: Cloudzy stores the file in one.
        region: "NL-Amsterdam",
        useVirtio: null,
        format: "raw",
        decompress: "gzip",
      }),
    );
  });

  it("creates a server from a ready ISO, and offers none from a custom image", async () => {
    const { user, calls } = open([zy()], {
      create_server: () => ({ jobs: [job({ id: "j-new", description: "Create rescue" })], message: null, rootPassword: null }),
      plans: () => [],
    });
    await user.click(await screen.findByTestId("images-name-zy/diskImage/img-1"));
    expect(screen.queryByTestId("image-create-server")).toBeNull();
    await user.click(screen.getByTestId("images-name-zy/iso/iso-1"));
    await user.click(screen.getByTestId("image-create-server"));
    expect(await screen.findByTestId("create-wizard")).toBeInTheDocument();
    await user.selectOptions(await screen.findByTestId("wizard-region-select"), "UK-London");
    // The ISO replaces the image step.
    for (let i = 0; i < 6 && screen.queryByTestId("wizard-create") === null; i++) {
      expect(screen.queryByTestId("wizard-source-choice")).toBeNull();
      const name = screen.queryByTestId("wizard-name-input");
      if (name && (name as HTMLInputElement).value === "") await user.type(name, "rescue");
      await user.click(screen.getByTestId("wizard-next"));
    }
    expect(screen.getByTestId("wizard-review")).toHaveTextContent("Made fromISO SystemRescue");
    await user.click(screen.getByTestId("wizard-create"));
    await waitFor(() => expect(callsOf(calls, "create_server")).toHaveLength(1));
    const { request } = callsOf(calls, "create_server")[0] as { request: Record<string, unknown> };
    expect(request).toMatchObject({ name: "rescue", region: "UK-London", iso: "iso-1", fromSnapshot: null, image: null });
  });

  it("deletes an image after its name is typed", async () => {
    const { user, calls } = open([zy()], { delete_upload: () => sent });
    await user.click(await screen.findByTestId("images-name-zy/iso/iso-1"));
    await user.click(screen.getByTestId("image-delete"));
    await user.type(screen.getByTestId("storage-confirm-input"), "SystemRescue");
    await user.click(screen.getByTestId("storage-confirm-ok"));
    await waitFor(() => expect(callsOf(calls, "delete_upload")).toEqual([{ address: "zy/iso-1", kind: "iso" }]));
  });

  it("keeps one kind's failure on its account and shows the other accounts' images", async () => {
    open([zy(), zy("zy2")], {
      uploads: (args) => {
        if ((args.accounts as string[])[0] === "zy2")
          throw new CommandRejection({ code: "rateLimited", message: "zy2: slow down", details: {} });
        return listing(args.kind === "iso" ? [iso] : [image]);
      },
    });
    await screen.findByTestId("images-row-zy/iso/iso-1");
    // One entry for the account, though both of its kinds failed.
    expect(screen.getAllByTestId("images-failure-zy2")).toHaveLength(1);
    expect(screen.getByTestId("images-failure-zy2")).toHaveTextContent("zy2: slow down");
  });

  it("says what the view is for when empty, with the import as first action", async () => {
    open([zy()], { uploads: () => listing([]) });
    const empty = await screen.findByTestId("images-empty");
    expect(empty).toHaveTextContent("installer ISO or a disk image");
    expect(within(empty).getByTestId("images-import")).toBeInTheDocument();
  });

  it("reads in Portuguese: headers, kinds, statuses, sizes and dates", async () => {
    await i18n.changeLanguage("pt-BR");
    const { user } = open([zy()]);
    const table = await screen.findByTestId("images-table");
    for (const header of ["Nome", "Tipo", "Conta", "Provedor", "Status", "Tamanho", "Formato", "Região", "Adicionado"])
      expect(within(table).getByRole("button", { name: header })).toBeInTheDocument();
    const isoRow = within(table).getByTestId("images-row-zy/iso/iso-1");
    expect(isoRow).toHaveTextContent("0,8 GB");
    expect(isoRow).toHaveTextContent("✓ pronto");
    const imageRow = within(table).getByTestId("images-row-zy/diskImage/img-1");
    expect(imageRow).toHaveTextContent("Imagem personalizada");
    expect(imageRow).toHaveTextContent("◷ pendente");
    expect(screen.getByTestId("images-count")).toHaveTextContent("2 imagens");
    expect(screen.getByTestId("images-import")).toHaveTextContent("Importar de URL…");
    expect(screen.getByTestId("images-search")).toHaveAttribute("placeholder", "Buscar imagens…  ( / )");
    await user.click(screen.getByTestId("images-name-zy/iso/iso-1"));
    const detail = screen.getByTestId("images-detail");
    const added = formatDateTime("2026-11-20T10:00:00Z", "pt-BR");
    expect(added).toMatch(/^20 de nov\.? de 2026/);
    expect(detail).toHaveTextContent(`Adicionado${added}`);
    expect(detail).toHaveTextContent("URL de origem");
    expect(screen.getByTestId("image-delete")).toHaveTextContent("Excluir…");
    await user.click(screen.getByTestId("image-delete"));
    expect(screen.getByTestId("storage-confirm-text")).toHaveTextContent("A ISO SystemRescue da conta zy (Cloudzy) será excluída");
    expect(screen.getByText("Digite SystemRescue para confirmar")).toBeInTheDocument();
  });
});
