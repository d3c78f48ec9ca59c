import type { SortingState } from "@tanstack/react-table";
import { useCallback, useEffect, useMemo, type ReactNode } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

import type { Server } from "../../bindings/Server";
import { markStartup } from "../../app/startupMarks";
import { useFormat } from "../../i18n/format";
import { ResourceTable, type TableColumn } from "../storage/ResourceTable";
import type { ServerStatus } from "../../bindings/ServerStatus";
import { NO_NAMES, type CatalogNames } from "./catalogNames";
import { addressOf, cellText, COLUMN_TITLE, COLUMNS, shownNames, sortServers, type ColumnId } from "./model";
import { DEFAULT_SORTING } from "./sorting";
import { statusBadge, useStatusWord } from "./ServerStatusBadge";

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
  names = NO_NAMES,
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
  /** Names of regions, plans and images from the accounts' catalogs (./catalogNames.ts). */
  names?: CatalogNames;
}) {
  const { t } = useTranslation("servers");
  const format = useFormat();
  const statusWord = useStatusWord();
  // Cells are plain functions of what the table's hooks read once: as components with their own
  // translation and format hooks, the ~40 rows mounting at each scroll step or keystroke made
  // hundreds of hook subscriptions.
  const columns = useMemo<TableColumn<Server>[]>(() => {
    const look: CellLook = { t, date: format.date, statusWord, names };
    return COLUMNS.map((id) => ({
      id,
      title: t(COLUMN_TITLE[id]),
      text: (s: Server) => cellText(s, id),
      cell: (s: Server) => cellOf(s, id, colors[s.account] ?? null, look),
    }));
  }, [colors, names, t, format, statusWord]);
  useEffect(() => {
    if (servers.length > 0) markStartup("first-rows");
  }, [servers.length]);
  // Region, plan and image sort by the names the cells show.
  const sortByShown = useCallback((rows: readonly Server[], sorting: SortingState) => sortServers(rows, sorting, names), [names]);
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
      sort={sortByShown}
      selection={{
        selected,
        toggle,
        toggleAll,
        label: (s) => t("table.select", { name: s.name, account: s.account }),
        allLabel: t("table.selectAll"),
        allTestId: "select-all",
      }}
      {...(toolbar ? { toolbar } : {})}
    />
  );
}

/** What the cells read from the table's hooks. */
interface CellLook {
  t: TFunction<"servers">;
  date: (value: string | null) => string;
  statusWord: (status: ServerStatus) => string;
  names: CatalogNames;
}

function cellOf(server: Server, column: ColumnId, color: string | null, { t, date, statusWord, names }: CellLook): ReactNode {
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
      return statusBadge(server, statusWord);
    case "region":
    case "plan":
    case "image": {
      // The catalog's name, its id on hover (the detail shows and copies it).
      const id = server[column];
      const name = shownNames(server, names)[column];
      return id !== null && name !== id ? <span title={t(`table.idTitle.${column}`, { id })}>{name}</span> : (id ?? "");
    }
    case "created":
      return date(server.createdAt);
    default:
      return cellText(server, column);
  }
}
