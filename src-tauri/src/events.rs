//! The bridge from the fleet's events to the window: every [`FleetEvent`] goes out as the one Tauri
//! event [`FLEET_EVENT`] the UI subscribes to (`ui/src/platform/events.ts`), a job that ends raises
//! an OS notification (unless the user paused them: `Preferences::notifications_paused`), and the
//! tray lists the running jobs.

use std::sync::{Arc, Mutex};

use tauri::{AppHandle, Emitter};
use tauri_plugin_notification::NotificationExt;

use fleetdeck_core::job::{Job, JobStatus};
use fleetdeck_fleet::{FleetEvent, FleetEvents};

use crate::shell_text::ShellText;
use crate::tray::{job_text, RunningJob, Tray};

/// The one event the app pushes to the window; its payload is the [`FleetEvent`] itself (tagged by
/// `type`), which the UI switches on. The name reaches TypeScript through the generated
/// `ui/src/bindings/Commands.ts` (`FLEET_EVENT`), so neither side spells it by hand.
pub const FLEET_EVENT: &str = "fleet://event";

/// The jobs seen running in this process (oldest first), to list them and to notice when one ends.
#[derive(Debug, Default)]
pub struct JobTally {
    running: Vec<RunningJob>,
}

/// What one job update changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TallyChange {
    /// Jobs running after this update.
    pub running: usize,
    /// The job was running and has now ended: worth a notification. A job that ended the moment it
    /// was created (the provider answered synchronously) is not: the user is looking at its result.
    pub ended: bool,
}

impl JobTally {
    pub fn observe(&mut self, job: &Job) -> TallyChange {
        let known = self.running.iter().position(|r| r.id == job.id);
        let ended = if job.status.is_final() {
            known.map(|i| self.running.remove(i)).is_some()
        } else {
            let listed = RunningJob {
                id: job.id.clone(),
                kind: job.kind,
                description: job.description.clone(),
                target_name: job.target_name.clone(),
                server: job.server_id.as_ref().map(|id| format!("{}/{id}", job.account)),
            };
            match known {
                Some(i) => self.running[i] = listed,
                None => self.running.push(listed),
            }
            false
        };
        TallyChange {
            running: self.running.len(),
            ended,
        }
    }

    /// The running jobs, oldest first.
    pub fn running_jobs(&self) -> &[RunningJob] {
        &self.running
    }
}

/// Whether a job update raises an OS notification: its end, unless notifications are paused.
pub fn notifies(change: TallyChange, paused: bool) -> bool {
    change.ended && !paused
}

/// The notification of an ended job: title and body. Names the account so an operator sees at once
/// which of several look-alike servers it was.
/// Said in the shell's language; the error's detail is the provider's or the fleet's, as sent.
pub fn job_notification(text: &ShellText, job: &Job) -> (String, String) {
    let outcome = match job.status {
        JobStatus::Succeeded => "succeeded",
        JobStatus::Failed => "failed",
        JobStatus::TimedOut => "timedOut",
        JobStatus::Cancelled => "cancelled",
        JobStatus::Queued => "queued",
        JobStatus::Running => "running",
    };
    let what = job_text(text, job.kind, job.target_name.as_deref(), &job.description);
    let outcome = text.text(&format!("job.outcome.{outcome}"), &[]);
    let title = text.text("job.notificationTitle", &[("job", &what), ("outcome", &outcome)]);
    let mut body = text.text("job.notificationAccount", &[("account", &job.account)]);
    if let Some(detail) = job
        .error
        .as_ref()
        .map(|e| e.message.as_str())
        .or(job.message.as_deref())
    {
        body.push_str(&format!(": {detail}"));
    }
    (title, body)
}

/// [`FleetEvents`] for the desktop app.
pub struct WindowEvents {
    app: AppHandle,
    tray: Option<Arc<Tray>>,
    tally: Mutex<JobTally>,
}

impl WindowEvents {
    pub fn new(app: AppHandle, tray: Option<Arc<Tray>>) -> Self {
        WindowEvents {
            app,
            tray,
            tally: Mutex::new(JobTally::default()),
        }
    }

    fn on_job(&self, job: &Job) {
        let (change, running) = {
            let mut tally = self.tally.lock().unwrap_or_else(|p| p.into_inner());
            let change = tally.observe(job);
            (change, tally.running_jobs().to_vec())
        };
        if let Some(tray) = &self.tray {
            tray.show_jobs(running);
        }
        // The switch is read only when a job ends (progress updates are the many).
        let paused = || {
            crate::prefs::load(&self.app)
                .map(|p| p.notifications_paused)
                .unwrap_or(false)
        };
        if change.ended && notifies(change, paused()) {
            let (title, body) = job_notification(&crate::tray::shell_text(&self.app), job);
            // No notification daemon (a headless session) is not worth more than a log line.
            if let Err(e) = self.app.notification().builder().title(title).body(body).show() {
                tracing::debug!("notification not shown: {e}");
            }
        }
    }
}

