import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import type { AccountView } from "../../bindings/AccountView";
import type { Capabilities } from "../../bindings/Capabilities";
import type { UploadCapabilities } from "../../bindings/UploadCapabilities";
import type { UploadedImage } from "../../bindings/UploadedImage";
import type { UploadKind } from "../../bindings/UploadKind";
import type { UploadRequest } from "../../bindings/UploadRequest";
import { Dialog, Field } from "../../app/Dialog";
import { useOverlay } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { useAccounts } from "../../app/useAccounts";
import { useNow } from "../../app/useNow";
import { formatDateTime, formatRelative } from "../../i18n/format";
import { deleteUpload, importUpload, regions, uploads } from "../../platform";
import { providerLabel } from "../accounts/descriptors";
import { TypedConfirm } from "../storage/dialogs";
import { sizeSort, sizeText, timeText } from "../storage/format";
import type { TableColumn } from "../storage/ResourceTable";
import { AccountCell, ResourceView } from "../storage/ResourceView";
import { useScopedAccounts } from "../storage/scope";
import { StatusBadge } from "../storage/StatusBadge";
import { useAccountListings, type ListingSource } from "../storage/useAccountListings";
import { useRun } from "../storage/useRun";

/** The capabilities of one kind: ISOs or custom disk images. */
export const kindCaps = (c: Capabilities, kind: UploadKind): UploadCapabilities => (kind === "iso" ? c.isos : c.customImages);

/** The key of each kind's label in the `storage` namespace. */
export const KIND_LABEL = { iso: "images.kind.iso", diskImage: "images.kind.diskImage" } as const satisfies Record<UploadKind, string>;

const imageId = (u: UploadedImage) => `${u.account}/${u.kind}/${u.id}`;
const imageAddress = (u: UploadedImage) => `${u.account}/${u.id}`;

/**
 * ISOs and custom disk images of every account: list with status and size, "Import from URL" (a
 * job follows the download; Rust notifies at its end), delete, and "create a server from it".
 */
