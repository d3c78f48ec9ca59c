// Backup schedules (Cloudzy backup profiles) as the view reads them: the weekdays, the next run.
import type { BackupPolicy } from "../../bindings/BackupPolicy";

export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;

/** Index 0 (Sunday) … 6 of a weekday as a provider may spell it (`monday`, `Mon`, `1`). */
function weekdayIndex(day: string): number | null {
  const d = day.trim().toLowerCase();
  if (/^[0-6]$/.test(d)) return Number(d);
  const i = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].indexOf(d.slice(0, 3));
  return i < 0 ? null : i;
}

const DAY = 86_400_000;

/**
 * When the schedule should run next, estimated from the last successful run and the frequency
 * (the provider does not say): daily runs a day after the last at the same time, weekly on the
 * next listed weekday. `null` when the schedule is not active or its frequency is unknown.
 */
export function nextBackupAt(p: Pick<BackupPolicy, "status" | "frequency" | "weekdays" | "lastSuccessAt">, now: number): number | null {
  if (p.status.toLowerCase() !== "active") return null;
  const last = p.lastSuccessAt === null ? Number.NaN : Date.parse(p.lastSuccessAt);
  const frequency = p.frequency.toLowerCase();
  if (frequency === "daily") {
    if (Number.isNaN(last)) return null;
    let next = last + DAY;
    while (next < now) next += DAY;
    return next;
  }
  if (frequency === "weekly") {
    const days = new Set(p.weekdays.map(weekdayIndex).filter((d): d is number => d !== null));
    if (days.size === 0 || Number.isNaN(last)) return null;
    let next = last + DAY;
    while (next < now || !days.has(new Date(next).getUTCDay())) next += DAY;
    return next;
  }
  return null;
}

/** How a frequency and a weekday read; by default as the provider spells them. */
export interface ScheduleWords {
  frequency: (frequency: string) => string;
  weekday: (day: string) => string;
}

const AS_SENT: ScheduleWords = { frequency: (f) => f, weekday: (d) => d };

/** `daily`, or `weekly (monday, thursday)`, with `words` for the UI's language. */
export const scheduleText = (p: Pick<BackupPolicy, "frequency" | "weekdays">, words: ScheduleWords = AS_SENT): string =>
  p.weekdays.length > 0 ? `${words.frequency(p.frequency)} (${p.weekdays.map(words.weekday).join(", ")})` : words.frequency(p.frequency);
