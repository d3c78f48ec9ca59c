import { useEffect, useState } from "react";

export type ColorScheme = "light" | "dark";

const QUERY = "(prefers-color-scheme: dark)";

function media(): MediaQueryList | undefined {
  return typeof window.matchMedia === "function" ? window.matchMedia(QUERY) : undefined;
}

/** The system's colour scheme, followed live; `light` where the platform cannot tell. */
export function useSystemColorScheme(): ColorScheme {
  const [dark, setDark] = useState(() => media()?.matches ?? false);
  useEffect(() => {
    const m = media();
    if (!m) return;
    const onChange = (e: MediaQueryListEvent) => setDark(e.matches);
    m.addEventListener("change", onChange);
    return () => m.removeEventListener("change", onChange);
  }, []);
  return dark ? "dark" : "light";
}
