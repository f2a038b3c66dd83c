//! The build cache: each renderer's files from an earlier build, kept under the key of what
//! the renderer read ([`super::fingerprint`]), so a build renders again only what changed.
//! `build` reads and writes the site's `.cache/build/` (one file per renderer); `check`
//! only reads it; `serve` reads it and keeps the newest files in memory. Deleting the
//! folder only costs time: a file that is missing, from another version of hromada, for
//! other inputs, or damaged is a miss, never an error.
//!
//! A file of the folder: a header line, the format's number, the key (16 bytes), then per
//! output file its path, its origin, a kind byte (bytes or a copied file) and the content,
//! each length-prefixed (little-endian `u64`).

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::{Content, Output};

/// Where the cache lives, relative to the site.
pub const DIR: &str = ".cache/build";

const MAGIC: &[u8] = b"hromada build cache\n";
const FORMAT: u32 = 2;

/// What a command allows the cache to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Read the folder and store what was rendered in it (`build`).
    ReadWrite,
    /// Read the folder, store nothing (`check`).
    ReadOnly,
    /// Read the folder and keep what was rendered in memory for the next rebuild (`serve`).
    ReadKeepInMemory,
    /// Neither read nor store (`build --fresh`).
    Off,
}

/// Each page's text hash a renderer's files were made with (`Memo::SiteAndEachPageText`),
/// by page path; empty for other renderers.
pub type PageTexts = std::collections::BTreeMap<String, u128>;

/// A renderer's files and the pages' text hashes they were made with.
type Kept = (Output, PageTexts);

/// Renderers' files by renderer name.
#[derive(Debug)]
pub struct BuildCache {
    mode: Use,
    memory: Mutex<HashMap<String, (u128, Arc<Kept>)>>,
}

impl BuildCache {
    pub fn new(mode: Use) -> Self {
        BuildCache {
            mode,
            memory: Mutex::default(),
        }
    }

    pub fn is_off(&self) -> bool {
        self.mode == Use::Off
    }

    /// The files `renderer` made for `key`, from memory or from the folder `dir`.
    pub fn get(&self, dir: &Path, renderer: &str, key: u128) -> Option<Output> {
        self.get_with_texts(dir, renderer, key).map(|(out, _)| out)
    }

    /// [`get`](Self::get), with the pages' text hashes the files were made with.
    pub fn get_with_texts(
        &self,
        dir: &Path,
        renderer: &str,
        key: u128,
    ) -> Option<(Output, PageTexts)> {
        if self.mode == Use::Off {
            return None;
        }
        if let Some((k, kept)) = self.memory.lock().ok()?.get(renderer)
            && *k == key
        {
            return Some((**kept).clone());
        }
        let kept = read(&file_of(dir, renderer), key).ok()??;
        if self.mode == Use::ReadKeepInMemory
            && let Ok(mut m) = self.memory.lock()
        {
            m.insert(renderer.to_string(), (key, Arc::new(kept.clone())));
        }
        Some(kept)
    }

    /// Keeps the files `renderer` made for `key`, as the command allows. A cache that
    /// cannot be written only costs time next build.
    pub fn put(&self, dir: &Path, renderer: &str, key: u128, out: &Output) {
        self.put_with_texts(dir, renderer, key, out, &PageTexts::new());
    }

    /// [`put`](Self::put), with the pages' text hashes the files were made with.
    pub fn put_with_texts(
        &self,
        dir: &Path,
        renderer: &str,
        key: u128,
        out: &Output,
        texts: &PageTexts,
    ) {
        match self.mode {
            Use::ReadOnly | Use::Off => {}
            Use::ReadKeepInMemory => {
                if let Ok(mut m) = self.memory.lock() {
                    m.insert(
                        renderer.to_string(),
                        (key, Arc::new((out.clone(), texts.clone()))),
                    );
                }
            }
            Use::ReadWrite => {
                let _ = store(&file_of(dir, renderer), key, out, texts);
            }
        }
    }
}

fn file_of(dir: &Path, renderer: &str) -> PathBuf {
    let name: String = renderer
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    dir.join(format!("{name}.bin"))
}

