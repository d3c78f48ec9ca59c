import { QueryClient } from "@tanstack/react-query";

import { FleetdeckError } from "../platform";

/** The query cache of the app. Errors that retrying cannot fix are not retried. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Provider data is refreshed by events and explicit refreshes, not by focus changes.
        refetchOnWindowFocus: false,
        staleTime: 30_000,
        retry: (failures, error) => {
          const code = error instanceof FleetdeckError ? error.code : "internal";
          return failures < 2 && (code === "network" || code === "timeout");
        },
      },
    },
  });
}
