import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import type { RouterHistory } from "@tanstack/react-router";
import { useState } from "react";

import { Frame } from "./Frame";
import { useRememberedView } from "./nav/rememberedView";
import { createAppRouter } from "./nav/router";
import { TrayViews } from "./nav/trayViews";
import { createQueryClient } from "./queryClient";

/**
 * The app: the query cache around the frame, whose main area is routed (./nav/router.tsx) and
 * reopens the view of the last run (./nav/rememberedView.ts). Tests pass their own client and a
 * memory history.
 */
export function App({ client, history }: { client?: QueryClient; history?: RouterHistory }) {
  const [queryClient] = useState(() => client ?? createQueryClient());
  const [router] = useState(() => createAppRouter(history));
  useRememberedView(router);
  return (
    <QueryClientProvider client={queryClient}>
      <TrayViews router={router} />
      <Frame router={router} />
    </QueryClientProvider>
  );
}
