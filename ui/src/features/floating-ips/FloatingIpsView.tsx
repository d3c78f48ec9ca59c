import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";

import type { AccountView } from "../../bindings/AccountView";
import type { ActionResult } from "../../bindings/ActionResult";
import type { FloatingIp } from "../../bindings/FloatingIp";
import type { Server } from "../../bindings/Server";
import { Dialog, Field } from "../../app/Dialog";
import { useToast } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { useAccounts } from "../../app/useAccounts";
import { allocateFloatingIps, floatingIps, FleetdeckError, regions, releaseFloatingIp, updateFloatingIp } from "../../platform";
import { providerLabel } from "../accounts/descriptors";
import { regionLabel, useCatalogNames } from "../servers/catalogNames";
import { useFleetServers } from "../servers/useFleetServers";
import { TypedConfirm } from "../storage/dialogs";
import { timeText } from "../storage/format";
import type { TableColumn } from "../storage/ResourceTable";
import { AccountCell, ResourceView } from "../storage/ResourceView";
import { useScopedAccounts } from "../storage/scope";
import { StatusBadge } from "../storage/StatusBadge";
import { perAccount, useAccountListings } from "../storage/useAccountListings";
import { useRun } from "../storage/useRun";

const ipRowId = (ip: FloatingIp) => `${ip.account}/${ip.id}`;
/** Attached to a server, or free: a status with a symbol (StatusBadge), never colour alone. */
const ipStatus = (ip: FloatingIp) => (ip.serverId ? "active" : "inactive");
const ipStatusWord = (ip: FloatingIp, t: TFunction<"keys">) => (ip.serverId ? t("floatingIps.attached") : t("floatingIps.free"));
const renewText = (v: boolean | null, t: TFunction<"keys">) => (v === null ? "" : v ? t("floatingIps.renewOn") : t("floatingIps.renewOff"));

/**
 * A server's name by `account` and id, from the servers listing the query cache holds (the local
 * cache at first, a refresh when the servers view made one); `undefined` when it is not listed.
 */
function useServerNames(scope: string | null): (account: string, id: string) => string | undefined {
  const servers = useFleetServers(scope, false).data?.servers;
  return useMemo(() => {
    const byKey = new Map<string, string>();
    for (const s of servers ?? ([] as Server[])) byKey.set(`${s.account}\u0000${s.id}`, s.name);
    return (account: string, id: string) => byKey.get(`${account}\u0000${id}`);
  }, [servers]);
}

/** The provider's answer with our own message: it names the address or region, not the provider's id. */
const saying = (result: ActionResult | null, message: string): ActionResult | null => (result ? { ...result, message } : result);

type Open = { kind: "allocate" } | { kind: "update"; ip: FloatingIp } | { kind: "release"; ip: FloatingIp };

/**
 * Floating IPs of every account: allocate (as many as the provider's limit per request, from
 * capability data), update the note and auto-renew, release after the address is typed. No
 * provider command attaches or detaches one on its own (a Cloudzy address is attached at create).
 */
