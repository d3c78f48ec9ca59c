// The server table's TanStack Table setup (sorting), shared by the React table and the benchmark.
import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_text,
  tableFeatures,
  type SortingState,
} from "@tanstack/react-table";

import type { Server } from "../../bindings/Server";
import { addressOf, cellText, COLUMN_TITLE, COLUMNS, type ColumnId } from "./model";

export const serverTableFeatures = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text },
});

const helper = createColumnHelper<typeof serverTableFeatures, Server>();

// Names and plans carry numbers (web-2 before web-10); the rest compares as text.
const NATURAL: ReadonlySet<ColumnId> = new Set<ColumnId>(["name", "plan", "image", "ipv4"]);

export const serverColumns = helper.columns(
  COLUMNS.map((id) =>
    helper.accessor((s) => cellText(s, id), {
      id,
      header: COLUMN_TITLE[id],
      sortFn: NATURAL.has(id) ? "alphanumeric" : "text",
    }),
  ),
);

export const DEFAULT_SORTING: SortingState = [{ id: "name", desc: false }];

export const serverRowId = (s: Server): string => addressOf(s);
