import { useCallback, useMemo, useRef, useState, type ReactNode } from "react";

import { JobsPanel } from "./JobsPanel";
import { MainArea } from "./MainArea";
import { SelectionContext } from "./selection";
import { Sidebar } from "./Sidebar";
import { StatusBar } from "./StatusBar";
import { Toasts, type Toast } from "./Toasts";
import { useSystemColorScheme } from "./useColorScheme";
import { useFleetEvents } from "./useFleetEvents";

/**
 * The window's layout: accounts on the left, the main area, the jobs panel below it, a status bar.
 * `main` replaces the default main area (feature screens plug in here).
 */
export function Frame({ main }: { main?: ReactNode }) {
  const scheme = useSystemColorScheme();
  const [account, setAccount] = useState<string | null>(null);
  const selection = useMemo(() => ({ account, select: setAccount }), [account]);

  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextToast = useRef(1);
  const pushToast = useCallback((message: string) => {
    const id = nextToast.current++;
    setToasts((ts) => [...ts, { id, message }]);
  }, []);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  useFleetEvents(pushToast);

  return (
    <SelectionContext.Provider value={selection}>
      <div className="frame" data-theme={scheme} data-testid="app-frame">
        <Sidebar />
        <div className="content">
          {main ?? <MainArea />}
          <JobsPanel />
        </div>
        <StatusBar />
        <Toasts toasts={toasts} dismiss={dismiss} />
      </div>
    </SelectionContext.Provider>
  );
}
