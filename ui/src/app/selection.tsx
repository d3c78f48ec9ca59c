import { createContext, useContext } from "react";

/** Which account the sidebar has selected (`null`: all accounts). */
export interface Selection {
  account: string | null;
  select: (account: string | null) => void;
}

export const SelectionContext = createContext<Selection>({ account: null, select: () => undefined });

export const useSelection = (): Selection => useContext(SelectionContext);