export function ImagesView() {
  const { scope, views, byName } = useScopedAccounts((c) => c.isos.list || c.customImages.list);
  const { t, i18n } = useTranslation(["storage", "common", "shell"]);
  const lng = i18n.language;
  const { colors } = useAccounts();
  const sources = views.flatMap((v) =>
    (["iso", "diskImage"] as const)
      .filter((kind) => kindCaps(v.capabilities, kind).list)
      .map(
        (kind): ListingSource<UploadedImage> => ({
          account: v.account.name,
          key: queryKeys.uploads(v.account.name, kind),
          fetch: () => uploads([v.account.name], kind),
        }),
      ),
  );
  const listing = useAccountListings(sources);
  const now = useNow();
  const { open } = useOverlay();
  const { busy, run } = useRun();
  const [dialog, setDialog] = useState<{ kind: "import" } | { kind: "delete"; image: UploadedImage } | null>(null);
  const importers = views.filter((v) => v.capabilities.isos.download || v.capabilities.customImages.download);

  const columns = useMemo<TableColumn<UploadedImage>[]>(
    () => [
      { id: "name", title: t("fields.name"), text: (u) => u.name },
      { id: "kind", title: t("fields.kind"), text: (u) => t(KIND_LABEL[u.kind]) },
      { id: "account", title: t("fields.account"), text: (u) => u.account, cell: (u) => <AccountCell account={u.account} color={colors[u.account] ?? null} /> },
      { id: "provider", title: t("fields.provider"), text: (u) => providerLabel(u.provider) },
      { id: "status", title: t("fields.status"), text: (u) => u.status, cell: (u) => <StatusBadge status={u.status} title={u.rawStatus.text} /> },
      { id: "size", title: t("fields.size"), text: (u) => sizeText(u.sizeGb), sort: (u) => sizeSort(u.sizeGb) },
      { id: "format", title: t("fields.format"), text: (u) => u.format ?? "" },
      { id: "region", title: t("fields.region"), text: (u) => u.region ?? "" },
      {
        id: "created",
        title: t("fields.added"),
        text: (u) => u.createdAt ?? "",
        cell: (u) => (u.createdAt ? <span title={formatDateTime(u.createdAt, lng)}>{formatRelative(u.createdAt, now, lng)}</span> : ""),
      },
    ],
    [colors, now, t, lng],
  );
  const facets = useMemo(() => (u: UploadedImage) => ({ account: u.account, provider: u.provider, status: u.status }), []);

  const importButton = importers.length > 0 && (
    <button type="button" className="primary" onClick={() => setDialog({ kind: "import" })} data-testid="images-import">
      {t("images.import")}
    </button>
  );
  return (
    <ResourceView
      view="images"
      title={t("shell:views.images")}
      scope={scope}
      noun={[t("images.noun"), t("images.nounPlural")]}
      listing={listing}
      columns={columns}
      rowId={imageId}
      facets={facets}
      actions={importButton}
      empty={{
        title: t("images.emptyTitle"),
        text: t("images.emptyText"),
        ...(importButton ? { action: importButton } : {}),
      }}
      detail={(u) => {
        const caps = byName.get(u.account)?.capabilities;
        // Servers start from a ready ISO; no provider's create request takes a custom image.
        const canCreate = caps !== undefined && caps.servers.create && u.kind === "iso" && caps.create.fromIso && u.status === "ready";
        return {
          title: u.name,
          fields: [
            [t("fields.kind"), t(KIND_LABEL[u.kind])],
            [t("fields.account"), `${u.account} (${providerLabel(u.provider)})`],
            [t("fields.status"), <StatusBadge status={u.status} title={u.rawStatus.text} />],
            [t("fields.size"), sizeText(u.sizeGb) || t("values.unknown")],
            [t("fields.format"), u.format ?? "—"],
            [t("fields.region"), u.region ?? "—"],
            [t("fields.sourceUrl"), u.sourceUrl ?? "—"],
            [t("fields.added"), timeText(u.createdAt) || t("values.unknown")],
            [t("fields.id"), <code>{u.id}</code>],
          ],
          actions: (
            <>
              {canCreate && (
                <button
                  type="button"
                  onClick={() =>
                    open({ kind: "create", account: u.account, source: { kind: "iso", id: u.id, label: u.name } })
                  }
                  data-testid="image-create-server"
                >
                  {t("images.createServer")}
                </button>
              )}
              {caps && kindCaps(caps, u.kind).delete && (
                <button type="button" className="danger" disabled={busy} onClick={() => setDialog({ kind: "delete", image: u })} data-testid="image-delete">
                  {t("actions.delete")}
                </button>
              )}
            </>
          ),
          raw: u.raw,
        };
      }}
    >
      {dialog?.kind === "import" && (
        <ImportDialog
          accounts={importers}
          onClose={() => setDialog(null)}
          onImport={(account, request) => {
            setDialog(null);
            void run(t("images.runImport", { name: request.name }), queryKeys.uploads(account, request.kind), () => importUpload(account, request));
          }}
        />
      )}
      {dialog?.kind === "delete" && (
        <TypedConfirm
          title={t(`images.deleteTitle.${dialog.image.kind}`, { name: dialog.image.name })}
          text={t(`images.deleteText.${dialog.image.kind}`, {
            name: dialog.image.name,
            account: dialog.image.account,
            provider: providerLabel(dialog.image.provider),
          })}
          expected={dialog.image.name}
          verb={t("common:delete")}
          onClose={() => setDialog(null)}
          onConfirm={() => {
            const u = dialog.image;
            setDialog(null);
            void run(t("images.runDelete", { name: u.name }), queryKeys.uploads(u.account, u.kind), () => deleteUpload(imageAddress(u), u.kind));
          }}
        />
      )}
    </ResourceView>
  );
}

