import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Frame } from "./Frame";
import { createQueryClient } from "./queryClient";

/** The app: the query cache around the frame. Tests pass their own client. */
export function App({ client }: { client?: QueryClient }) {
  const [queryClient] = useState(() => client ?? createQueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      <Frame />
    </QueryClientProvider>
  );
}
