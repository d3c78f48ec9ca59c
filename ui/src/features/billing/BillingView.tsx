import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";

import type { Invoice } from "../../bindings/Invoice";
import type { ServerCostEstimate } from "../../bindings/ServerCostEstimate";
import type { Transaction } from "../../bindings/Transaction";
import { subscribeAppCommand, useOverlay } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { useAccounts } from "../../app/useAccounts";
import { balances, costEstimate, FleetdeckError, invoices, transactions } from "../../platform";
import { providerLabel } from "../accounts/descriptors";
import { moneyText, totalsText } from "../plans/money";
import { dateText, timeText } from "../storage/format";
import { ResourceTable, type TableColumn } from "../storage/ResourceTable";
import { AccountCell, AccountFailures, ExportBar } from "../storage/ResourceView";
import { useScopedAccounts } from "../storage/scope";
import { perAccount, useAccountListings } from "../storage/useAccountListings";
import "../storage/storage.css";
import "./billing.css";
import { InvoiceActions } from "./InvoiceActions";
import { UsageSection } from "./UsageSection";

/** An invoice's status as a symbol and words (never colour alone). */
const invoiceMark = (status: string | null) => {
  const s = (status ?? "").toLowerCase();
  if (/paid|settled|complete/.test(s) && !/unpaid/.test(s)) return "✓";
  if (/unpaid|due|overdue|open|pending/.test(s)) return "◷";
  if (/cancel|void|refund/.test(s)) return "–";
  return "?";
};

/** Whether an ISO time falls in the date window (`YYYY-MM-DD` bounds, both included; empty: open). */
export const inWindow = (at: string | null, from: string, to: string): boolean => {
  if (from === "" && to === "") return true;
  if (at === null) return false;
  const day = at.slice(0, 10);
  return (from === "" || day >= from) && (to === "" || day <= to);
};

type Tab = "invoices" | "transactions";

/**
 * Money over every account: balances with totals per currency, the monthly cost estimate per server
 * and per account (labelled as an estimate), invoices and transactions in a date window, CSV
 * export, and usage per server. Every sum comes from Rust in decimals; amounts in different
 * currencies stay apart. Invoice and payment links are credentials: this view never sees one (an
 * invoice says only `hasDocument`; Rust opens or downloads the document, see InvoiceActions).
 */
