import { createContext, useContext } from "react";

/**
 * What the user is looking at: the account the sidebar selected (`null`: all accounts) and the
 * server whose detail pane is open (its address `ACCOUNT/ID`).
 */
export interface Selection {
  account: string | null;
  select: (account: string | null) => void;
  server: string | null;
  openServer: (address: string | null) => void;
}

export const SelectionContext = createContext<Selection>({
  account: null,
  select: () => undefined,
  server: null,
  openServer: () => undefined,
});

export const useSelection = (): Selection => useContext(SelectionContext);
