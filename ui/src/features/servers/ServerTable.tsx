import { useTable, type SortingState } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

import type { Server } from "../../bindings/Server";
import { addressOf, cellText, sortServers, type ColumnId } from "./model";
import { DEFAULT_SORTING, serverColumns, serverRowId, serverTableFeatures } from "./sorting";

const ROW_HEIGHT = 28;

/**
 * The unified server table: sortable headers (click or Enter), virtualised rows (only the visible
 * ones are in the DOM), a checkbox per row for bulk actions, Enter or a click opens the detail.
 * Arrow keys move between rows; Space toggles the row's selection.
 */
export function ServerTable({
  servers,
  colors,
  selected,
  toggle,
  toggleAll,
  open,
  opened,
  toolbar,
}: {
  servers: Server[];
  colors: Record<string, string | null>;
  selected: ReadonlySet<string>;
  toggle: (address: string) => void;
  toggleAll: (addresses: string[], on: boolean) => void;
  open: (address: string) => void;
  opened: string | null;
  /** Renders above the table with the rows in their displayed order (export, bulk bar). */
  toolbar?: (rows: Server[]) => ReactNode;
}) {
  const [sorting, setSorting] = useState<SortingState>(DEFAULT_SORTING);
  const sorted = useMemo(() => sortServers(servers, sorting), [servers, sorting]);
  // TanStack Table owns the columns, the headers and the sort state; the rows are `sorted`
  // itself, of which only the visible ones are rendered (no 10,000-row row model is built).
  const table = useTable({
    features: serverTableFeatures,
    columns: serverColumns,
    data: sorted,
    manualSorting: true,
    getRowId: serverRowId,
    state: { sorting },
    onSortingChange: setSorting,
    enableSortingRemoval: false,
  });
  const columns = table.getAllLeafColumns();
  const ordered = sorted;

  const scroller = useRef<HTMLDivElement>(null);
  // The app does not use the React Compiler; the virtualizer re-renders this component itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: ordered.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => (ordered[i] ? addressOf(ordered[i]) : i),
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);

  const allSelected = ordered.length > 0 && ordered.every((s) => selected.has(addressOf(s)));

  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, index: number, address: string) => {
    if (e.key === "Enter") open(address);
    else if (e.key === " ") {
      e.preventDefault();
      toggle(address);
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = index + (e.key === "ArrowDown" ? 1 : -1);
      if (next < 0 || next >= ordered.length) return;
      virtualizer.scrollToIndex(next);
      requestAnimationFrame(() =>
        scroller.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus(),
      );
    }
  };

  return (
    <>
    {toolbar?.(ordered)}
    <div className="table-scroll" ref={scroller} data-testid="server-table-scroll">
      <table className="server-table" data-testid="server-table" aria-rowcount={ordered.length + 1}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              <th className="col-select">
                <input
                  type="checkbox"
                  aria-label="Select all shown servers"
                  checked={allSelected}
                  onChange={(e) => toggleAll(ordered.map(addressOf), e.target.checked)}
                  data-testid="select-all"
                />
              </th>
              {group.headers.map((header) => {
                const dir = header.column.getIsSorted();
                return (
                  <th
                    key={header.id}
                    className={`col-${header.id}`}
                    aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : "none"}
                  >
                    <button
                      type="button"
                      className="sort-button"
                      onClick={header.column.getToggleSortingHandler()}
                      data-testid={`sort-${header.id}`}
                    >
                      {String(header.column.columnDef.header)}
                      <span aria-hidden className="sort-mark">
                        {dir === "asc" ? " ▲" : dir === "desc" ? " ▼" : ""}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {padTop > 0 && (
            <tr aria-hidden style={{ height: padTop }}>
              <td colSpan={11} />
            </tr>
          )}
          {items.map((item) => {
            const s = ordered[item.index];
            if (!s) return null;
            const address = addressOf(s);
            return (
              <tr
                key={address}
                data-index={item.index}
                className={`server-row${opened === address ? " opened" : ""}${selected.has(address) ? " selected" : ""}`}
                style={{ height: ROW_HEIGHT }}
                tabIndex={0}
                onClick={() => open(address)}
                onKeyDown={(e) => onRowKey(e, item.index, address)}
                data-testid={`server-row-${address}`}
              >
                <td className="col-select" onClick={(e) => e.stopPropagation()}>
                  <input
                    type="checkbox"
                    aria-label={`Select ${s.name} (${s.account})`}
                    checked={selected.has(address)}
                    onChange={() => toggle(address)}
                    tabIndex={-1}
                  />
                </td>
                {columns.map((column) => (
                  <td
                    key={column.id}
                    className={`col-${column.id}`}
                    // WebDriver (WebKitGTK) will not click a <tr>: end-to-end tests click the name.
                    data-testid={column.id === "name" ? `server-name-${address}` : undefined}
                  >
                    <Cell server={s} column={column.id as ColumnId} color={colors[s.account] ?? null} />
                  </td>
                ))}
              </tr>
            );
          })}
          {padBottom > 0 && (
            <tr aria-hidden style={{ height: padBottom }}>
              <td colSpan={11} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
    </>
  );
}

function Cell({ server, column, color }: { server: Server; column: ColumnId; color: string | null }) {
  switch (column) {
    case "account":
      return (
        <span className="account-cell">
          <span className="chip" style={{ background: color ?? "var(--chip-default)" }} aria-hidden />
          <span className="account-cell-name" title={server.account}>
            {server.account}
          </span>
        </span>
      );
    case "status":
      return (
        <span className={`status status-${server.status}`} title={server.rawStatus.text ?? undefined}>
          {server.status}
        </span>
      );
    case "created":
      return <>{server.createdAt ? server.createdAt.slice(0, 10) : ""}</>;
    default:
      return <>{cellText(server, column)}</>;
  }
}
