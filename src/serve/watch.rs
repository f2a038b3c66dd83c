//! Watching the site's folder: `notify` events, filtered to the files a build reads and
//! gathered into one change per burst (editors save in bursts: a temporary file, a rename,
//! a metadata touch).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{EventKind, RecursiveMode, Watcher};

/// A burst is over when the folder has been quiet this long.
pub const QUIET: Duration = Duration::from_millis(30);
/// ... or this long, once every file of the burst was closed after writing or renamed into
/// place: an editor's save is complete, and the preview need not wait the whole `QUIET`.
const SETTLED: Duration = Duration::from_millis(2);
/// A burst that never goes quiet (a tool writing in a loop) is cut after this long.
const LONGEST: Duration = Duration::from_secs(1);

pub struct Watch {
    // Kept alive for as long as events are wanted.
    _watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
}

/// The files of one burst, and those of them still being written.
#[derive(Default)]
struct Burst {
    changed: BTreeSet<PathBuf>,
    unsettled: BTreeSet<PathBuf>,
}

impl Burst {
    /// Notes what `kind` says of the file `rel`.
    fn note(&mut self, kind: &EventKind, rel: &Path) {
        let settles = match kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => true,
            EventKind::Access(_) => return,
            _ => false,
        };
        self.changed.insert(rel.to_path_buf());
        if settles {
            self.unsettled.remove(rel);
        } else {
            self.unsettled.insert(rel.to_path_buf());
        }
    }

    /// How long to wait for the next event before the burst is over.
    fn quiet(&self) -> Duration {
        if !self.changed.is_empty() && self.unsettled.is_empty() {
            SETTLED
        } else {
            QUIET
        }
    }
}

impl Watch {
    /// Watches `root` (canonical) recursively.
    pub fn new(root: &Path) -> notify::Result<Self> {
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(tx)?;
        watcher.watch(root, RecursiveMode::Recursive)?;
        Ok(Self {
            _watcher: watcher,
            events,
            root: root.to_path_buf(),
        })
    }

    /// Waits for the next burst of changes and returns the changed files (relative to the
    /// root) that a build reads; `None` when the watcher has stopped.
    pub fn next_change(&self) -> Option<BTreeSet<PathBuf>> {
        loop {
            let mut burst = Burst::default();
            self.take(self.events.recv().ok()?, &mut burst);
            let started = Instant::now();
            loop {
                match self.events.recv_timeout(burst.quiet()) {
                    Ok(e) => self.take(e, &mut burst),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
                if started.elapsed() > LONGEST {
                    break;
                }
            }
            if !burst.changed.is_empty() {
                return Some(burst.changed);
            }
        }
    }

    fn take(&self, event: notify::Result<notify::Event>, burst: &mut Burst) {
        let Ok(event) = event else { return };
        for path in &event.paths {
            if let Ok(rel) = path.strip_prefix(&self.root)
                && counts(rel)
            {
                burst.note(&event.kind, rel);
            }
        }
    }
}

/// Whether a change to this file (relative to the site's root) can change the site: hidden
/// files and folders (`.git`, `.cache`), build folders, editors' backup, swap and lock files
/// cannot. As on Windows, names are compared ignoring case (`~WRL0001.TMP`) and `\`
/// separates folders as `/` does.
pub fn counts(rel: &Path) -> bool {
    let rel = rel.to_string_lossy();
    let mut parts = rel.split(['/', '\\']).filter(|p| !p.is_empty());
    let first = parts.clone().next().unwrap_or_default();
    let hidden_or_built = parts.clone().any(|p| p.starts_with('.'))
        || ["public", "target", "node_modules"].contains(&first);
    let name = parts.next_back().unwrap_or_default().to_lowercase();
    let scratch = name.ends_with('~')
        || [".swp", ".swx", ".tmp", "___jb_tmp___", "___jb_old___"]
            .iter()
            .any(|end| name.ends_with(end))
        // Emacs' autosave files; Microsoft Office's lock files (`~$план.docx`).
        || name.starts_with('#')
        || name.starts_with("~$")
        || name == "4913";
    !hidden_or_built && !scratch
}

/// Whether a change can be shown by re-rendering only the open pages first: a page's text
/// or a registry record. Settings, the theme and templates change every page.
pub fn is_content(rel: &Path) -> bool {
    rel.starts_with("content") || rel.starts_with("data")
}

/// Whether the file is a content page (a Markdown file under `content/`), whose text alone
/// may have changed.
pub fn is_page(rel: &Path) -> bool {
    rel.starts_with("content") && rel.extension().is_some_and(|e| e == "md")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_scratch_files_and_build_folders_do_not_count() {
        for p in [
            "content/a.md",
            "data/venues.yaml",
            "site.toml",
            "themes/default/assets/site.css",
            "content/public/a.md",
        ] {
            assert!(counts(Path::new(p)), "{p}");
        }
        for p in [
            ".git/index",
            "content/.a.md.swp",
            "content/a.md~",
            "content/4913",
            "public/index.html",
            ".cache/posters/x.png",
            "content/#a.md#",
        ] {
            assert!(!counts(Path::new(p)), "{p}");
        }
    }

    #[test]
    fn windows_style_paths_and_scratch_files_do_not_count() {
        for p in [
            "content\\instruktsii\\diia.md",
            "data\\venues.yaml",
            "static\\Gerb.SVG",
        ] {
            assert!(counts(Path::new(p)), "{p}");
        }
        for p in [
            "content\\.a.md.swp",
            "content\\~$plan.docx",
            "content\\instruktsii\\~WRL0001.TMP",
            "content\\a.md___jb_tmp___",
            "public\\index.html",
            ".git\\index",
            "content\\A.MD~",
        ] {
            assert!(!counts(Path::new(p)), "{p}");
        }
    }

    #[test]
    fn a_burst_is_settled_once_every_file_was_closed_or_renamed_into_place() {
        use notify::event::{CreateKind, DataChange, RemoveKind};
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        let (a, b) = (Path::new("content/a.md"), Path::new("data/venues.yaml"));

        let mut burst = Burst::default();
        assert_eq!(burst.quiet(), QUIET, "nothing yet");
        burst.note(&read, a);
        assert!(burst.changed.is_empty(), "reading changes nothing");
        burst.note(&write, a);
        assert_eq!(burst.quiet(), QUIET, "still being written");
        burst.note(&closed, a);
        assert_eq!(burst.quiet(), SETTLED);
        burst.note(&EventKind::Create(CreateKind::File), b);
        assert_eq!(burst.quiet(), QUIET, "another file is being written");
        burst.note(&EventKind::Modify(ModifyKind::Name(RenameMode::To)), b);
        assert_eq!(burst.quiet(), SETTLED, "renamed into place");
        // An editor that moves the file away first, then writes a new one.
        burst.note(&EventKind::Modify(ModifyKind::Name(RenameMode::From)), a);
        assert_eq!(burst.quiet(), QUIET, "the file is away");
        burst.note(&EventKind::Remove(RemoveKind::File), b);
        burst.note(&closed, a);
        assert_eq!(
            burst.quiet(),
            QUIET,
            "a removal waits for the rest of the burst"
        );
        assert_eq!(burst.changed.len(), 2);
    }
}
