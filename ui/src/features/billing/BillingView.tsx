import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import type { Invoice } from "../../bindings/Invoice";
import type { ServerCostEstimate } from "../../bindings/ServerCostEstimate";
import type { Transaction } from "../../bindings/Transaction";
import { subscribeAppCommand, useOverlay } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { useAccounts } from "../../app/useAccounts";
import { formatDate, formatDateTime } from "../../i18n/format";
import { balances, costEstimate, FleetdeckError, invoices, transactions } from "../../platform";
import { providerLabel } from "../accounts/descriptors";
import { moneyText, plainMoneyText, totalsText } from "../plans/money";
import { useCatalogNames } from "../servers/catalogNames";
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

/**
 * The provider's day of an ISO time (`2026-01-31T…` → 31 January) as a local date, so that it is
 * shown as that day whatever the time zone; the text as sent when it is not one.
 */
const dayOf = (iso: string | null): Date | string | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? "");
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : iso;
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
  const { t, i18n } = useTranslation(["billing", "common"]);
  const lng = i18n.language;
  const balanceAccounts = views.filter((v) => v.capabilities.billing.balance).map((v) => v.account.name);
  const estimateAccounts = views.filter((v) => v.capabilities.create.plans).map((v) => v.account.name);
  const invoiceAccounts = views.filter((v) => v.capabilities.billing.invoices).map((v) => v.account.name);
  const transactionAccounts = views.filter((v) => v.capabilities.billing.transactions).map((v) => v.account.name);
  const names = useCatalogNames(views);

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
      { id: "name", title: t("billing.estimate.columns.server"), text: (s) => s.serverName },
      {
        id: "account",
        title: t("billing.estimate.columns.account"),
        text: (s) => s.account,
        cell: (s) => <AccountCell account={s.account} color={colors[s.account] ?? null} />,
      },
      { id: "provider", title: t("billing.estimate.columns.provider"), text: (s) => providerLabel(s.provider) },
      {
        id: "plan",
        title: t("billing.estimate.columns.plan"),
        // The plan by its catalog name (`4 vCPU · 8 GB · US$ 24/mo`), its id when the catalog lacks it.
        text: (s) =>
          `${s.plan === null ? "" : (names.plan(s.account, s.plan) ?? s.plan)}${s.planMatchedBySize ? ` ${t("billing.estimate.matchedBySize")}` : ""}`,
      },
      {
        // Shown in the language's form, sorted by the plain one (`1,234.50` would sort as 1).
        id: "estimate",
        title: t("billing.estimate.columns.estimate"),
        text: (s) =>
          s.monthlyEstimate
            ? `~ ${moneyText(s.monthlyEstimate.amount)}`
            : t("billing.estimate.unknownReason", { reason: s.unknownReason ?? t("billing.estimate.noPrice") }),
        sort: (s) => (s.monthlyEstimate ? plainMoneyText(s.monthlyEstimate.amount) : ""),
      },
    ],
    // `lng`: the amounts read in the current language (money.ts).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [colors, t, lng, names],
  );
  const invoiceColumns = useMemo<TableColumn<Invoice>[]>(
    () => [
      { id: "number", title: t("billing.invoices.columns.number"), text: (i) => i.number ?? i.id },
      {
        id: "account",
        title: t("billing.invoices.columns.account"),
        text: (i) => i.account,
        cell: (i) => <AccountCell account={i.account} color={colors[i.account] ?? null} />,
      },
      {
        id: "status",
        title: t("billing.invoices.columns.status"),
        text: (i) => i.status ?? "",
        // The status is the provider's word, shown as it was sent.
        cell: (i) => (
          <span className="status-badge" data-status={i.status ?? ""}>
            <span aria-hidden>{invoiceMark(i.status)}</span> {i.status ?? t("billing.invoices.statusUnknown")}
          </span>
        ),
      },
      // Amounts and days read in the language (`1,234.50 EUR`, `Jan 31, 2026`) and sort by their
      // plain form (`1234.50 EUR`, the ISO time): as text they would not sort.
      { id: "amount", title: t("billing.invoices.columns.amount"), text: (i) => moneyText(i.amount), sort: (i) => plainMoneyText(i.amount) },
      // An invoice is dated by the provider's day: the time (mostly midnight) only cut the columns.
      { id: "issued", title: t("billing.invoices.columns.issued"), text: (i) => formatDate(dayOf(i.issuedAt), lng), sort: (i) => i.issuedAt ?? "" },
      { id: "due", title: t("billing.invoices.columns.due"), text: (i) => formatDate(dayOf(i.dueAt), lng), sort: (i) => i.dueAt ?? "" },
      { id: "paid", title: t("billing.invoices.columns.paid"), text: (i) => formatDate(dayOf(i.paidAt), lng), sort: (i) => i.paidAt ?? "" },
    ],
    [colors, t, lng],
  );
  // Shown, not exported: the CSV/JSON export keeps the invoice's own columns.
  const invoiceTableColumns = useMemo<TableColumn<Invoice>[]>(
    () => [
      ...invoiceColumns,
      {
        id: "document",
        title: t("billing.invoices.columns.document"),
        text: (i) => (i.hasDocument ? t("billing.invoices.hasDocument") : ""),
        cell: (i) => <InvoiceActions invoice={i} />,
      },
    ],
    [invoiceColumns, t],
  );
  const transactionColumns = useMemo<TableColumn<Transaction>[]>(
    () => [
      { id: "at", title: t("billing.transactions.columns.at"), text: (x) => formatDateTime(x.at, lng), sort: (x) => x.at ?? "" },
      {
        id: "account",
        title: t("billing.transactions.columns.account"),
        text: (x) => x.account,
        cell: (x) => <AccountCell account={x.account} color={colors[x.account] ?? null} />,
      },
      // The kind and the description are the provider's words.
      { id: "kind", title: t("billing.transactions.columns.kind"), text: (x) => x.kind ?? "" },
      { id: "description", title: t("billing.transactions.columns.description"), text: (x) => x.description ?? "" },
      { id: "amount", title: t("billing.transactions.columns.amount"), text: (x) => moneyText(x.amount), sort: (x) => plainMoneyText(x.amount) },
    ],
    [colors, t, lng],
  );
  const shownInvoices = useMemo(() => invoiceList.items.filter((i) => inWindow(i.issuedAt, from, to)), [invoiceList.items, from, to]);
  const shownTransactions = useMemo(() => transactionList.items.filter((x) => inWindow(x.at, from, to)), [transactionList.items, from, to]);
  const windowed = from !== "" || to !== "";
  const noop = () => undefined;

  if (views.length === 0)
    return (
      <main className="main" data-testid="main-area" data-view="billing">
        <div className="empty" data-testid="billing-empty">
          <h2>{t("billing.empty.title")}</h2>
          <p>{t("billing.empty.text")}</p>
          <div className="empty-actions">
            <button type="button" className="primary" onClick={() => open({ kind: "addAccount" })} data-testid="billing-add-account">
              {t("billing.empty.addAccount")}
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
            {t("billing.title")} <span className="muted title-scope">· {scope ?? t("billing.allAccounts")}</span>
          </h1>
          <div className="toolbar">
            <button type="button" onClick={refresh} disabled={fetching} title={t("billing.refreshTitle")} data-testid="billing-refresh">
              {fetching ? t("billing.refreshing") : t("common:refresh")}
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
              {t("billing.balances.title")}
            </h2>
            {balance.isPending ? (
              <p className="muted">{t("common:loading")}</p>
            ) : (
              <>
                <table className="money-table" aria-label={t("billing.balances.title")}>
                  <thead>
                    <tr>
                      <th scope="col">{t("billing.balances.account")}</th>
                      <th scope="col">{t("billing.balances.provider")}</th>
                      <th scope="col" className="money">
                        {t("billing.balances.balance")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {(balance.data?.items ?? []).map((b) => (
                      <tr key={b.account} data-testid={`billing-balance-${b.account}`}>
                        <td>{account(b.account)}</td>
                        <td className="muted">{providerLabel(b.provider)}</td>
                        <td className="money">
                          <strong>{b.balance ? moneyText(b.balance) : t("billing.balances.notStated")}</strong>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p data-testid="billing-balance-totals">
                  {t("billing.balances.total")} <strong>{totalsText(balance.data?.totals ?? []) || "—"}</strong>
                </p>
              </>
            )}
          </section>
        )}

        {estimateAccounts.length > 0 && (
          <section aria-labelledby="billing-estimate" data-testid="billing-estimate">
            <h2 id="billing-estimate" className="section-label">
              {t("billing.estimate.title")}
            </h2>
            <p className="muted">{t("billing.estimate.note")}</p>
            {estimate.isPending ? (
              <p className="muted">{t("common:loading")}</p>
            ) : (
              <>
                <table className="money-table" aria-label={t("billing.estimate.tableLabel")}>
                  <thead>
                    <tr>
                      <th scope="col">{t("billing.estimate.account")}</th>
                      <th scope="col" className="money">
                        {t("billing.estimate.perMonth")}
                      </th>
                      <th scope="col">{t("billing.estimate.servers")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(estimate.data?.accounts ?? []).map((a) => (
                      <tr key={a.account} data-testid={`billing-estimate-${a.account}`}>
                        <td>{account(a.account)}</td>
                        <td className="money">
                          <strong>~ {totalsText(a.monthlyEstimate) || t("billing.estimate.nothingPriced")}</strong>
                        </td>
                        <td className="muted">
                          {t("billing.estimate.priced", { count: a.serversPriced })}
                          {a.serversUnknown > 0 ? `, ${t("billing.estimate.unknown", { count: a.serversUnknown })}` : ""}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p data-testid="billing-estimate-totals">
                  {t("billing.estimate.total")} <strong>~ {totalsText(estimate.data?.monthlyEstimateTotals ?? []) || "—"}</strong>
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
                        noun={[t("billing.estimate.nounOne"), t("billing.estimate.nounOther")]}
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
          <section aria-label={t("billing.history.label")} data-testid="billing-history">
            <div className="filter-bar">
              <div role="tablist" aria-label={t("billing.history.tabs")}>
                {invoiceAccounts.length > 0 && (
                  <button type="button" role="tab" aria-selected={tab === "invoices"} onClick={() => setTab("invoices")} data-testid="billing-tab-invoices">
                    {t("billing.history.invoices")}
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
                    {t("billing.history.transactions")}
                  </button>
                )}
              </div>
              <label className="filter">
                {t("billing.history.from")} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="billing-from" />
              </label>
              <label className="filter">
                {t("billing.history.to")} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="billing-to" />
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
                  <ExportBar view="invoices" noun={[t("billing.invoices.nounOne"), t("billing.invoices.nounOther")]} rows={rows} total={invoiceList.items.length} filtered={windowed} columns={invoiceColumns} rowId={(i) => `${i.account}/${i.id}`} />
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
                    noun={[t("billing.transactions.nounOne"), t("billing.transactions.nounOther")]}
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
