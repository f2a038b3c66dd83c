//! Write: the output goes to a staging folder next to the target, which is then swapped in.
//! A failed build never touches the previous output; unchanged files keep their mtime
//! (they are hard-linked from the previous output instead of written again).

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::render::{Content, Output};

/// A file in every output folder, so that a folder that is not one is never replaced.
pub const MARKER: &str = ".hromada-output";

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
}

#[derive(Debug)]
pub enum WriteError {
    /// The target exists, holds files, and was not written by hromada.
    NotAnOutputFolder(PathBuf),
    /// The output would overwrite the site's own sources.
    InsideSite(PathBuf),
    BadPath(String),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::NotAnOutputFolder(p) => tr!(
                "{} already holds files that hromada did not write; choose an empty or new folder for --out",
                "у {} уже є файли, записані не hromada; виберіть для --out порожню або нову теку",
                p.display()
            )
            .fmt(f),
            WriteError::InsideSite(p) => tr!(
                "{} is the site's own folder or holds it; choose a folder for the output such as public/",
                "{} — тека самого сайту або містить її; виберіть для результату теку на кшталт public/",
                p.display()
            )
            .fmt(f),
            WriteError::BadPath(p) => tr!(
                "refusing to write outside the output folder: {p}",
                "відмовляюся писати за межами вихідної теки: {p}"
            )
            .fmt(f),
            WriteError::Io(p, e) => tr!(
                "cannot write {}: {e}",
                "не вдається записати {}: {e}",
                p.display()
            )
            .fmt(f),
        }
    }
}

fn io_err(p: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |e| WriteError::Io(p.to_path_buf(), e)
}

fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    let ok = !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    ok.then(|| p.to_path_buf())
}

fn same_bytes(old: &Path, new: &[u8]) -> bool {
    match fs::metadata(old) {
        Ok(m) if m.is_file() && m.len() == new.len() as u64 => {
            fs::read(old).is_ok_and(|b| b == new)
        }
        _ => false,
    }
}

fn same_file_content(old: &Path, src: &Path) -> bool {
    match (fs::metadata(old), fs::metadata(src)) {
        (Ok(a), Ok(b)) if a.is_file() && a.len() == b.len() => {
            matches!((fs::read(old), fs::read(src)), (Ok(x), Ok(y)) if x == y)
        }
        _ => false,
    }
}

/// Writes `out` to `target`, replacing what was there. `site_root` is refused as a target.
pub fn write(out: &Output, target: &Path, site_root: &Path) -> Result<WriteStats, WriteError> {
    let abs = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let root = abs(site_root);
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io_err(parent))?;
    let name = target
        .file_name()
        .ok_or_else(|| WriteError::InsideSite(target.to_path_buf()))?
        .to_string_lossy()
        .into_owned();
    let target_abs = abs(parent).join(&name);
    if root.starts_with(&target_abs) {
        return Err(WriteError::InsideSite(target.to_path_buf()));
    }
    if target.is_dir() {
        let empty = fs::read_dir(target)
            .map_err(io_err(target))?
            .next()
            .is_none();
        if !empty && !target.join(MARKER).is_file() {
            return Err(WriteError::NotAnOutputFolder(target.to_path_buf()));
        }
    } else if target.exists() {
        return Err(WriteError::NotAnOutputFolder(target.to_path_buf()));
    }

    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.staging-{pid}"));
    let backup = parent.join(format!(".{name}.previous-{pid}"));
    let _ = fs::remove_dir_all(&staging);
    let result = fill(out, &staging, target);
    let stats = match result {
        Ok(s) => s,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };

    // Swap: the old output steps aside, the new one takes its name, the old one goes.
    if target.exists() {
        fs::rename(target, &backup).map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            WriteError::Io(target.to_path_buf(), e)
        })?;
        if let Err(e) = fs::rename(&staging, target) {
            let _ = fs::rename(&backup, target);
            let _ = fs::remove_dir_all(&staging);
            return Err(WriteError::Io(target.to_path_buf(), e));
        }
        remove_tree(&backup);
    } else {
        fs::rename(&staging, target).map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            WriteError::Io(target.to_path_buf(), e)
        })?;
    }
    Ok(stats)
}

fn fill(out: &Output, staging: &Path, previous: &Path) -> Result<WriteStats, WriteError> {
    fs::create_dir_all(staging).map_err(io_err(staging))?;
    fs::write(staging.join(MARKER), b"").map_err(io_err(staging))?;
    let mut files = Vec::with_capacity(out.len());
    let mut dirs = std::collections::BTreeSet::new();
    for (path, file) in out.files() {
        let rel = safe_relative(path).ok_or_else(|| WriteError::BadPath(path.clone()))?;
        if let Some(dir) = rel.parent() {
            dirs.insert(dir.to_path_buf());
        }
        files.push((rel, file));
    }
    // create_dir_all copes with another thread creating a shared parent first.
    dirs.par_iter()
        .map(|dir| {
            let d = staging.join(dir);
            fs::create_dir_all(&d).map_err(|e| WriteError::Io(d.clone(), e))
        })
        .collect::<Result<Vec<()>, WriteError>>()?;
    // Files are independent: write them in parallel.
    let results: Vec<Result<bool, WriteError>> = files
        .par_iter()
        .map(|(rel, file)| {
            let dest = staging.join(rel);
            let old = previous.join(rel);
            let unchanged = match &file.content {
                Content::Bytes(b) => same_bytes(&old, b),
                Content::Copy(src) => same_file_content(&old, src),
            };
            if unchanged && fs::hard_link(&old, &dest).is_ok() {
                return Ok(true);
            }
            match &file.content {
                Content::Bytes(b) => fs::write(&dest, b).map_err(io_err(&dest))?,
                Content::Copy(src) => {
                    fs::copy(src, &dest).map_err(io_err(src))?;
                }
            }
            Ok(false)
        })
        .collect();
    let mut stats = WriteStats::default();
    for r in results {
        if r? {
            stats.unchanged += 1;
        } else {
            stats.written += 1;
        }
    }
    Ok(stats)
}

/// Removes a folder tree, its top-level entries in parallel.
fn remove_tree(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.par_iter().for_each(|p| {
            if p.is_dir() {
                let _ = fs::remove_dir_all(p);
            } else {
                let _ = fs::remove_file(p);
            }
        });
    }
    let _ = fs::remove_dir_all(dir);
}
