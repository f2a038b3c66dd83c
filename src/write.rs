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
    /// The target is a link: replacing it would empty the folder it points to.
    Link(PathBuf, PathBuf),
    /// The target lies inside a folder the build reads (`content/`, `static/` …).
    InsideSources(PathBuf, String),
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
            WriteError::Link(p, to) => tr!(
                "{} is a link to {}; give --out the real folder (the output replaces the folder it is given)",
                "{} — посилання на {}; вкажіть у --out справжню теку (результат замінює теку, яку йому дали)",
                p.display(),
                to.display()
            )
            .fmt(f),
            WriteError::InsideSources(p, dir) => tr!(
                "{} is inside {dir}/, a folder of the site's sources; choose a folder outside them, such as public/",
                "{} лежить у {dir}/ — теці джерел сайту; виберіть теку поза джерелами, наприклад public/",
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
    match fs::symlink_metadata(old) {
        Ok(m) if m.is_file() && m.len() == new.len() as u64 => {
            fs::read(old).is_ok_and(|b| b == new)
        }
        _ => false,
    }
}

fn same_file_content(old: &Path, src: &Path) -> bool {
    match (fs::symlink_metadata(old), fs::metadata(src)) {
        (Ok(a), Ok(b)) if a.is_file() && a.len() == b.len() => {
            matches!((fs::read(old), fs::read(src)), (Ok(x), Ok(y)) if x == y)
        }
        _ => false,
    }
}

/// `path` with every link of its existing part resolved; the part that does not exist yet
/// is appended as written (with `.` and `..` applied).
fn resolve(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = fs::canonicalize(existing) {
            let mut out = real;
            for c in rest.iter().rev() {
                match c {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(n) => out.push(n),
                    _ => {}
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return abs,
        }
    }
}

/// Checks that `target` may be the output folder of the site at `site_root`: not a link, not
/// the site's folder or one that holds it, not inside a folder the build reads, and new,
/// empty, or an earlier output of hromada's. Returns the folder with its parent resolved.
pub fn check_target(target: &Path, site_root: &Path) -> Result<PathBuf, WriteError> {
    if let Ok(meta) = fs::symlink_metadata(target)
        && meta.file_type().is_symlink()
    {
        let to = fs::read_link(target).unwrap_or_default();
        return Err(WriteError::Link(target.to_path_buf(), to));
    }
    let root = resolve(site_root);
    let real = resolve(target);
    if real.file_name().is_none() || root.starts_with(&real) {
        return Err(WriteError::InsideSite(target.to_path_buf()));
    }
    if let Ok(rel) = real.strip_prefix(&root) {
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        if crate::sandbox::SOURCE_DIRS.contains(&first.as_str()) || first == ".git" {
            return Err(WriteError::InsideSources(target.to_path_buf(), first));
        }
    }
    // A link further up may lead into the sources of another site; what counts is the
    // resolved place, checked above. The folder itself must be ours or empty.
    if real.is_dir() {
        let empty = fs::read_dir(&real)
            .map_err(io_err(target))?
            .next()
            .is_none();
        if !empty && !real.join(MARKER).is_file() {
            return Err(WriteError::NotAnOutputFolder(target.to_path_buf()));
        }
    } else if real.exists() {
        return Err(WriteError::NotAnOutputFolder(target.to_path_buf()));
    }
    Ok(real)
}

/// Writes `out` to `target`, replacing what was there (see [`check_target`] for the folders
/// refused). Staging folders left by builds that were killed are removed first.
pub fn write(out: &Output, target: &Path, site_root: &Path) -> Result<WriteStats, WriteError> {
    write_with_manifest(out, target, site_root, None)
}

/// [`write`], remembering in `manifest` (a file outside the output) each file's hash and
/// its size, time and inode as written: the next write takes a file whose bytes hash the
/// same and whose record still matches as unchanged without reading it. A missing or
/// stale manifest only costs reading the old files.
pub fn write_with_manifest(
    out: &Output,
    target: &Path,
    site_root: &Path,
    manifest: Option<&Path>,
) -> Result<WriteStats, WriteError> {
    let real = check_target(target, site_root)?;
    let (Some(parent), Some(name)) = (real.parent(), real.file_name()) else {
        return Err(WriteError::InsideSite(target.to_path_buf()));
    };
    let name = name.to_string_lossy().into_owned();
    fs::create_dir_all(parent).map_err(io_err(parent))?;
    remove_stale(parent, &name);
    let target = real.as_path();

    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.staging-{pid}"));
    let backup = parent.join(format!(".{name}.previous-{pid}"));
    remove_tree(&staging);
    let known = manifest.map(Manifest::read).unwrap_or_default();
    let result = fill(out, &staging, target, &known);
    let (stats, written) = match result {
        Ok(s) => s,
        Err(e) => {
            remove_tree(&staging);
            return Err(e);
        }
    };

    // Swap: the old output steps aside, the new one takes its name, the old one goes.
    if target.exists() {
        fs::rename(target, &backup).map_err(|e| {
            remove_tree(&staging);
            WriteError::Io(target.to_path_buf(), e)
        })?;
        if let Err(e) = fs::rename(&staging, target) {
            let _ = fs::rename(&backup, target);
            remove_tree(&staging);
            return Err(WriteError::Io(target.to_path_buf(), e));
        }
        remove_tree(&backup);
    } else {
        fs::rename(&staging, target).map_err(|e| {
            remove_tree(&staging);
            WriteError::Io(target.to_path_buf(), e)
        })?;
    }
    if let Some(m) = manifest {
        written.store(m);
    }
    Ok(stats)
}

/// Removes the staging and previous-output folders of `name` that builds killed before
/// they finished left in `parent` (`.public.staging-4242`): only real folders that carry
/// the output marker, and only when their build's process is gone.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let own = std::process::id();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let pid = [".staging-", ".previous-"].iter().find_map(|kind| {
            file_name
                .strip_prefix(&format!(".{name}{kind}"))
                .and_then(|p| p.parse::<u32>().ok())
        });
        let Some(pid) = pid else { continue };
        let path = entry.path();
        let ours =
            fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) && path.join(MARKER).is_file();
        if ours && pid != own && !running(pid, &path) {
            remove_tree(&path);
        }
    }
}

