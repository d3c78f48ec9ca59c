import { createContext, useContext } from "react";

import type { ViewId, ViewSpec } from "./views";

/** The views shown (some account offers them), the one on screen, and a way to open one. */
export interface Nav {
  views: readonly ViewSpec[];
  current: ViewId | null;
  go: (view: ViewId) => void;
}

export const NavContext = createContext<Nav>({ views: [], current: null, go: () => undefined });

export const useNav = (): Nav => useContext(NavContext);