impl FleetEvents for WindowEvents {
    fn emit(&self, event: FleetEvent) {
        match &event {
            FleetEvent::Job { job } => self.on_job(job),
            FleetEvent::Warning { message } => tracing::warn!("{message}"),
            FleetEvent::AccountRefreshed { .. } => {}
        }
        if let Err(e) = self.app.emit(FLEET_EVENT, &event) {
            tracing::warn!("event not delivered to the window: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell_text::Language;
    use chrono::{TimeZone, Utc};
    use fleetdeck_core::job::{JobKind, JobSpec, Tracking};
    use fleetdeck_core::ProviderKind;

    fn job(id: &str, status: JobStatus) -> Job {
        let now = Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap();
        let spec = JobSpec {
            kind: JobKind::Reboot,
            target: Some("42".into()),
            target_name: None,
            server_id: None,
            tracking: Tracking::Done,
            timeout_secs: 60,
            description: "Reboot web-1".into(),
        };
        let mut job = Job::from_spec(spec, "acc-1", "main", ProviderKind::Cloudzy, now);
        job.id = id.into();
        job.status = status;
        job
    }

    #[test]
    fn tally_counts_running_jobs_and_reports_the_end_once() {
        let mut tally = JobTally::default();
        assert_eq!(
            tally.observe(&job("a", JobStatus::Running)),
            TallyChange {
                running: 1,
                ended: false
            }
        );
        assert_eq!(
            tally.observe(&job("b", JobStatus::Queued)),
            TallyChange {
                running: 2,
                ended: false
            }
        );
        assert_eq!(
            tally.observe(&job("a", JobStatus::Running)),
            TallyChange {
                running: 2,
                ended: false
            }
        );
        assert_eq!(
            tally.observe(&job("a", JobStatus::Succeeded)),
            TallyChange {
                running: 1,
                ended: true
            }
        );
        // The same final state again (a second record) does not notify twice.
        assert_eq!(
            tally.observe(&job("a", JobStatus::Succeeded)),
            TallyChange {
                running: 1,
                ended: false
            }
        );
        assert_eq!(
            tally.observe(&job("b", JobStatus::Failed)),
            TallyChange {
                running: 0,
                ended: true
            }
        );
    }

    #[test]
    fn a_job_final_at_creation_is_not_notified() {
        let mut tally = JobTally::default();
        assert_eq!(
            tally.observe(&job("c", JobStatus::Succeeded)),
            TallyChange {
                running: 0,
                ended: false
            }
        );
    }

    #[test]
    fn the_tally_lists_running_jobs_with_their_server_oldest_first() {
        let mut tally = JobTally::default();
        let mut a = job("a", JobStatus::Running);
        a.server_id = Some("42".into());
        tally.observe(&a);
        tally.observe(&job("b", JobStatus::Queued));
        a.description = "Reboot web-1 (again)".into();
        tally.observe(&a);
        let listed = tally.running_jobs();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0].id, "a");
        assert_eq!(listed[0].description, "Reboot web-1 (again)");
        assert_eq!(listed[0].server.as_deref(), Some("main/42"));
        assert_eq!(listed[1].server, None);
        tally.observe(&job("a", JobStatus::Succeeded));
        assert_eq!(tally.running_jobs().len(), 1);
        assert_eq!(tally.running_jobs()[0].id, "b");
    }

    #[test]
    fn an_ended_job_is_not_notified_while_notifications_are_paused() {
        let ended = TallyChange {
            running: 0,
            ended: true,
        };
        assert!(notifies(ended, false));
        assert!(!notifies(ended, true));
        let running = TallyChange {
            running: 1,
            ended: false,
        };
        assert!(!notifies(running, false));
    }

    #[test]
    fn notification_names_the_outcome_the_account_and_the_error() {
        let english = ShellText::new(Language::English);
        let mut failed = job("a", JobStatus::Failed);
        failed.target_name = Some("web-1".into());
        failed.error = Some(fleetdeck_core::Error::internal("disk full").to_payload());
        let (title, body) = job_notification(&english, &failed);
        assert_eq!(title, "Reboot: web-1 — failed");
        assert!(body.starts_with("Account main: "), "{body}");
        assert!(body.contains("disk full"), "{body}");

        let (title, body) = job_notification(&english, &job("b", JobStatus::Succeeded));
        assert_eq!(title, "Reboot — done");
        assert_eq!(body, "Account main");

        // In the language chosen; the provider's detail stays as sent.
        let portuguese = ShellText::new(Language::BrazilianPortuguese);
        let (title, body) = job_notification(&portuguese, &failed);
        assert_eq!(title, "Reiniciar: web-1 — falhou");
        assert!(body.starts_with("Conta main: "), "{body}");
        assert!(body.contains("disk full"), "{body}");
    }
}
