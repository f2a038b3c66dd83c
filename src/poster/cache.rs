//! The poster cache, handed to the render by the command that runs it: a poster is drawn
//! once for the same inputs. `build` reads and writes the site's cache folder; `check`
//! only reads it; `serve` reads it and keeps what it draws in memory. Render itself never
//! decides to touch the disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::Overflow;

/// What a command allows the cache to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Read the cache folder and store new posters in it (`build`, `poster`).
    ReadWrite,
    /// Read the cache folder, store nothing (`check`).
    ReadOnly,
    /// Read the cache folder and keep new posters in memory for the next rebuild (`serve`).
    ReadKeepInMemory,
}

/// A poster's bytes and the texts that overflowed their boxes.
pub type Entry = (Vec<u8>, Vec<Overflow>);

/// Posters drawn before, by the hash of everything that shapes them.
#[derive(Debug)]
pub struct PosterCache {
    mode: Use,
    memory: Mutex<HashMap<String, Entry>>,
}

impl PosterCache {
    pub fn new(mode: Use) -> Self {
        PosterCache {
            mode,
            memory: Mutex::new(HashMap::new()),
        }
    }

    /// The poster stored under `name` (a file name: hash and extension) in `dir`.
    pub fn get(&self, dir: &Path, name: &str) -> Option<Entry> {
        if let Some(hit) = self.memory.lock().ok()?.get(name) {
            return Some(hit.clone());
        }
        let (file, overflows) = paths(dir, name);
        let bytes = std::fs::read(file).ok()?;
        // No overflows file: nothing overflowed (it is written before the poster).
        let overflows = match std::fs::read(overflows) {
            Ok(json) => serde_json::from_slice(&json).ok()?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(_) => return None,
        };
        Some((bytes, overflows))
    }

    /// Keeps a poster drawn now, as the command allows. A cache that cannot be written
    /// only costs time next build.
    pub fn put(&self, dir: &Path, name: &str, bytes: &[u8], overflows: &[Overflow]) {
        match self.mode {
            Use::ReadOnly => {}
            Use::ReadKeepInMemory => {
                if let Ok(mut m) = self.memory.lock() {
                    m.insert(name.to_string(), (bytes.to_vec(), overflows.to_vec()));
                }
            }
            Use::ReadWrite => {
                // The overflows first, and only when there are any (one file less per
                // poster): a poster in the cache always has its overflows beside it.
                let (file, overflow_file) = paths(dir, name);
                if !overflows.is_empty() {
                    let Ok(json) = serde_json::to_vec(overflows) else {
                        return;
                    };
                    if !store(&overflow_file, &json) {
                        return;
                    }
                }
                store(&file, bytes);
            }
        }
    }
}

fn paths(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let file = dir.join(name);
    let overflows = file.with_extension("overflows.json");
    (file, overflows)
}

/// Writes a cache file next to its final name and renames it, so a reader never sees half
/// of one. Whether it was stored.
fn store(path: &Path, bytes: &[u8]) -> bool {
    let Some(dir) = path.parent() else {
        return false;
    };
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    // The folder is made once, when the first write finds it missing.
    let written = std::fs::write(&tmp, bytes).is_ok()
        || (std::fs::create_dir_all(dir).is_ok() && std::fs::write(&tmp, bytes).is_ok());
    written && std::fs::rename(&tmp, path).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overflow() -> Vec<Overflow> {
        vec![Overflow {
            key: "title".into(),
            lines: 5,
            max_lines: 3,
            size: 20.0,
        }]
    }

    #[test]
    fn read_only_and_memory_caches_write_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let cache_dir = dir.path().join(".cache/posters");
        for mode in [Use::ReadOnly, Use::ReadKeepInMemory] {
            let cache = PosterCache::new(mode);
            cache.put(&cache_dir, "a.pdf", b"%PDF", &overflow());
            assert!(!cache_dir.exists(), "{mode:?} wrote to disk");
            let kept = cache.get(&cache_dir, "a.pdf");
            assert_eq!(kept.is_some(), mode == Use::ReadKeepInMemory);
        }
    }

    #[test]
    fn a_poster_without_overflows_has_no_overflows_file() {
        let dir = tempfile::tempdir().unwrap();
        let cache_dir = dir.path().join(".cache/posters");
        PosterCache::new(Use::ReadWrite).put(&cache_dir, "b.pdf", b"%PDF", &[]);
        let files: Vec<_> = std::fs::read_dir(&cache_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(files, ["b.pdf"]);
        let (bytes, o) = PosterCache::new(Use::ReadOnly)
            .get(&cache_dir, "b.pdf")
            .unwrap();
        assert_eq!((bytes.as_slice(), o), (&b"%PDF"[..], vec![]));
    }

    #[test]
    fn a_read_write_cache_is_read_back_by_every_mode() {
        let dir = tempfile::tempdir().unwrap();
        let cache_dir = dir.path().join(".cache/posters");
        PosterCache::new(Use::ReadWrite).put(&cache_dir, "a.png", b"png", &overflow());
        for mode in [Use::ReadOnly, Use::ReadKeepInMemory, Use::ReadWrite] {
            let (bytes, o) = PosterCache::new(mode).get(&cache_dir, "a.png").unwrap();
            assert_eq!((bytes.as_slice(), o), (&b"png"[..], overflow()));
        }
    }
}