/// Whether the build with process id `pid` may still be running. Where `/proc` tells, it
/// decides; elsewhere a folder untouched for a day counts as abandoned.
fn running(pid: u32, folder: &Path) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    let day = std::time::Duration::from_secs(24 * 60 * 60);
    fs::metadata(folder)
        .and_then(|m| m.modified())
        .map(|t| t.elapsed().unwrap_or_default() < day)
        .unwrap_or(true)
}

fn fill(
    out: &Output,
    staging: &Path,
    previous: &Path,
    known: &Manifest,
) -> Result<(WriteStats, Manifest), WriteError> {
    fs::create_dir_all(staging).map_err(io_err(staging))?;
    fs::write(staging.join(MARKER), b"").map_err(io_err(staging))?;
    let mut files = Vec::with_capacity(out.len());
    let mut dirs = std::collections::BTreeSet::new();
    for (path, file) in out.files() {
        let rel = safe_relative(path).ok_or_else(|| WriteError::BadPath(path.clone()))?;
        if let Some(dir) = rel.parent() {
            dirs.insert(dir.to_path_buf());
        }
        files.push((path, rel, file));
    }
    // create_dir_all copes with another thread creating a shared parent first.
    dirs.par_iter()
        .map(|dir| {
            let d = staging.join(dir);
            fs::create_dir_all(&d).map_err(|e| WriteError::Io(d.clone(), e))
        })
        .collect::<Result<Vec<()>, WriteError>>()?;
    // Files are independent: write them in parallel.
    let results: Vec<Result<Written, WriteError>> = files
        .par_iter()
        .map(|(path, rel, file)| {
            let dest = staging.join(rel);
            let old = previous.join(rel);
            let hash = match &file.content {
                Content::Bytes(b) => Some(content_hash(b)),
                Content::Copy(_) => None,
            };
            let unchanged = match &file.content {
                Content::Bytes(b) => {
                    hash.is_some_and(|h| known.vouches(path, &old, h, b.len() as u64))
                        || same_bytes(&old, b)
                }
                Content::Copy(src) => same_file_content(&old, src),
            };
            let linked = unchanged && fs::hard_link(&old, &dest).is_ok();
            if !linked {
                match &file.content {
                    Content::Bytes(b) => fs::write(&dest, b).map_err(io_err(&dest))?,
                    Content::Copy(src) => {
                        fs::copy(src, &dest).map_err(io_err(src))?;
                    }
                }
            }
            let record = hash
                .and_then(|h| Record::of(&dest, h))
                .map(|r| ((*path).clone(), r));
            Ok((linked, record))
        })
        .collect();
    let mut stats = WriteStats::default();
    let mut written = Manifest::default();
    for r in results {
        let (linked, record) = r?;
        if linked {
            stats.unchanged += 1;
        } else {
            stats.written += 1;
        }
        if let Some((path, record)) = record {
            written.files.insert(path, record);
        }
    }
    Ok((stats, written))
}

