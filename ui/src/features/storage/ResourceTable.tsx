import { createColumnHelper, rowSortingFeature, tableFeatures, useTable, type SortingState } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

import { sortRows, type ResourceColumn } from "./table";

const ROW_HEIGHT = 28;

const features = tableFeatures({ rowSortingFeature });

/** A column of a resource table: its text (see ./table.ts) and, optionally, how its cell looks. */
export interface TableColumn<T> extends ResourceColumn<T> {
  cell?: (row: T) => ReactNode;
}

/** Row selection for bulk actions (the server table); tables without it have no checkboxes. */
export interface RowSelection<T> {
  selected: ReadonlySet<string>;
  toggle: (id: string) => void;
  toggleAll: (ids: string[], on: boolean) => void;
  /** The checkbox's accessible name for a row. */
  label: (row: T) => string;
  allLabel: string;
  allTestId?: string;
}

/**
 * The one table of the app (servers, snapshots, backups, images): sortable headers (click or
 * Enter), virtualised rows (only the visible ones are in the DOM), Enter or a click opens the row's
 * detail, arrow keys move between rows, Space toggles the row's selection where there is one.
 * Test ids: `<testId>-table`, `<testId>-table-scroll`, `<testId>-row-<id>`, `<testId>-name-<id>`
 * (the cell of the column `nameColumn`, which end-to-end tests click: WebKitGTK's WebDriver will
 * not click a <tr>), and `<sortTestId><column>` on the sort buttons.
 */
export function ResourceTable<T extends object>({
  rows,
  columns,
  rowId,
  open,
  opened,
  testId,
  sortTestId = `${testId}-sort-`,
  nameColumn = "name",
  defaultSorting = [{ id: nameColumn, desc: false }],
  sort,
  selection,
  toolbar,
}: {
  rows: readonly T[];
  columns: readonly TableColumn<T>[];
  rowId: (row: T) => string;
  open: (id: string) => void;
  opened: string | null;
  testId: string;
  sortTestId?: string;
  nameColumn?: string;
  defaultSorting?: SortingState;
  /** A tuned sort (the server table's); by default the columns' text in natural order. */
  sort?: (rows: readonly T[], sorting: SortingState) => T[];
  selection?: RowSelection<T>;
  /** Renders above the table with the rows in their displayed order (export, bulk bar). */
  toolbar?: (rows: T[]) => ReactNode;
}) {
  const [sorting, setSorting] = useState<SortingState>(defaultSorting);
  const ordered = useMemo(
    () => (sort ? sort(rows, sorting) : sortRows(rows, sorting, columns)),
    [rows, sorting, sort, columns],
  );
  const tableColumns = useMemo(() => {
    const helper = createColumnHelper<typeof features, T>();
    return helper.columns(columns.map((c) => helper.accessor((row: T) => c.text(row), { id: c.id, header: c.title })));
  }, [columns]);
  // TanStack Table owns the columns, the headers and the sort state; the rows are `ordered`
  // itself, of which only the visible ones are rendered (no row model over every row is built).
  const table = useTable({
    features,
    columns: tableColumns,
    data: ordered,
    manualSorting: true,
    getRowId: rowId,
    state: { sorting },
    onSortingChange: setSorting,
    enableSortingRemoval: false,
  });

  const scroller = useRef<HTMLDivElement>(null);
  // The app does not use the React Compiler; the virtualizer re-renders this component itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: ordered.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => (ordered[i] ? rowId(ordered[i]) : i),
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const span = columns.length + (selection ? 1 : 0);

  const picked = selection?.selected;
  const allSelected = useMemo(
    () => picked !== undefined && ordered.length > 0 && ordered.every((r) => picked.has(rowId(r))),
    [picked, ordered, rowId],
  );

  const count = ordered.length;
  // Stable while the rows stay: a scroll step re-renders only the rows it brings in (TableRow is memoised).
  const onRowKey = useCallback(
    (e: KeyboardEvent<HTMLTableRowElement>, index: number, id: string) => {
      if (e.key === "Enter") open(id);
      else if (e.key === " " && selection) {
        e.preventDefault();
        selection.toggle(id);
      } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const next = index + (e.key === "ArrowDown" ? 1 : -1);
        if (next < 0 || next >= count) return;
        virtualizer.scrollToIndex(next);
        requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus());
      }
    },
    [open, selection, count, virtualizer],
  );
  // The toolbar (counts, export, bulk bar) is made again when the rows or the caller change, not at each scroll step.
  const toolbarNode = useMemo(() => toolbar?.(ordered), [toolbar, ordered]);

  return (
    <>
      {toolbarNode}
      <div className="table-scroll" ref={scroller} data-testid={`${testId}-table-scroll`}>
        <table
          className={`server-table resource-table resource-table-${testId}`}
          data-testid={`${testId}-table`}
          aria-rowcount={ordered.length + 1}
        >
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {selection && (
                  <th className="col-select">
                    <input
                      type="checkbox"
                      aria-label={selection.allLabel}
                      checked={allSelected}
                      onChange={(e) => selection.toggleAll(ordered.map(rowId), e.target.checked)}
                      data-testid={selection.allTestId ?? `${testId}-select-all`}
                    />
                  </th>
                )}
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
                        data-testid={`${sortTestId}${header.id}`}
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
                <td colSpan={span} />
              </tr>
            )}
            {items.map((item) => {
              const row = ordered[item.index];
              if (!row) return null;
              const id = rowId(row);
              return (
                <TableRow
                  key={id}
                  row={row}
                  id={id}
                  index={item.index}
                  opened={opened === id}
                  picked={selection?.selected.has(id) ?? false}
                  columns={columns}
                  nameColumn={nameColumn}
                  testId={testId}
                  selection={selection}
                  open={open}
                  onKey={onRowKey}
                />
              );
            })}
            {padBottom > 0 && (
              <tr aria-hidden style={{ height: padBottom }}>
                <td colSpan={span} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

interface TableRowProps<T> {
  row: T;
  id: string;
  index: number;
  opened: boolean;
  picked: boolean;
  columns: readonly TableColumn<T>[];
  nameColumn: string;
  testId: string;
  selection: RowSelection<T> | undefined;
  open: (id: string) => void;
  onKey: (e: KeyboardEvent<HTMLTableRowElement>, index: number, id: string) => void;
}

/** One row; memoised, so that scrolling renders only the rows that come into view. */
const TableRow = memo(function TableRow<T extends object>({
  row,
  id,
  index,
  opened,
  picked,
  columns,
  nameColumn,
  testId,
  selection,
  open,
  onKey,
}: TableRowProps<T>) {
  return (
    <tr
      data-index={index}
      className={`server-row${opened ? " opened" : ""}${picked ? " selected" : ""}`}
      style={{ height: ROW_HEIGHT }}
      tabIndex={0}
      onClick={() => open(id)}
      onKeyDown={(e) => onKey(e, index, id)}
      data-testid={`${testId}-row-${id}`}
    >
      {selection && (
        <td className="col-select" onClick={(e) => e.stopPropagation()}>
          <input
            type="checkbox"
            aria-label={selection.label(row)}
            checked={picked}
            onChange={() => selection.toggle(id)}
            tabIndex={-1}
          />
        </td>
      )}
      {columns.map((column) => (
        <td
          key={column.id}
          className={`col-${column.id}`}
          data-testid={column.id === nameColumn ? `${testId}-name-${id}` : undefined}
        >
          {column.cell ? column.cell(row) : column.text(row)}
        </td>
      ))}
    </tr>
  );
}) as <T extends object>(props: TableRowProps<T>) => ReactNode;
