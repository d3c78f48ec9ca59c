import { act, fireEvent, render, screen } from "@testing-library/react";

import { ResourceTable, type TableColumn } from "./ResourceTable";

interface Item {
  id: string;
  name: string;
}

const items: Item[] = Array.from({ length: 1000 }, (_, i) => ({ id: String(i), name: `item-${String(i).padStart(4, "0")}` }));

describe("the resource table while it scrolls", () => {
  it("renders only the rows that come into view, and not its toolbar again", async () => {
    const made: string[] = [];
    let toolbars = 0;
    const columns: TableColumn<Item>[] = [
      {
        id: "name",
        title: "Name",
        text: (r) => r.name,
        cell: (r) => {
          made.push(r.id);
          return r.name;
        },
      },
    ];
    render(
      <ResourceTable
        rows={items}
        columns={columns}
        rowId={(r) => r.id}
        open={() => undefined}
        opened={null}
        testId="item"
        toolbar={(rows) => {
          toolbars++;
          return <span>{rows.length} items</span>;
        }}
      />,
    );
    expect(screen.getByTestId("item-row-0")).toBeInTheDocument();
    const before = new Set(made);
    made.length = 0;
    toolbars = 0;

    const scroller = screen.getByTestId("item-table-scroll");
    // Ten rows down (28 px each).
    await act(async () => {
      scroller.scrollTop = 280;
      fireEvent.scroll(scroller);
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(screen.getByTestId("item-row-45")).toBeInTheDocument();
    // The rows already on screen were not made again: only those that came in.
    expect(made.length).toBeGreaterThan(0);
    expect(made.filter((id) => before.has(id))).toEqual([]);
    expect(toolbars).toBe(0);
  });
});
