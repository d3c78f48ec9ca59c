// Names of a server's region, plan and image, from its account's catalog (the `regions`, `plans`
// and `images` commands the create wizard calls). The catalog lives in the query cache under the
// wizard's own keys (queryKeys.regions / plans / images with no region), so there is one copy:
// whatever refetches the catalog renames the servers too. An id the catalog does not know (an
// account without a catalog, a retired plan, the catalog not fetched yet or offline) shows as
// itself.
import { useQueries } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import type { AccountView } from "../../bindings/AccountView";
import type { Image } from "../../bindings/Image";
import type { Plan } from "../../bindings/Plan";
import type { Price } from "../../bindings/Price";
import type { Region } from "../../bindings/Region";
import { queryKeys } from "../../app/queryKeys";
import { i18n } from "../../i18n";
import { formatDecimal, formatNumber } from "../../i18n/format";
import { images, plans, regions } from "../../platform";

/** A catalog entry's display name by its id, per account. */
export interface CatalogNames {
  region: (account: string, id: string) => string | undefined;
  plan: (account: string, id: string) => string | undefined;
  image: (account: string, id: string) => string | undefined;
}

/** No names at all: every id shows as itself. */
export const NO_NAMES: CatalogNames = { region: () => undefined, plan: () => undefined, image: () => undefined };

// The functions below write in `lng`, the UI's language unless told (hooks pass theirs, so that
// what they build follows a change of language).

/** `8 GB`, or `512 MB` below a gigabyte or when not a whole number of them. */
export function memoryText(mb: number, lng: string = i18n.language): string {
  return mb >= 1024 && mb % 1024 === 0
    ? `${formatNumber(mb / 1024, lng)} GB`
    : mb >= 1024
      ? `${formatNumber(mb / 1024, lng, 1)} GB`
      : `${formatNumber(mb, lng)} MB`;
}

/**
 * `$24/mo`, `9.95 EUR/mo` or `$0.015/h` (`US$ 24/mês` in pt-BR): the amount as Rust wrote it, with
 * the language's separators (../../i18n/format.ts `formatDecimal`: never computed) and only a
 * `.00` tail dropped.
 */
export function priceText(p: Price, lng: string = i18n.language): string {
  const t = i18n.getFixedT(lng, "servers");
  const amount = formatDecimal(p.amount.amount, lng).replace(/[.,]00$/, "");
  const money =
    p.amount.currency === "USD" ? t("catalog.usd", { amount }) : `${amount}${p.amount.currency ? ` ${p.amount.currency}` : ""}`;
  return p.period === "oneTime" ? money : `${money}${t(`catalog.period.${p.period}`)}`;
}

/** `4 vCPU · 8 GB · $24/mo` (the monthly price, else the first one); the plan's name when it states no size. */
export function planLabel(p: Plan, lng: string = i18n.language): string {
  const price = p.prices.find((x) => x.period === "monthly") ?? p.prices[0];
  const parts = [
    p.vcpus !== null ? `${formatNumber(p.vcpus, lng)} vCPU` : null,
    p.memoryMb !== null ? memoryText(p.memoryMb, lng) : null,
    price ? priceText(price, lng) : null,
  ].filter((x): x is string => x !== null);
  if (p.vcpus === null && p.memoryMb === null) return p.name ?? (parts.length > 0 ? `${p.id} · ${parts.join(" · ")}` : p.id);
  return parts.join(" · ");
}

/** `Rocky Linux 9`: the image's name (its version added when the name lacks it). */
export function imageLabel(i: Image): string {
  if (i.version && !i.name.includes(i.version)) return `${i.name} ${i.version}`;
  return i.name;
}

/** The region's name, else its city and country, else its id. */
export function regionLabel(r: Region): string {
  if (r.name) return r.name;
  const place = [r.city, r.country].filter((x): x is string => !!x).join(", ");
  return place || r.id;
}

/** Names by `account → id`, built from catalog answers (later entries do not replace earlier ones). */
export function namesFrom(
  catalogs: {
    regions: readonly Region[];
    plans: readonly Plan[];
    images: readonly Image[];
  },
  lng: string = i18n.language,
): CatalogNames {
  const index = <T extends { account: string; id: string }>(items: readonly T[], label: (t: T) => string) => {
    const byKey = new Map<string, string>();
    for (const item of items) {
      const key = `${item.account}\u0000${item.id}`;
      if (!byKey.has(key)) byKey.set(key, label(item));
    }
    return (account: string, id: string) => byKey.get(`${account}\u0000${id}`);
  };
  return {
    region: index(catalogs.regions, regionLabel),
    plan: index(catalogs.plans, (p) => planLabel(p, lng)),
    image: index(catalogs.images, imageLabel),
  };
}

// The catalog changes rarely: an hour before a new view refetches it on its own (the create
// wizard and the plans view refetch through the same keys, and so rename the servers).
const CATALOG_STALE_MS = 60 * 60 * 1000;

/**
 * The names of the catalogs of `accounts` (those that offer a catalog), fetched through the query
 * cache's catalog keys. Failing accounts simply have no names.
 */
export function useCatalogNames(accounts: readonly AccountView[]): CatalogNames {
  // Plans are named with their sizes and prices, written in the UI's language.
  const lng = useTranslation().i18n.language;
  const queries = accounts.flatMap((v) => {
    const name = v.account.name;
    const c = v.capabilities.create;
    return [
      c.regions
        ? { queryKey: queryKeys.regions(name), queryFn: () => regions(name), staleTime: CATALOG_STALE_MS, retry: false }
        : null,
      c.plans
        ? { queryKey: queryKeys.plans(name, null), queryFn: () => plans(name, null), staleTime: CATALOG_STALE_MS, retry: false }
        : null,
      c.images
        ? { queryKey: queryKeys.images(name, null), queryFn: () => images(name, null), staleTime: CATALOG_STALE_MS, retry: false }
        : null,
    ].filter((q) => q !== null);
  });
  const results = useQueries({ queries, combine: dataOf });
  const kinds = queries.map((q) => q.queryKey[1]).join(",");
  return useMemo(() => {
    const byKind: { regions: Region[]; plans: Plan[]; images: Image[] } = { regions: [], plans: [], images: [] };
    const order = kinds.split(",");
    results.forEach((data, i) => {
      const kind = order[i];
      if (!Array.isArray(data)) return;
      if (kind === "regions") byKind.regions.push(...(data as Region[]));
      else if (kind === "plans") byKind.plans.push(...(data as Plan[]));
      else if (kind === "images") byKind.images.push(...(data as Image[]));
    });
    return namesFrom(byKind, lng);
  }, [results, kinds, lng]);
}

// A module-level (stable) `combine`: TanStack Query reruns it only when an answer changes, and
// shares the array structurally, so the names above rebuild only when some catalog changed.
const dataOf = (rs: { data: unknown }[]): unknown[] => rs.map((r) => r.data);
