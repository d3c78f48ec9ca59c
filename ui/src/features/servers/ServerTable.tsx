import { useMemo, type ReactNode } from "react";

import type { Server } from "../../bindings/Server";
import { ResourceTable, type TableColumn } from "../storage/ResourceTable";
import { addressOf, cellText, COLUMN_TITLE, COLUMNS, sortServers, type ColumnId } from "./model";
import { DEFAULT_SORTING } from "./sorting";

/**
 * The unified server table: the app's resource table (../storage/ResourceTable.tsx) over the
 * servers, sorted by `sortServers` (tuned for 10,000 rows), with a checkbox per row for bulk
 * actions. Enter or a click opens the detail; arrow keys move between rows; Space toggles the
 * row's selection.
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
  const columns = useMemo<TableColumn<Server>[]>(
    () =>
      COLUMNS.map((id) => ({
        id,
        title: COLUMN_TITLE[id],
        text: (s: Server) => cellText(s, id),
        cell: (s: Server) => <Cell server={s} column={id} color={colors[s.account] ?? null} />,
      })),
    [colors],
  );
  return (
    <ResourceTable
      rows={servers}
      columns={columns}
      rowId={addressOf}
      open={open}
      opened={opened}
      testId="server"
      sortTestId="sort-"
      defaultSorting={DEFAULT_SORTING}
      sort={sortServers}
      selection={{
        selected,
        toggle,
        toggleAll,
        label: (s) => `Select ${s.name} (${s.account})`,
        allLabel: "Select all shown servers",
        allTestId: "select-all",
      }}
      {...(toolbar ? { toolbar } : {})}
    />
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
