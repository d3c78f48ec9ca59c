//! What the store did that the user must hear about, not only the log: a corrupt account list or
//! job log moved aside (and where to). The fleet shows the list at start and forwards each new one
//! as a warning event (the CLI prints it on stderr, the app shows it).

use std::sync::Mutex;

/// Called with each new notice (the fleet forwards it as a warning event).
pub type NoticeListener = Box<dyn Fn(&str) + Send + Sync>;

/// The notices of one process, kept for its whole life (a window opened later still sees them).
#[derive(Default)]
pub struct Notices {
    all: Mutex<Vec<String>>,
    listener: Option<NoticeListener>,
}

impl std::fmt::Debug for Notices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notices").field("all", &self.all()).finish()
    }
}

impl Notices {
    /// Notices that are also passed to `listener` as they happen.
    pub fn with_listener(listener: impl Fn(&str) + Send + Sync + 'static) -> Self {
        Notices {
            all: Mutex::new(Vec::new()),
            listener: Some(Box::new(listener)),
        }
    }

    pub fn push(&self, message: String) {
        tracing::warn!("{message}");
        if let Some(l) = &self.listener {
            l(&message);
        }
        self.all.lock().unwrap_or_else(|p| p.into_inner()).push(message);
    }

    /// Every notice so far, oldest first.
    pub fn all(&self) -> Vec<String> {
        self.all.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn notices_are_kept_and_forwarded() {
        let heard = Arc::new(Mutex::new(Vec::new()));
        let ear = heard.clone();
        let n = Notices::with_listener(move |m| ear.lock().unwrap().push(m.to_owned()));
        n.push("a".into());
        n.push("b".into());
        assert_eq!(n.all(), ["a", "b"]);
        assert_eq!(*heard.lock().unwrap(), ["a", "b"]);
    }
}
