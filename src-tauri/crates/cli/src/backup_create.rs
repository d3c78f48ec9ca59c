//! `fleetdeck backup create ACCOUNT/SERVER_ID [--name N] [--instance-only] [--optimized-storage]
//! [--compression ALGO] [--expires DURATION_OR_DATE] [--wait]`: the options of LXD's backup
//! creation (core `BackupOptions`), checked by the provider client before its request.
//!
//! `--expires` takes a span from now (`30m`, `12h`, `7d`, `2w`), an RFC 3339 time
//! (`2026-12-31T18:00:00Z`) or a date (`2026-12-31`, midnight UTC); a time that is not ahead is
//! refused with exit 2 before any request.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use clap::Args;

use fleetdeck_core::provider::BackupOptions;
use fleetdeck_fleet::Fleet;

use crate::args::{address, Wait};
use crate::commands::action;
use crate::{Failure, Outcome};

type CmdResult = Result<Outcome, Failure>;

#[derive(Debug, Args)]
pub struct BackupCreate {
    #[arg(value_parser = address, value_name = "ACCOUNT/SERVER_ID")]
    pub server: String,
    #[arg(long, value_name = "N")]
    pub name: Option<String>,
    /// Leave the server's snapshots out of the backup.
    #[arg(long)]
    pub instance_only: bool,
    /// The storage driver's own format (faster; restorable only on a pool of the same driver).
    #[arg(long)]
    pub optimized_storage: bool,
    /// Compression of the backup file (gzip, bzip2, xz, zstd, none…); default: the server's.
    #[arg(long, value_name = "ALGO")]
    pub compression: Option<String>,
    /// When the server deletes the backup: a span from now (30m, 12h, 7d, 2w), an RFC 3339 time or a
    /// date (YYYY-MM-DD, midnight UTC). Default: kept until deleted.
    #[arg(long, value_name = "DURATION_OR_DATE", value_parser = expiry_from_now)]
    pub expires: Option<DateTime<Utc>>,
    #[command(flatten)]
    pub wait: Wait,
}

impl BackupCreate {
    /// The options this command line asks for.
    pub fn options(&self) -> BackupOptions {
        BackupOptions {
            name: self.name.clone(),
            expires_at: self.expires,
            instance_only: self.instance_only,
            optimized_storage: self.optimized_storage,
            compression_algorithm: self.compression.clone(),
        }
    }
}

pub(crate) async fn create(fleet: &Fleet, c: BackupCreate) -> CmdResult {
    let r = fleet.create_backup(&c.server, &c.options()).await?;
    action(fleet, r, c.wait.wait).await
}

fn expiry_from_now(text: &str) -> Result<DateTime<Utc>, String> {
    parse_expiry(text, Utc::now())
}

/// The expiry `text` names, seen at `now`: a span (`N` + `m`, `h`, `d` or `w`), an RFC 3339 time
/// or a date; it must lie after `now`.
pub fn parse_expiry(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    let at = if let Some(span) = span(text) {
        now.checked_add_signed(span?)
            .ok_or_else(|| format!("{text}: too far ahead"))?
    } else if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        t.with_timezone(&Utc)
    } else if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        d.and_hms_opt(0, 0, 0)
            .ok_or_else(|| format!("{text}: not a date"))?
            .and_utc()
    } else {
        return Err(format!(
            "{text}: give a span (30m, 12h, 7d, 2w), an RFC 3339 time or a date (YYYY-MM-DD)"
        ));
    };
    if at <= now {
        return Err(format!("{text}: the expiry must lie in the future"));
    }
    Ok(at)
}

/// `Some` when `text` is digits followed by one unit letter; the span, or why it is not one.
fn span(text: &str) -> Option<Result<Duration, String>> {
    let unit = text.chars().last()?;
    let digits = &text[..text.len() - unit.len_utf8()];
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let per: i64 = match unit {
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        'w' => 7 * 86_400,
        _ => return None,
    };
    let seconds = digits
        .parse::<i64>()
        .ok()
        .and_then(|n| n.checked_mul(per))
        .filter(|s| *s <= Duration::MAX.num_seconds());
    Some(match seconds {
        Some(0) => Err(format!("{text}: the expiry must lie in the future")),
        Some(s) => Ok(Duration::seconds(s)),
        None => Err(format!("{text}: too far ahead")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, 16, 0, 0).unwrap()
    }

    #[test]
    fn spans_count_from_now() {
        assert_eq!(parse_expiry("30m", now()), Ok(now() + Duration::minutes(30)));
        assert_eq!(parse_expiry("12h", now()), Ok(now() + Duration::hours(12)));
        assert_eq!(parse_expiry(" 7d ", now()), Ok(now() + Duration::days(7)));
        assert_eq!(parse_expiry("2w", now()), Ok(now() + Duration::days(14)));
    }

    #[test]
    fn times_and_dates_are_absolute() {
        assert_eq!(
            parse_expiry("2026-12-31T18:00:00+02:00", now()),
            Ok(Utc.with_ymd_and_hms(2026, 12, 31, 16, 0, 0).unwrap())
        );
        assert_eq!(
            parse_expiry("2027-01-15", now()),
            Ok(Utc.with_ymd_and_hms(2027, 1, 15, 0, 0, 0).unwrap())
        );
    }

    #[test]
    fn the_past_nonsense_and_overflow_are_refused() {
        for bad in [
            "0d",
            "2026-12-01",
            "2026-12-03T16:00:00Z",
            "7x",
            "d",
            "-3d",
            "soon",
            "",
        ] {
            assert!(parse_expiry(bad, now()).is_err(), "{bad}");
        }
        assert!(parse_expiry("99999999999999999w", now()).is_err());
    }
}
