// The words of the action table in the UI's language. The table's `label` and `verb`
// (bindings/serverActions.ts, generated from Rust) are English; the `servers` catalogue has
// `actions.<id>.label` and `actions.<id>.verb` for every id (tested in ./actions.test.tsx).
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import type { ActionId } from "./capabilities";

/** The catalogue key (namespace `servers`) of an action's button text. */
export const actionLabelKey = (id: ActionId) => `actions.${id}.label` as const;

/** The catalogue key (namespace `servers`) of an action's verb for messages ("shut down"). */
export const actionVerbKey = (id: ActionId) => `actions.${id}.verb` as const;

/** An action's button text and verb in the current language. */
export function useActionText() {
  const { t } = useTranslation("servers");
  // One object per language, so that memos depending on it hold while the language does.
  return useMemo(
    () => ({
      label: (id: ActionId): string => t(actionLabelKey(id)),
      verb: (id: ActionId): string => t(actionVerbKey(id)),
    }),
    [t],
  );
}
