import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";

import type { SavePurpose } from "../../bindings/SavePurpose";
import { CommandRejection, mockCommands, type CommandHandler } from "../../testing/ipc";
import { callsOf } from "../../testing/render";
import { isFullPath, SavePathField } from "./SavePathField";

/** The field as a dialog holds it: the path in the parent's state, shown below for assertions. */
function Holder({ purpose, suggestedName, initial = "" }: { purpose: SavePurpose; suggestedName?: string; initial?: string }) {
  const [path, setPath] = useState(initial);
  return (
    <>
      <SavePathField label="Save to" purpose={purpose} suggestedName={suggestedName} value={path} onChange={setPath} testId="target" />
      <output data-testid="held">{path}</output>
    </>
  );
}

function setup(choose: CommandHandler, props: Parameters<typeof Holder>[0]) {
  const { calls } = mockCommands({ choose_save_path: choose });
  const user = userEvent.setup();
  render(<Holder {...props} />);
  return { calls, user };
}

describe("SavePathField", () => {
  it("fills the path chosen in the native dialog, asking for the purpose and the suggested name", async () => {
    const { calls, user } = setup(() => "/home/me/.ssh/id_work", { purpose: "privateKey", suggestedName: "id_work" });
    await user.click(screen.getByTestId("save-path-choose"));
    await waitFor(() => expect(screen.getByTestId("target")).toHaveValue("/home/me/.ssh/id_work"));
    expect(screen.getByTestId("held")).toHaveTextContent("/home/me/.ssh/id_work");
    expect(callsOf(calls, "choose_save_path")).toEqual([{ purpose: "privateKey", suggestedName: "id_work" }]);
  });

  it("keeps what was typed when the dialog is cancelled", async () => {
    const { calls, user } = setup(() => null, { purpose: "backupArchive" });
    await user.type(screen.getByTestId("target"), "/tmp/c1.tar.gz");
    await user.click(screen.getByTestId("save-path-choose"));
    await waitFor(() => expect(callsOf(calls, "choose_save_path")).toEqual([{ purpose: "backupArchive", suggestedName: null }]));
    await waitFor(() => expect(screen.getByTestId("save-path-choose")).toBeEnabled());
    expect(screen.getByTestId("target")).toHaveValue("/tmp/c1.tar.gz");
    expect(screen.getByTestId("held")).toHaveTextContent("/tmp/c1.tar.gz");
  });

  it("says why Rust refused the chosen file, until the path is changed", async () => {
    const { user } = setup(
      () => {
        throw new CommandRejection({ code: "invalidInput", message: "id.pub is a public key's name", details: {} });
      },
      { purpose: "privateKey", initial: "/home/me/id" },
    );
    await user.click(screen.getByTestId("save-path-choose"));
    expect(await screen.findByRole("alert")).toHaveTextContent("id.pub is a public key's name");
    expect(screen.getByTestId("target")).toHaveValue("/home/me/id");
    await user.type(screen.getByTestId("target"), "_2");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByTestId("held")).toHaveTextContent("/home/me/id_2");
  });
});

describe("full paths", () => {
  it("takes absolute Unix and Windows paths, not relative ones or ~", () => {
    for (const p of ["/home/me/.ssh/id", "C:\\Users\\me\\id", "d:/keys/id", "\\\\server\\share\\id"]) expect(isFullPath(p)).toBe(true);
    for (const p of ["id", "keys/id", "./id", "~/.ssh/id", ""]) expect(isFullPath(p)).toBe(false);
  });
});