export function FloatingIpsView() {
  const { scope, views, names, byName } = useScopedAccounts((c) => c.floatingIps.list);
  const { colors } = useAccounts();
  const { t } = useTranslation("keys");
  const filter = { region: null, address: null, includeReleased: false };
  const listing = useAccountListings(perAccount(names, queryKeys.floatingIps, (a) => floatingIps([a], filter)));
  const [dialog, setDialog] = useState<Open | null>(null);
  const { busy, run } = useRun();
  const serverName = useServerNames(scope);
  const catalog = useCatalogNames(views);
  /** The attached server's name, else its id; empty when free. */
  const serverText = useCallback(
    (ip: FloatingIp) => (ip.serverId ? (serverName(ip.account, ip.serverId) ?? ip.serverId) : ""),
    [serverName],
  );
  const regionText = useCallback((ip: FloatingIp) => (ip.region ? (catalog.region(ip.account, ip.region) ?? ip.region) : ""), [catalog]);
  const allocators = views.filter((v) => v.capabilities.floatingIps.allocate && v.capabilities.floatingIps.maxPerRequest > 0);

  const columns = useMemo<TableColumn<FloatingIp>[]>(
    () => [
      { id: "address", title: t("floatingIps.columns.address"), text: (ip) => ip.address },
      {
        id: "status",
        title: t("floatingIps.columns.status"),
        text: (ip) => ipStatusWord(ip, t),
        cell: (ip) => <StatusBadge status={ipStatus(ip)} title={ipStatusWord(ip, t)} testId={`floating-ip-status-${ip.id}`} />,
      },
      { id: "server", title: t("floatingIps.columns.server"), text: serverText },
      {
        id: "account",
        title: t("floatingIps.columns.account"),
        text: (ip) => ip.account,
        cell: (ip) => <AccountCell account={ip.account} color={colors[ip.account] ?? null} />,
      },
      { id: "provider", title: t("floatingIps.columns.provider"), text: (ip) => providerLabel(ip.provider) },
      { id: "region", title: t("floatingIps.columns.region"), text: regionText },
      { id: "note", title: t("floatingIps.columns.note"), text: (ip) => ip.note ?? "" },
      { id: "autoRenew", title: t("floatingIps.columns.autoRenew"), text: (ip) => renewText(ip.autoRenew, t) },
      // Read in the language (`Jan 31, 2026, 2:05 PM`), sorted by the ISO time.
      { id: "expires", title: t("floatingIps.columns.expires"), text: (ip) => timeText(ip.expiresAt), sort: (ip) => ip.expiresAt ?? "" },
    ],
    [colors, serverText, regionText, t],
  );
  const facets = useMemo(() => (ip: FloatingIp) => ({ account: ip.account, provider: ip.provider, status: ipStatusWord(ip, t) }), [t]);

  const allocate = allocators.length > 0 && (
    <button type="button" className="primary" onClick={() => setDialog({ kind: "allocate" })} data-testid="floating-ips-allocate">
      {t("floatingIps.allocate")}
    </button>
  );
  return (
    <ResourceView
      view="floating-ips"
      title={t("floatingIps.title")}
      scope={scope}
      noun={[t("floatingIps.nounOne"), t("floatingIps.nounOther")]}
      listing={listing}
      columns={columns}
      rowId={ipRowId}
      facets={facets}
      actions={allocate}
      empty={{
        title: t("floatingIps.empty.title"),
        text: t("floatingIps.empty.text"),
        ...(allocate ? { action: allocate } : {}),
      }}
      detail={(ip) => {
        const caps = byName.get(ip.account)?.capabilities.floatingIps;
        return {
          title: ip.address,
          fields: [
            [t("floatingIps.detail.status"), <StatusBadge status={ipStatus(ip)} title={ipStatusWord(ip, t)} />],
            [t("floatingIps.detail.attachedTo"), serverText(ip) || t("floatingIps.detail.noServer")],
            [t("floatingIps.detail.account"), `${ip.account} (${providerLabel(ip.provider)})`],
            [t("floatingIps.detail.region"), regionText(ip) || "—"],
            [t("floatingIps.detail.note"), ip.note ?? "—"],
            [t("floatingIps.detail.autoRenew"), renewText(ip.autoRenew, t) || "—"],
            [t("floatingIps.detail.expires"), timeText(ip.expiresAt) || "—"],
            [t("floatingIps.detail.id"), <code>{ip.id}</code>],
          ],
          actions: (
            <>
              {caps?.update && (
                <button type="button" onClick={() => setDialog({ kind: "update", ip })} data-testid="floating-ip-update">
                  {t("floatingIps.detail.update")}
                </button>
              )}
              {caps?.release && (
                <button type="button" className="danger" disabled={busy} onClick={() => setDialog({ kind: "release", ip })} data-testid="floating-ip-release">
                  {t("floatingIps.detail.release")}
                </button>
              )}
            </>
          ),
          raw: ip.raw,
        };
      }}
    >
      {dialog?.kind === "allocate" && (
        <AllocateDialog
          accounts={allocators}
          onClose={() => setDialog(null)}
          onAllocate={(account, region, regionName, count) => {
            setDialog(null);
            const what = t("floatingIps.allocateRun.count", { count });
            void run(t("floatingIps.allocateRun.what", { what }), queryKeys.floatingIps(account), async () =>
              saying(await allocateFloatingIps(account, region, count), t("floatingIps.allocateRun.done", { what, region: regionName, count })),
            );
          }}
        />
      )}
      {dialog?.kind === "update" && <UpdateDialog ip={dialog.ip} onClose={() => setDialog(null)} />}
      {dialog?.kind === "release" && (
        <TypedConfirm
          title={t("floatingIps.release.title", { address: dialog.ip.address })}
          text={
            dialog.ip.serverId
              ? t("floatingIps.release.textAttached", {
                  address: dialog.ip.address,
                  account: dialog.ip.account,
                  provider: providerLabel(dialog.ip.provider),
                  server: serverText(dialog.ip),
                })
              : t("floatingIps.release.text", { address: dialog.ip.address, account: dialog.ip.account, provider: providerLabel(dialog.ip.provider) })
          }
          expected={dialog.ip.address}
          verb={t("floatingIps.release.verb")}
          onClose={() => setDialog(null)}
          onConfirm={() => {
            const ip = dialog.ip;
            setDialog(null);
            void run(t("floatingIps.release.what", { address: ip.address }), queryKeys.floatingIps(ip.account), async () => {
              const result = await releaseFloatingIp(ipRowId(ip));
              return saying(
                result,
                result?.job ? t("floatingIps.release.releasing", { address: ip.address }) : t("floatingIps.release.released", { address: ip.address }),
              );
            });
          }}
        />
      )}
    </ResourceView>
  );
}