/** The fields the provider's download needs: account, kind, name, URL, region; virtio or format. */
function ImportDialog({
  accounts,
  onClose,
  onImport,
}: {
  accounts: AccountView[];
  onClose: () => void;
  onImport: (account: string, request: UploadRequest) => void;
}) {
  const { t } = useTranslation(["storage", "common"]);
  const [account, setAccount] = useState(accounts[0]?.account.name ?? "");
  const caps = accounts.find((a) => a.account.name === account)?.capabilities;
  const kinds = (["iso", "diskImage"] as const).filter((k) => caps !== undefined && kindCaps(caps, k).download);
  const [chosenKind, setKind] = useState<UploadKind>("iso");
  const kind = kinds.includes(chosenKind) ? chosenKind : (kinds[0] ?? "iso");
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [region, setRegion] = useState("");
  const [useVirtio, setUseVirtio] = useState(true);
  const [format, setFormat] = useState("qcow2");
  const [decompress, setDecompress] = useState("");
  const regionList = useQuery({
    queryKey: queryKeys.regions(account),
    queryFn: () => regions(account),
    enabled: account !== "" && caps?.create.regions === true,
  });
  // Where the provider has regions it stores the file in one (Cloudzy requires it): the first
  // region until the user picks another.
  const needsRegion = caps?.create.regions === true;
  const chosenRegion = needsRegion ? region || (regionList.data?.[0]?.id ?? "") : "";
  const urlOk = /^https?:\/\/\S+$/i.test(url.trim());
  const valid = account !== "" && kinds.length > 0 && name.trim() !== "" && urlOk && (!needsRegion || chosenRegion !== "");
  return (
    <Dialog title={t("images.importDialog.title")} onClose={onClose} testId="image-import-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!valid) return;
          onImport(account, {
            kind,
            name: name.trim(),
            url: url.trim(),
            region: chosenRegion === "" ? null : chosenRegion,
            useVirtio: kind === "iso" ? useVirtio : null,
            format: kind === "diskImage" && format !== "" ? format : null,
            decompress: kind === "diskImage" && decompress !== "" ? decompress : null,
          });
        }}
      >
        <Field label={t("fields.account")}>
          {(p) => (
            <select {...p} value={account} onChange={(e) => setAccount(e.target.value)} data-testid="image-import-account">
              {accounts.map((a) => (
                <option key={a.account.name} value={a.account.name}>
                  {a.account.name} ({providerLabel(a.account.provider)})
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="provider-choice" data-testid="image-import-kind">
          <legend>{t("fields.kind")}</legend>
          {kinds.map((k) => (
            <label key={k}>
              <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} data-testid={`image-import-kind-${k}`} />{" "}
              {t(KIND_LABEL[k])}
            </label>
          ))}
        </fieldset>
        <Field label={t("fields.name")}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} data-testid="image-import-name" />}
        </Field>
        <Field
          label={t("images.importDialog.url")}
          hint={t("images.importDialog.urlHint")}
          {...(url !== "" && !urlOk ? { error: t("images.importDialog.urlError") } : {})}
        >
          {(p) => <input {...p} type="url" value={url} onChange={(e) => setUrl(e.target.value)} data-testid="image-import-url" />}
        </Field>
        {needsRegion && (
          <Field label={t("fields.region")} hint={t("images.importDialog.regionHint")}>
            {(p) => (
              <select {...p} value={chosenRegion} onChange={(e) => setRegion(e.target.value)} data-testid="image-import-region">
                {(regionList.data ?? []).map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {kind === "iso" && (
          <label className="check">
            <input type="checkbox" checked={useVirtio} onChange={(e) => setUseVirtio(e.target.checked)} data-testid="image-import-virtio" />{" "}
            {t("images.importDialog.virtio")}
          </label>
        )}
        {kind === "diskImage" && (
          <div className="field-grid">
            <Field label={t("fields.format")}>
              {(p) => (
                <select {...p} value={format} onChange={(e) => setFormat(e.target.value)} data-testid="image-import-format">
                  <option value="qcow2">qcow2</option>
                  <option value="raw">raw</option>
                  <option value="vmdk">vmdk</option>
                  <option value="vdi">vdi</option>
                </select>
              )}
            </Field>
            <Field label={t("images.importDialog.compression")}>
              {(p) => (
                <select {...p} value={decompress} onChange={(e) => setDecompress(e.target.value)} data-testid="image-import-decompress">
                  <option value="">{t("images.importDialog.noCompression")}</option>
                  <option value="gzip">gzip</option>
                  <option value="bz2">bz2</option>
                  <option value="xz">xz</option>
                </select>
              )}
            </Field>
          </div>
        )}
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button type="submit" className="primary" disabled={!valid} data-testid="image-import-ok">
            {t("images.importDialog.verb")}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
