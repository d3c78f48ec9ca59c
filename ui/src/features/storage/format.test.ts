import { i18n } from "../../i18n";
import { dateText, sizeSort, sizeText, timeSort, timeText } from "./format";
import { sortRows, type ResourceColumn } from "./table";

describe("storage sizes and times", () => {
  it("read in the UI's language, local time (UTC in tests)", async () => {
    expect(sizeText(0.8)).toBe("0.8 GB");
    expect(sizeText(1234)).toBe("1,234 GB");
    expect(sizeText(null)).toBe("");
    expect(timeText("2026-01-31T14:05:00Z")).toMatch(/^Jan 31, 2026, 2:05\sPM$/);
    expect(dateText("2026-01-31T14:05:00Z")).toBe("Jan 31, 2026");
    expect(timeText(null)).toBe("");
    await i18n.changeLanguage("pt-BR");
    expect(sizeText(0.8)).toBe("0,8 GB");
    expect(sizeText(1234)).toBe("1.234 GB");
    expect(timeText("2026-01-31T14:05:00Z")).toBe("31 de jan. de 2026, 14:05");
    expect(dateText("2026-01-31")).toBe("31 de jan. de 2026");
  });

  it("sort by their value, not by their text", () => {
    type Row = { gb: number | null; at: string | null };
    const rows: Row[] = [
      { gb: 1234, at: "2026-02-01T00:00:00Z" },
      { gb: 999, at: "2026-01-31T00:00:00Z" },
      { gb: 0.75, at: null },
    ];
    const columns: ResourceColumn<Row>[] = [
      { id: "size", title: "Size", text: (r) => sizeText(r.gb), sort: (r) => sizeSort(r.gb) },
      { id: "at", title: "At", text: (r) => timeText(r.at), sort: (r) => timeSort(r.at) },
    ];
    expect(sortRows(rows, [{ id: "size", desc: false }], columns).map((r) => r.gb)).toEqual([0.75, 999, 1234]);
    // Feb sorts after Jan although "Feb 1" < "Jan 31" as text; no time sorts last.
    expect(sortRows(rows, [{ id: "at", desc: false }], columns).map((r) => r.gb)).toEqual([999, 1234, 0.75]);
  });
});