export function BillingView() {
  const { scope, views } = useScopedAccounts(
    (c) => c.billing.balance || c.billing.invoices || c.billing.transactions || c.create.plans || c.usage.traffic || c.usage.live,
  );
  const client = useQueryClient();
  const { colors } = useAccounts();
  const { open } = useOverlay();
  const balanceAccounts = views.filter((v) => v.capabilities.billing.balance).map((v) => v.account.name);
  const estimateAccounts = views.filter((v) => v.capabilities.create.plans).map((v) => v.account.name);
  const invoiceAccounts = views.filter((v) => v.capabilities.billing.invoices).map((v) => v.account.name);
  const transactionAccounts = views.filter((v) => v.capabilities.billing.transactions).map((v) => v.account.name);

  const balance = useQuery({
    queryKey: queryKeys.balances(balanceAccounts),
    queryFn: () => balances(balanceAccounts),
    enabled: balanceAccounts.length > 0,
  });
  const estimate = useQuery({
    queryKey: queryKeys.costEstimate(estimateAccounts),
    queryFn: () => costEstimate(estimateAccounts),
    enabled: estimateAccounts.length > 0,
  });
  const invoiceList = useAccountListings(perAccount(invoiceAccounts, queryKeys.invoices, (a) => invoices([a])));
  const transactionList = useAccountListings(perAccount(transactionAccounts, queryKeys.transactions, (a) => transactions([a])));
  const [chosenTab, setTab] = useState<Tab>("invoices");
  // The accounts arrive after the first render: the invoices tab only where some account has them.
  const tab: Tab = chosenTab === "invoices" && invoiceAccounts.length === 0 ? "transactions" : chosenTab;
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");

  const refresh = () => {
    void balance.refetch();
    void estimate.refetch();
    invoiceList.refresh();
    transactionList.refresh();
    // The usage section's counters come with the server listing (one reading per refresh).
    if (views.some((v) => v.capabilities.usage.live)) void client.invalidateQueries({ queryKey: queryKeys.servers(), exact: true });
  };
  const refreshRef = useRef(refresh);
  useEffect(() => {
    refreshRef.current = refresh;
  });
  useEffect(() => subscribeAppCommand("refresh", () => refreshRef.current()), []);

  const failures = [
    ...(balance.data?.failures ?? []),
    ...(estimate.data?.failures ?? []),
    ...invoiceList.failures,
    ...transactionList.failures,
  ].filter((f, i, all) => all.findIndex((g) => g.account === f.account) === i);
  const wholeFailure = [balance.error, estimate.error].find((e) => e !== null);
  const fetching = balance.isFetching || estimate.isFetching || invoiceList.fetching || transactionList.fetching;

  const account = (a: string) => <AccountCell account={a} color={colors[a] ?? null} />;
  const serverColumns = useMemo<TableColumn<ServerCostEstimate>[]>(
    () => [
      { id: "name", title: "Server", text: (s) => s.serverName },
      { id: "account", title: "Account", text: (s) => s.account, cell: (s) => <AccountCell account={s.account} color={colors[s.account] ?? null} /> },
      { id: "provider", title: "Provider", text: (s) => providerLabel(s.provider) },
      { id: "plan", title: "Plan", text: (s) => `${s.plan ?? ""}${s.planMatchedBySize ? " (matched by size)" : ""}` },
      { id: "estimate", title: "Estimate / month", text: (s) => (s.monthlyEstimate ? `~ ${moneyText(s.monthlyEstimate.amount)}` : `unknown: ${s.unknownReason ?? "no price"}`) },
    ],
    [colors],
  );
  const invoiceColumns = useMemo<TableColumn<Invoice>[]>(
    () => [
      { id: "number", title: "Invoice", text: (i) => i.number ?? i.id },
      { id: "account", title: "Account", text: (i) => i.account, cell: (i) => <AccountCell account={i.account} color={colors[i.account] ?? null} /> },
      {
        id: "status",
        title: "Status",
        text: (i) => i.status ?? "",
        cell: (i) => (
          <span className="status-badge" data-status={i.status ?? ""}>
            <span aria-hidden>{invoiceMark(i.status)}</span> {i.status ?? "unknown"}
          </span>
        ),
      },
      { id: "amount", title: "Amount", text: (i) => moneyText(i.amount) },
      // An invoice is dated by the day: the time (mostly midnight) only cut the columns.
      { id: "issued", title: "Issued", text: (i) => dateText(i.issuedAt) },
      { id: "due", title: "Due", text: (i) => dateText(i.dueAt) },
      { id: "paid", title: "Paid", text: (i) => dateText(i.paidAt) },
    ],
    [colors],
  );
  // Shown, not exported: the CSV/JSON export keeps the invoice's own columns.
  const invoiceTableColumns = useMemo<TableColumn<Invoice>[]>(
    () => [...invoiceColumns, { id: "document", title: "Document", text: (i) => (i.hasDocument ? "yes" : ""), cell: (i) => <InvoiceActions invoice={i} /> }],
    [invoiceColumns],
  );
  const transactionColumns = useMemo<TableColumn<Transaction>[]>(
    () => [
      { id: "at", title: "Date", text: (t) => timeText(t.at) },
      { id: "account", title: "Account", text: (t) => t.account, cell: (t) => <AccountCell account={t.account} color={colors[t.account] ?? null} /> },
      { id: "kind", title: "Kind", text: (t) => t.kind ?? "" },
      { id: "description", title: "Description", text: (t) => t.description ?? "" },
      { id: "amount", title: "Amount", text: (t) => moneyText(t.amount) },
    ],
    [colors],
  );
  const shownInvoices = useMemo(() => invoiceList.items.filter((i) => inWindow(i.issuedAt, from, to)), [invoiceList.items, from, to]);
  const shownTransactions = useMemo(() => transactionList.items.filter((t) => inWindow(t.at, from, to)), [transactionList.items, from, to]);
  const windowed = from !== "" || to !== "";
  const noop = () => undefined;

  if (views.length === 0)
    return (
      <main className="main" data-testid="main-area" data-view="billing">
        <div className="empty" data-testid="billing-empty">
          <h2>No billing to show</h2>
          <p>Balances, invoices and cost estimates appear for accounts whose provider reports them.</p>
          <div className="empty-actions">
            <button type="button" className="primary" onClick={() => open({ kind: "addAccount" })} data-testid="billing-add-account">
              Add an account…
            </button>
          </div>
        </div>
      </main>
    );

  return (
    <main className="main" data-testid="main-area" data-view="billing">
      <div className="main-list billing">
        <header className="main-header">
          <h1 data-testid="main-title">
            Billing <span className="muted title-scope">· {scope ?? "all accounts"}</span>
          </h1>
          <div className="toolbar">
            <button type="button" onClick={refresh} disabled={fetching} title="Refresh (Ctrl+R, F5)" data-testid="billing-refresh">
              {fetching ? "Refreshing…" : "Refresh"}
            </button>
          </div>
        </header>
        <AccountFailures view="billing" failures={failures} />
        {wholeFailure && (
          <p className="account-error" role="alert" data-testid="billing-error">
            ⚠ {FleetdeckError.from(wholeFailure).message}
          </p>
        )}

        {balanceAccounts.length > 0 && (
          <section aria-labelledby="billing-balances" data-testid="billing-balances">
            <h2 id="billing-balances" className="section-label">
              Balances
            </h2>
            {balance.isPending ? (
              <p className="muted">Loading…</p>
            ) : (
              <>
                <table className="money-table" aria-label="Balances">
                  <thead>
                    <tr>
                      <th scope="col">Account</th>
                      <th scope="col">Provider</th>
                      <th scope="col" className="money">
                        Balance
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {(balance.data?.items ?? []).map((b) => (
                      <tr key={b.account} data-testid={`billing-balance-${b.account}`}>
                        <td>{account(b.account)}</td>
                        <td className="muted">{providerLabel(b.provider)}</td>
                        <td className="money">
                          <strong>{b.balance ? moneyText(b.balance) : "not stated"}</strong>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p data-testid="billing-balance-totals">
                  Total: <strong>{totalsText(balance.data?.totals ?? []) || "—"}</strong>
                </p>
              </>
            )}
          </section>
        )}

        {estimateAccounts.length > 0 && (
          <section aria-labelledby="billing-estimate" data-testid="billing-estimate">
            <h2 id="billing-estimate" className="section-label">
              Monthly cost — estimate
            </h2>
            <p className="muted">
              An estimate from each server's plan list price: taxes, discounts, traffic overage and partial months are not in it.
            </p>
            {estimate.isPending ? (
              <p className="muted">Loading…</p>
            ) : (
              <>
                <table className="money-table" aria-label="Monthly cost estimate per account">
                  <thead>
                    <tr>
                      <th scope="col">Account</th>
                      <th scope="col" className="money">
                        Estimate / month
                      </th>
                      <th scope="col">Servers</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(estimate.data?.accounts ?? []).map((a) => (
                      <tr key={a.account} data-testid={`billing-estimate-${a.account}`}>
                        <td>{account(a.account)}</td>
                        <td className="money">
                          <strong>~ {totalsText(a.monthlyEstimate) || "nothing priced"}</strong>
                        </td>
                        <td className="muted">
                          {a.serversPriced} priced{a.serversUnknown > 0 ? `, ${a.serversUnknown} unknown (not in the total)` : ""}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p data-testid="billing-estimate-totals">
                  Estimated total per month: <strong>~ {totalsText(estimate.data?.monthlyEstimateTotals ?? []) || "—"}</strong>
                </p>
                {(estimate.data?.servers.length ?? 0) > 0 && (
                  <ResourceTable
                    rows={estimate.data?.servers ?? []}
                    columns={serverColumns}
                    rowId={(s) => `${s.account}/${s.serverId}`}
                    open={noop}
                    opened={null}
                    testId="billing-servers"
                    toolbar={(rows) => (
                      <ExportBar
                        view="billing-estimate"
                        noun={["server estimate", "server estimates"]}
                        rows={rows}
                        total={rows.length}
                        filtered={false}
                        columns={serverColumns}
                        rowId={(s) => `${s.account}/${s.serverId}`}
                      />
                    )}
                  />
                )}
              </>
            )}
          </section>
        )}

        {(invoiceAccounts.length > 0 || transactionAccounts.length > 0) && (
          <section aria-label="Invoices and transactions" data-testid="billing-history">
            <div className="filter-bar">
              <div role="tablist" aria-label="Billing history">
                {invoiceAccounts.length > 0 && (
                  <button type="button" role="tab" aria-selected={tab === "invoices"} onClick={() => setTab("invoices")} data-testid="billing-tab-invoices">
                    Invoices
                  </button>
                )}
                {transactionAccounts.length > 0 && (
                  <button
                    type="button"
                    role="tab"
                    aria-selected={tab === "transactions"}
                    onClick={() => setTab("transactions")}
                    data-testid="billing-tab-transactions"
                  >
                    Transactions
                  </button>
                )}
              </div>
              <label className="filter">
                From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="billing-from" />
              </label>
              <label className="filter">
                To <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="billing-to" />
              </label>
            </div>
            {tab === "invoices" && invoiceAccounts.length > 0 && (
              <ResourceTable
                rows={shownInvoices}
                columns={invoiceTableColumns}
                rowId={(i) => `${i.account}/${i.id}`}
                open={noop}
                opened={null}
                testId="invoices"
                nameColumn="number"
                defaultSorting={[{ id: "issued", desc: true }]}
                toolbar={(rows) => (
                  <ExportBar view="invoices" noun={["invoice", "invoices"]} rows={rows} total={invoiceList.items.length} filtered={windowed} columns={invoiceColumns} rowId={(i) => `${i.account}/${i.id}`} />
                )}
              />
            )}
            {tab === "transactions" && transactionAccounts.length > 0 && (
              <ResourceTable
                rows={shownTransactions}
                columns={transactionColumns}
                rowId={(t) => `${t.account}/${t.id}`}
                open={noop}
                opened={null}
                testId="transactions"
                nameColumn="at"
                defaultSorting={[{ id: "at", desc: true }]}
                toolbar={(rows) => (
                  <ExportBar
                    view="transactions"
                    noun={["transaction", "transactions"]}
                    rows={rows}
                    total={transactionList.items.length}
                    filtered={windowed}
                    columns={transactionColumns}
                    rowId={(t) => `${t.account}/${t.id}`}
                  />
                )}
              />
            )}
          </section>
        )}

        <UsageSection accounts={views} />
      </div>
    </main>
  );
}
