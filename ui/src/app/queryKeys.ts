// Keys of the query cache (docs/design-rules.md rule 13): `[account, resource, id]` for provider data so that
// a job's completion or an account refresh can invalidate exactly what changed. App-wide data uses one word.

export const queryKeys = {
  accounts: ["accounts"] as const,
  jobs: ["jobs"] as const,
  keyring: ["keyring"] as const,
  appInfo: ["appInfo"] as const,
  startupWarnings: ["startupWarnings"] as const,
  /** Servers of every account, or of one. */
  servers: (account?: string) => (account === undefined ? (["servers"] as const) : ([account, "servers"] as const)),
  server: (account: string, id: string) => [account, "servers", id] as const,
};
