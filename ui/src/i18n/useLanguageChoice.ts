import { useCallback, useEffect, useState } from "react";

import type { LanguageChoice } from "../bindings/LanguageChoice";
import { getPref, setPref } from "../platform";
import { applyLanguage, resolveLanguage } from "./index";

/**
 * The language preference (prefs.rs `language`): read at start and applied, changed from the
 * status bar. Rust reads the same preference for the tray and the notifications.
 */
export function useLanguageChoice(): [LanguageChoice, (choice: LanguageChoice) => void] {
  const [choice, setChoice] = useState<LanguageChoice>("system");
  useEffect(() => {
    getPref("language")
      .then((stored) => {
        setChoice(stored);
        return applyLanguage(resolveLanguage(stored));
      })
      .catch(() => undefined); // No preferences (tests, a broken file): the system's language.
  }, []);
  const choose = useCallback((next: LanguageChoice) => {
    setChoice(next);
    void applyLanguage(resolveLanguage(next));
    setPref("language", next).catch(() => undefined);
  }, []);
  return [choice, choose];
}