/** Account, region and count; the count is bounded by the provider's `floatingIps.maxPerRequest`. */
function AllocateDialog({
  accounts,
  onClose,
  onAllocate,
}: {
  accounts: AccountView[];
  onClose: () => void;
  onAllocate: (account: string, region: string, regionName: string, count: number) => void;
}) {
  const { t } = useTranslation(["keys", "common"]);
  const [account, setAccount] = useState(accounts[0]?.account.name ?? "");
  const view = accounts.find((a) => a.account.name === account);
  const max = view?.capabilities.floatingIps.maxPerRequest ?? 1;
  const [region, setRegion] = useState("");
  const [count, setCount] = useState("1");
  const regionList = useQuery({ queryKey: queryKeys.regions(account), queryFn: () => regions(account), enabled: account !== "" });
  const chosenRegion = region || (regionList.data?.[0]?.id ?? "");
  const n = Number(count);
  const countOk = Number.isInteger(n) && n >= 1 && n <= max;
  const valid = account !== "" && chosenRegion !== "" && countOk;
  return (
    <Dialog title={t("floatingIps.allocateDialog.title")} onClose={onClose} testId="floating-ip-allocate-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const picked = regionList.data?.find((r) => r.id === chosenRegion);
          if (valid) onAllocate(account, chosenRegion, picked ? regionLabel(picked) : chosenRegion, n);
        }}
      >
        <Field label={t("floatingIps.allocateDialog.account")}>
          {(p) => (
            <select
              {...p}
              value={account}
              onChange={(e) => {
                setAccount(e.target.value);
                setRegion("");
              }}
              data-testid="floating-ip-allocate-account"
            >
              {accounts.map((a) => (
                <option key={a.account.name} value={a.account.name}>
                  {a.account.name} ({providerLabel(a.account.provider)})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("floatingIps.allocateDialog.region")}>
          {(p) => (
            <select {...p} value={chosenRegion} onChange={(e) => setRegion(e.target.value)} data-testid="floating-ip-allocate-region">
              {(regionList.data ?? []).map((r) => (
                <option key={r.id} value={r.id}>
                  {regionLabel(r)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t("floatingIps.allocateDialog.count")}
          hint={t("floatingIps.allocateDialog.countHint", { max })}
          {...(count !== "" && !countOk ? { error: t("floatingIps.allocateDialog.countError", { max }) } : {})}
        >
          {(p) => <input {...p} type="number" min={1} max={max} value={count} onChange={(e) => setCount(e.target.value)} data-testid="floating-ip-allocate-count" />}
        </Field>
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button type="submit" className="primary" disabled={!valid} data-testid="floating-ip-allocate-ok">
            {t("floatingIps.allocateDialog.ok")}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

/** The note and auto-renew of one address; unchanged fields are sent as null (left as they are). */
function UpdateDialog({ ip, onClose }: { ip: FloatingIp; onClose: () => void }) {
  const [note, setNote] = useState(ip.note ?? "");
  const [autoRenew, setAutoRenew] = useState(ip.autoRenew ?? false);
  const client = useQueryClient();
  const toast = useToast();
  const { t } = useTranslation(["keys", "common"]);
  const update = useMutation({
    mutationFn: () =>
      updateFloatingIp(ipRowId(ip), autoRenew !== (ip.autoRenew ?? false) ? autoRenew : null, note !== (ip.note ?? "") ? note : null),
    onSuccess: () => {
      toast({ message: t("floatingIps.updateDialog.updated", { address: ip.address }), tone: "ok" });
      void client.invalidateQueries({ queryKey: queryKeys.floatingIps(ip.account) });
      onClose();
    },
  });
  return (
    <Dialog title={t("floatingIps.updateDialog.title", { address: ip.address })} onClose={onClose} testId="floating-ip-update-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate();
        }}
      >
        <Field label={t("floatingIps.updateDialog.note")}>{(p) => <input {...p} value={note} onChange={(e) => setNote(e.target.value)} data-testid="floating-ip-update-note" />}</Field>
        <label className="check">
          <input type="checkbox" checked={autoRenew} onChange={(e) => setAutoRenew(e.target.checked)} data-testid="floating-ip-update-renew" />{" "}
          {t("floatingIps.updateDialog.renew")}
        </label>
        {update.error && (
          <p className="field-error" role="alert" data-testid="floating-ip-update-error">
            {FleetdeckError.from(update.error).message}
          </p>
        )}
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button type="submit" className="primary" disabled={update.isPending} data-testid="floating-ip-update-ok">
            {update.isPending ? t("floatingIps.updateDialog.saving") : t("common:save")}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
