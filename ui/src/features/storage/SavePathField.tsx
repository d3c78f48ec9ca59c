import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { SavePurpose } from "../../bindings/SavePurpose";
import { Field } from "../../app/Dialog";
import { chooseSavePath, FleetdeckError } from "../../platform";

/**
 * A full path as Rust takes one for a file it writes (src-tauri/crates/fleet/src/keys.rs,
 * backup_download.rs): absolute on Unix (`/…`) or Windows (`C:\…`, `\\server\…`). `~` is a shell's
 * shorthand, not a path, and is not taken.
 */
export const isFullPath = (path: string): boolean => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(path.trim());

/**
 * Where Rust will save a file: a text field for the full path (typing works, and the end-to-end
 * tests type), and "Choose…", which opens the native "Save as…" dialog in Rust for `purpose`
 * (its title, filter and folder: src-tauri/src/file_dialogs.rs) and fills the field with the path
 * chosen. Cancelling the dialog leaves the field as it was; a path Rust refuses is said under it.
 * The page itself never touches the file system.
 */
export function SavePathField({
  label,
  hint,
  purpose,
  suggestedName,
  value,
  onChange,
  error,
  testId,
}: {
  label: string;
  hint?: string;
  purpose: SavePurpose;
  /** The file name the dialog offers first (only its last part is used). */
  suggestedName?: string | null | undefined;
  value: string;
  onChange: (path: string) => void;
  /** The caller's own check of the path, shown when the dialog has nothing to say. */
  error?: string | undefined;
  /** On the text field; the button is `save-path-choose`. */
  testId: string;
}) {
  const { t } = useTranslation("storage");
  const [choosing, setChoosing] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const choose = async () => {
    setChoosing(true);
    setRefused(null);
    try {
      const path = await chooseSavePath(purpose, suggestedName ?? null);
      if (path !== null) onChange(path);
    } catch (e) {
      setRefused(FleetdeckError.from(e).message);
    } finally {
      setChoosing(false);
    }
  };
  const shown = refused ?? error;
  return (
    <Field label={label} {...(hint ? { hint } : {})} {...(shown !== undefined ? { error: shown } : {})}>
      {(p) => (
        <div style={{ display: "flex", gap: 6 }}>
          <input
            {...p}
            style={{ flex: 1, minWidth: 0 }}
            value={value}
            onChange={(e) => {
              setRefused(null);
              onChange(e.target.value);
            }}
            data-testid={testId}
            spellCheck={false}
            autoComplete="off"
          />
          <button type="button" onClick={() => void choose()} disabled={choosing} data-testid="save-path-choose">
            {choosing ? t("savePath.choosing") : t("savePath.choose")}
          </button>
        </div>
      )}
    </Field>
  );
}