/// Writes next to the final name and renames, so a reader never sees half a file.
fn store(path: &Path, key: u128, out: &Output, texts: &PageTexts) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let written = (|| {
        let mut w = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
        w.write_all(MAGIC)?;
        w.write_all(&FORMAT.to_le_bytes())?;
        w.write_all(&key.to_le_bytes())?;
        w.write_all(&(out.len() as u64).to_le_bytes())?;
        for (path, f) in out.files() {
            put_bytes(&mut w, path.as_bytes())?;
            put_bytes(&mut w, f.origin.as_os_str().as_encoded_bytes())?;
            match &f.content {
                Content::Bytes(b) => {
                    w.write_all(&[0])?;
                    put_bytes(&mut w, b)?;
                }
                Content::Copy(p) => {
                    w.write_all(&[1])?;
                    put_bytes(&mut w, p.as_os_str().as_encoded_bytes())?;
                }
            }
        }
        w.write_all(&(texts.len() as u64).to_le_bytes())?;
        for (page, hash) in texts {
            put_bytes(&mut w, page.as_bytes())?;
            w.write_all(&hash.to_le_bytes())?;
        }
        w.flush()
    })();
    match written.and_then(|()| std::fs::rename(&tmp, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

fn put_bytes(w: &mut impl Write, b: &[u8]) -> io::Result<()> {
    w.write_all(&(b.len() as u64).to_le_bytes())?;
    w.write_all(b)
}

/// The files stored under `key`; `Ok(None)` when the file holds another key or format.
fn read(path: &Path, key: u128) -> io::Result<Option<(Output, PageTexts)>> {
    let file = File::open(path)?;
    // No length in the file may promise more than the file holds.
    let mut left = file.metadata()?.len();
    let mut r = BufReader::with_capacity(1 << 20, file);
    let mut head = [0u8; MAGIC.len() + 4 + 16 + 8];
    r.read_exact(&mut head)?;
    left = left.saturating_sub(head.len() as u64);
    let (magic, rest) = head.split_at(MAGIC.len());
    let (format, rest) = rest.split_at(4);
    let (stored_key, count) = rest.split_at(16);
    if magic != MAGIC || format != FORMAT.to_le_bytes() || stored_key != key.to_le_bytes() {
        return Ok(None);
    }
    let count = u64::from_le_bytes(count.try_into().unwrap_or_default());
    let mut out = Output::new();
    for _ in 0..count {
        let path = text(get_bytes(&mut r, &mut left)?)?;
        let origin = PathBuf::from(text(get_bytes(&mut r, &mut left)?)?);
        let mut kind = [0u8];
        r.read_exact(&mut kind)?;
        left = left.saturating_sub(1);
        let data = get_bytes(&mut r, &mut left)?;
        let content = match kind[0] {
            0 => Content::Bytes(data),
            1 => Content::Copy(PathBuf::from(text(data)?)),
            _ => return Err(damaged()),
        };
        out.insert(path, content, origin).map_err(|_| damaged())?;
    }
    let mut texts = PageTexts::new();
    for _ in 0..get_u64(&mut r, &mut left)? {
        let page = text(get_bytes(&mut r, &mut left)?)?;
        let mut hash = [0u8; 16];
        r.read_exact(&mut hash)?;
        left = left.checked_sub(16).ok_or_else(damaged)?;
        texts.insert(page, u128::from_le_bytes(hash));
    }
    Ok(Some((out, texts)))
}

fn get_u64(r: &mut impl Read, left: &mut u64) -> io::Result<u64> {
    let mut n = [0u8; 8];
    r.read_exact(&mut n)?;
    *left = left.checked_sub(8).ok_or_else(damaged)?;
    Ok(u64::from_le_bytes(n))
}

fn get_bytes(r: &mut impl Read, left: &mut u64) -> io::Result<Vec<u8>> {
    let mut len = [0u8; 8];
    r.read_exact(&mut len)?;
    let len = u64::from_le_bytes(len);
    *left = left.checked_sub(8).ok_or_else(damaged)?;
    *left = left.checked_sub(len).ok_or_else(damaged)?;
    let mut b = vec![0; usize::try_from(len).map_err(|_| damaged())?];
    r.read_exact(&mut b)?;
    Ok(b)
}

fn text(b: Vec<u8>) -> io::Result<String> {
    String::from_utf8(b).map_err(|_| damaged())
}

fn damaged() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "damaged build cache file")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Output {
        let mut out = Output::new();
        out.insert("a/index.html".into(), Content::Bytes(b"<p>a".to_vec()), "x")
            .unwrap();
        out.insert("b.css".into(), Content::Copy("static/b.css".into()), "y")
            .unwrap();
        out
    }

    fn same(a: &Output, b: &Output) -> bool {
        a.files().len() == b.files().len()
            && a.files()
                .iter()
                .zip(b.files())
                .all(|((p, f), (q, g))| p == q && f.content == g.content && f.origin == g.origin)
    }

    #[test]
    fn a_stored_renderer_reads_back_only_under_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let cache = BuildCache::new(Use::ReadWrite);
        cache.put(dir.path(), "registry pages", 7, &sample());
        let back = cache.get(dir.path(), "registry pages", 7).unwrap();
        assert!(same(&back, &sample()));
        assert!(cache.get(dir.path(), "registry pages", 8).is_none());
        assert!(cache.get(dir.path(), "pages", 7).is_none());
        assert!(
            BuildCache::new(Use::Off)
                .get(dir.path(), "registry pages", 7)
                .is_none()
        );
    }

    #[test]
    fn a_damaged_file_is_a_miss_at_every_length() {
        let dir = tempfile::tempdir().unwrap();
        BuildCache::new(Use::ReadWrite).put(dir.path(), "r", 1, &sample());
        let file = file_of(dir.path(), "r");
        let whole = std::fs::read(&file).unwrap();
        for cut in 0..whole.len() {
            std::fs::write(&file, &whole[..cut]).unwrap();
            assert!(
                BuildCache::new(Use::ReadOnly)
                    .get(dir.path(), "r", 1)
                    .is_none()
            );
        }
        // A length promising more than the file holds allocates nothing.
        let mut huge = whole.clone();
        let at = MAGIC.len() + 4 + 16 + 8;
        huge[at..at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        std::fs::write(&file, &huge).unwrap();
        assert!(
            BuildCache::new(Use::ReadOnly)
                .get(dir.path(), "r", 1)
                .is_none()
        );
    }

    #[test]
    fn read_only_and_memory_caches_write_nothing() {
        let dir = tempfile::tempdir().unwrap();
        for mode in [Use::ReadOnly, Use::ReadKeepInMemory, Use::Off] {
            let cache = BuildCache::new(mode);
            cache.put(dir.path(), "r", 1, &sample());
            assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
            assert_eq!(
                cache.get(dir.path(), "r", 1).is_some(),
                mode == Use::ReadKeepInMemory
            );
        }
    }
}
