//! The calendar date (UTC) of a Unix time, for the build date `fleetdeck --version` shows. Shared by
//! build.rs (which computes it) and tests/version.rs (which checks the conversion); no dependency.

/// `YYYY-MM-DD` (UTC, proleptic Gregorian) of `secs` seconds since 1970-01-01T00:00:00Z.
pub fn utc_date(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Year, month (1–12) and day (1–31) of the day `days` after 1970-01-01: H. Hinnant's
/// `civil_from_days`, which counts in 400-year eras of 146,097 days whose years start on 1 March,
/// so that the leap day is the last day of a year.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468; // days since 0000-03-01
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of the era, 0..=146_096
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // year of the era, 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of the (March-based) year, 0..=365
    let mp = (5 * doy + 2) / 153; // month from March, 0..=11
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
