import { listen, type UnlistenFn } from "@tauri-apps/api/event";

import type { AccountState } from "../bindings/AccountState";
import type { Job } from "../bindings/Job";

/** The events the app pushes (src-tauri/src/events.rs emits the same names). */
export const EVENT = {
  /** A job started, progressed or ended; payload: {@link Job}. */
  job: "fleet://job",
  /** An account's servers were refreshed (or failed to be); payload: {@link AccountState}. */
  account: "fleet://account",
  /** Something the user should know that is not an action's error; payload: a message. */
  warning: "fleet://warning",
} as const;

export type Unsubscribe = UnlistenFn;

export const onJob = (handler: (job: Job) => void): Promise<Unsubscribe> =>
  listen<Job>(EVENT.job, (e) => handler(e.payload));

export const onAccountRefreshed = (handler: (state: AccountState) => void): Promise<Unsubscribe> =>
  listen<AccountState>(EVENT.account, (e) => handler(e.payload));

export const onWarning = (handler: (message: string) => void): Promise<Unsubscribe> =>
  listen<string>(EVENT.warning, (e) => handler(e.payload));