/// One file of [`fill`]: whether it was linked from the old output unchanged, and its
/// record for the manifest.
type Written = (bool, Option<(String, Record)>);

fn content_hash(bytes: &[u8]) -> u128 {
    use siphasher::sip128::Hasher128;
    use std::hash::Hasher;
    let mut h = siphasher::sip128::SipHasher13::new();
    h.write(bytes);
    h.finish128().as_u128()
}

/// A written file as the file system described it right after: what must still hold for
/// the file to be the one written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Record {
    hash: u128,
    len: u64,
    modified_ns: u128,
    inode: u64,
}

impl Record {
    fn of(file: &Path, hash: u128) -> Option<Record> {
        let m = fs::symlink_metadata(file).ok()?;
        Some(Record {
            hash,
            len: m.len(),
            modified_ns: m
                .modified()
                .ok()?
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?
                .as_nanos(),
            inode: inode(&m),
        })
    }
}

#[cfg(unix)]
fn inode(m: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(m)
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> u64 {
    0
}

/// The files of an output as written: output path → record.
#[derive(Debug, Default)]
struct Manifest {
    files: std::collections::HashMap<String, Record>,
}

impl Manifest {
    /// The manifest stored at `path`; empty when there is none or it cannot be read. Lines:
    /// hash, length, time, inode (hexadecimal and decimal), then the path.
    fn read(path: &Path) -> Manifest {
        let mut files = std::collections::HashMap::new();
        let Ok(text) = fs::read_to_string(path) else {
            return Manifest::default();
        };
        for line in text.lines() {
            let mut parts = line.splitn(5, ' ');
            let mut field = || parts.next();
            let (Some(hash), Some(len), Some(time), Some(inode), Some(file)) =
                (field(), field(), field(), field(), field())
            else {
                continue;
            };
            let (Ok(hash), Ok(len), Ok(modified_ns), Ok(inode)) = (
                u128::from_str_radix(hash, 16),
                len.parse(),
                time.parse(),
                inode.parse(),
            ) else {
                continue;
            };
            files.insert(
                file.to_string(),
                Record {
                    hash,
                    len,
                    modified_ns,
                    inode,
                },
            );
        }
        Manifest { files }
    }

    /// Whether the file at `old` is the one this manifest recorded for `path` and its
    /// bytes hash to `hash`: the same length, time and inode as when it was written.
    fn vouches(&self, path: &str, old: &Path, hash: u128, len: u64) -> bool {
        self.files.get(path).is_some_and(|r| {
            r.hash == hash && r.len == len && Record::of(old, hash).as_ref() == Some(r)
        })
    }

    /// Stores the manifest beside its final name and renames it; a manifest that cannot be
    /// stored only costs reading the old files next time.
    fn store(&self, path: &Path) {
        let mut text = String::with_capacity(self.files.len() * 96);
        let mut entries: Vec<_> = self.files.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (file, r) in entries
            .into_iter()
            .filter(|(f, _)| !f.contains(['\n', '\r']))
        {
            use std::fmt::Write as _;
            let _ = writeln!(
                text,
                "{:032x} {} {} {} {file}",
                r.hash, r.len, r.modified_ns, r.inode
            );
        }
        let Some(dir) = path.parent() else { return };
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let stored = fs::create_dir_all(dir).is_ok()
            && fs::write(&tmp, text).is_ok()
            && fs::rename(&tmp, path).is_ok();
        if !stored {
            let _ = fs::remove_file(&tmp);
        }
    }
}

/// Removes a folder tree, its top-level entries in parallel. Links are removed, never
/// followed: a link inside an old output must not empty the folder it points to.
fn remove_tree(dir: &Path) {
    match fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            let _ = fs::remove_file(dir);
            return;
        }
        Err(_) => return,
    }
    if let Ok(entries) = fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.par_iter().for_each(|p| {
            if fs::symlink_metadata(p).is_ok_and(|m| m.is_dir()) {
                let _ = fs::remove_dir_all(p);
            } else {
                let _ = fs::remove_file(p);
            }
        });
    }
    let _ = fs::remove_dir_all(dir);
}
