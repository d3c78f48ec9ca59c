import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";

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
const ipStatusWord = (ip: FloatingIp) => (ip.serverId ? "attached" : "free");
const renewText = (v: boolean | null) => (v === null ? "" : v ? "on" : "off");

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
      { id: "address", title: "Address", text: (ip) => ip.address },
      {
        id: "status",
        title: "Status",
        text: ipStatusWord,
        cell: (ip) => <StatusBadge status={ipStatus(ip)} title={ipStatusWord(ip)} testId={`floating-ip-status-${ip.id}`} />,
      },
      { id: "server", title: "Server", text: serverText },
      { id: "account", title: "Account", text: (ip) => ip.account, cell: (ip) => <AccountCell account={ip.account} color={colors[ip.account] ?? null} /> },
      { id: "provider", title: "Provider", text: (ip) => providerLabel(ip.provider) },
      { id: "region", title: "Region", text: regionText },
      { id: "note", title: "Note", text: (ip) => ip.note ?? "" },
      { id: "autoRenew", title: "Auto-renew", text: (ip) => renewText(ip.autoRenew) },
      { id: "expires", title: "Expires", text: (ip) => timeText(ip.expiresAt) },
    ],
    [colors, serverText, regionText],
  );
  const facets = useMemo(() => (ip: FloatingIp) => ({ account: ip.account, provider: ip.provider, status: ipStatusWord(ip) }), []);

  const allocate = allocators.length > 0 && (
    <button type="button" className="primary" onClick={() => setDialog({ kind: "allocate" })} data-testid="floating-ips-allocate">
      Allocate…
    </button>
  );
  return (
    <ResourceView
      view="floating-ips"
      title="Floating IPs"
      scope={scope}
      noun={["floating IP", "floating IPs"]}
      listing={listing}
      columns={columns}
      rowId={ipRowId}
      facets={facets}
      actions={allocate}
      empty={{
        title: "No floating IPs",
        text: "A floating IP is an address you keep while servers come and go. Allocate one in a region of an account that offers them.",
        ...(allocate ? { action: allocate } : {}),
      }}
      detail={(ip) => {
        const caps = byName.get(ip.account)?.capabilities.floatingIps;
        return {
          title: ip.address,
          fields: [
            ["Status", <StatusBadge status={ipStatus(ip)} title={ipStatusWord(ip)} />],
            ["Attached to", serverText(ip) || "no server"],
            ["Account", `${ip.account} (${providerLabel(ip.provider)})`],
            ["Region", regionText(ip) || "—"],
            ["Note", ip.note ?? "—"],
            ["Auto-renew", renewText(ip.autoRenew) || "—"],
            ["Expires", timeText(ip.expiresAt) || "—"],
            ["Id", <code>{ip.id}</code>],
          ],
          actions: (
            <>
              {caps?.update && (
                <button type="button" onClick={() => setDialog({ kind: "update", ip })} data-testid="floating-ip-update">
                  Edit note and renewal…
                </button>
              )}
              {caps?.release && (
                <button type="button" className="danger" disabled={busy} onClick={() => setDialog({ kind: "release", ip })} data-testid="floating-ip-release">
                  Release…
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
            const what = `${count} floating IP${count === 1 ? "" : "s"}`;
            void run(`Allocate ${what}`, queryKeys.floatingIps(account), async () =>
              saying(await allocateFloatingIps(account, region, count), `Allocated ${what} in ${regionName}`),
            );
          }}
        />
      )}
      {dialog?.kind === "update" && <UpdateDialog ip={dialog.ip} onClose={() => setDialog(null)} />}
      {dialog?.kind === "release" && (
        <TypedConfirm
          title={`Release ${dialog.ip.address}`}
          text={`Floating IP ${dialog.ip.address} of account ${dialog.ip.account} (${providerLabel(dialog.ip.provider)}) goes back to the provider${dialog.ip.serverId ? `; server ${serverText(dialog.ip)} loses it` : ""}. The address cannot be got back.`}
          expected={dialog.ip.address}
          verb="Release"
          onClose={() => setDialog(null)}
          onConfirm={() => {
            const ip = dialog.ip;
            setDialog(null);
            void run(`Release ${ip.address}`, queryKeys.floatingIps(ip.account), async () => {
              const result = await releaseFloatingIp(ipRowId(ip));
              return saying(result, result?.job ? `Releasing floating IP ${ip.address}` : `Released floating IP ${ip.address}`);
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
    <Dialog title="Allocate floating IPs" onClose={onClose} testId="floating-ip-allocate-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const picked = regionList.data?.find((r) => r.id === chosenRegion);
          if (valid) onAllocate(account, chosenRegion, picked ? regionLabel(picked) : chosenRegion, n);
        }}
      >
        <Field label="Account">
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
        <Field label="Region">
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
          label="How many"
          hint={`1 to ${max} in one request (the provider's limit)`}
          {...(count !== "" && !countOk ? { error: `From 1 to ${max}.` } : {})}
        >
          {(p) => <input {...p} type="number" min={1} max={max} value={count} onChange={(e) => setCount(e.target.value)} data-testid="floating-ip-allocate-count" />}
        </Field>
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!valid} data-testid="floating-ip-allocate-ok">
            Allocate
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
  const update = useMutation({
    mutationFn: () =>
      updateFloatingIp(ipRowId(ip), autoRenew !== (ip.autoRenew ?? false) ? autoRenew : null, note !== (ip.note ?? "") ? note : null),
    onSuccess: () => {
      toast({ message: `Updated ${ip.address}`, tone: "ok" });
      void client.invalidateQueries({ queryKey: queryKeys.floatingIps(ip.account) });
      onClose();
    },
  });
  return (
    <Dialog title={`Edit ${ip.address}`} onClose={onClose} testId="floating-ip-update-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate();
        }}
      >
        <Field label="Note">{(p) => <input {...p} value={note} onChange={(e) => setNote(e.target.value)} data-testid="floating-ip-update-note" />}</Field>
        <label className="check">
          <input type="checkbox" checked={autoRenew} onChange={(e) => setAutoRenew(e.target.checked)} data-testid="floating-ip-update-renew" /> Renew
          automatically
        </label>
        {update.error && (
          <p className="field-error" role="alert" data-testid="floating-ip-update-error">
            {FleetdeckError.from(update.error).message}
          </p>
        )}
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={update.isPending} data-testid="floating-ip-update-ok">
            {update.isPending ? "Saving…" : "Save"}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
