//! The fault suite: every fault the sandbox can inject, against every provider, through the same
//! `Fleet` the desktop app and the CLI use, plus two processes writing the store at once and a
//! `kill -9` in the middle of a cache write. Each case ends in a [`Row`] of one table (printed by
//! `tests/fault_suite.rs` and copied into the README under "Reliability").
//!
//! What every row checks: nothing is lost (every server the provider has is still listed, fresh or
//! from the cache, and every account written is still in the list), the other accounts are not
//! affected, an error names the account it belongs to, and a write is sent once (never retried).

pub mod matrix;
pub mod store_load;

use std::fmt::Write as _;

/// One case of the suite and what it found.
#[derive(Debug, Clone)]
pub struct Row {
    pub fault: String,
    pub provider: String,
    /// What the user sees: "recovered", "error network", "job succeeded"…
    pub outcome: String,
    /// Servers or accounts missing afterwards (must be 0).
    pub lost: usize,
    /// The other accounts answered as usual (`None` when the case has no other account).
    pub others_ok: Option<bool>,
    /// The error names the account (`None` when there was no error).
    pub names_account: Option<bool>,
    /// How many times the faulty write reached the provider (`None` for reads); 1 means no retry.
    pub writes_sent: Option<u64>,
    /// Anything else the case requires, failed (empty when it held).
    pub broken: Vec<String>,
}

impl Row {
    pub fn new(fault: &str, provider: &str) -> Self {
        Row {
            fault: fault.to_owned(),
            provider: provider.to_owned(),
            outcome: String::new(),
            lost: 0,
            others_ok: None,
            names_account: None,
            writes_sent: None,
            broken: Vec::new(),
        }
    }

    /// Every requirement of the row held.
    pub fn passed(&self) -> bool {
        self.lost == 0
            && self.others_ok != Some(false)
            && self.names_account != Some(false)
            && self.writes_sent.is_none_or(|n| n == 1)
            && self.broken.is_empty()
    }
}

/// The rows as a Markdown table (the README's "Reliability" section).
pub fn table(rows: &[Row]) -> String {
    let yes_no = |b: Option<bool>| match b {
        None => "–".to_owned(),
        Some(true) => "yes".to_owned(),
        Some(false) => "**NO**".to_owned(),
    };
    let mut out = String::from(
        "| fault | provider | outcome | lost | other accounts fine | error names the account | writes sent | result |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let result = if r.passed() {
            "pass".to_owned()
        } else {
            format!("**FAIL** {}", r.broken.join("; "))
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            r.fault,
            r.provider,
            r.outcome,
            r.lost,
            yes_no(r.others_ok),
            yes_no(r.names_account),
            r.writes_sent.map(|n| n.to_string()).unwrap_or_else(|| "–".into()),
            result
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_fails_on_any_broken_requirement() {
        let ok = Row::new("f", "p");
        assert!(ok.passed());
        let lost = Row {
            lost: 1,
            ..ok.clone()
        };
        let others = Row {
            others_ok: Some(false),
            ..ok.clone()
        };
        let anonymous = Row {
            names_account: Some(false),
            ..ok.clone()
        };
        let retried = Row {
            writes_sent: Some(2),
            ..ok.clone()
        };
        let broken = Row {
            broken: vec!["x".into()],
            ..ok.clone()
        };
        for row in [lost, others, anonymous, retried, broken] {
            assert!(!row.passed(), "{row:?}");
            assert!(table(std::slice::from_ref(&row)).contains("**FAIL**"));
        }
        assert!(table(&[ok]).contains("| pass |"));
    }
}
