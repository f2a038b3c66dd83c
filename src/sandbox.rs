//! Where a build may read: only inside the site's folder. Every file the build reads is
//! found through [`Inside`], which resolves links and refuses any that lead out of the
//! site (a pull request can carry a link to `/etc/passwd` as easily as a Markdown page).
//! Where a build may write is the job of the `write` stage, which refuses the folders of
//! [`SOURCE_DIRS`].

use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};

/// The folders a site's sources live in: the build reads them, so no output may go there.
pub const SOURCE_DIRS: [&str; 8] = [
    "content",
    "data",
    "static",
    "themes",
    "templates",
    "assets",
    "posters",
    "i18n",
];

/// The site's folder, resolved once, that every input must stay inside.
#[derive(Debug, Clone)]
pub struct Inside {
    /// The folder as given (paths in messages are relative to it).
    given: PathBuf,
    /// The same folder with every link resolved.
    real: PathBuf,
}

/// A link that leads out of the site's folder.
fn leaves(rel: &Path, target: &Path) -> Diagnostic {
    Diagnostic::error(
        "E0016",
        rel,
        tr!(
            "this is a link to {}, outside the site's folder; hromada reads only the site's own files",
            "це посилання на {}, за межами теки сайту; hromada читає лише власні файли сайту",
            target.display()
        ),
    )
    .hint(tr!(
        "copy the file into the site's folder instead of linking to it",
        "скопіюйте файл у теку сайту замість посилання на нього"
    ))
}

/// A path that is not a readable file: a folder, or a link to nothing.
fn not_a_file(rel: &Path, why: crate::i18n::Msg) -> Diagnostic {
    Diagnostic::error("E0017", rel, why).hint(tr!(
        "put a file (not a folder or a link) at this place, or remove what is there",
        "покладіть на це місце файл (не теку й не посилання) або приберіть те, що там є"
    ))
}

impl Inside {
    /// The site's folder `root`; `Err` when it does not exist.
    pub fn new(root: &Path) -> std::io::Result<Self> {
        Ok(Inside {
            given: root.to_path_buf(),
            real: root.canonicalize()?,
        })
    }

    /// The folder with its links resolved.
    pub fn real(&self) -> &Path {
        &self.real
    }

    /// Whether a resolved path lies inside the site's folder.
    pub fn contains(&self, real: &Path) -> bool {
        real.starts_with(&self.real)
    }

    /// The real path of the file at `rel` (relative to the site's folder): `Ok(None)` when
    /// nothing is there; an error when it is a folder, a link to nothing, or leads outside.
    pub fn file(&self, rel: &Path) -> Result<Option<PathBuf>, Diagnostic> {
        let path = self.given.join(rel);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            return Ok(None);
        };
        let real = match path.canonicalize() {
            Ok(r) => r,
            Err(_) if meta.is_symlink() => {
                let target = std::fs::read_link(&path).unwrap_or_default();
                return Err(not_a_file(
                    rel,
                    tr!(
                        "this is a link to {}, which does not exist",
                        "це посилання на {}, якого немає",
                        target.display()
                    ),
                ));
            }
            Err(e) => {
                return Err(Diagnostic::error(
                    "E0005",
                    rel,
                    tr!(
                        "cannot read this file: {e}",
                        "не вдається прочитати цей файл: {e}"
                    ),
                ));
            }
        };
        if !self.contains(&real) {
            return Err(leaves(rel, &real));
        }
        if real.is_dir() {
            return Err(not_a_file(
                rel,
                tr!(
                    "this is a folder, but a file is expected here",
                    "це тека, а тут має бути файл"
                ),
            ));
        }
        Ok(Some(real))
    }

    /// The bytes of the file at `rel`: `Ok(None)` when nothing is there.
    pub fn read(&self, rel: &Path) -> Result<Option<Vec<u8>>, Diagnostic> {
        let Some(real) = self.file(rel)? else {
            return Ok(None);
        };
        std::fs::read(&real).map(Some).map_err(|e| {
            Diagnostic::error(
                "E0005",
                rel,
                tr!(
                    "cannot read this file: {e}",
                    "не вдається прочитати цей файл: {e}"
                ),
            )
        })
    }

    /// The files below the folder `dir` (relative to the site's folder), sorted, hidden files
    /// and folders skipped, links inside the site followed (a loop is an error) and links
    /// that lead out of it refused. Paths are relative to the site's folder.
    pub fn walk(&self, dir: &str) -> (Vec<PathBuf>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let base = self.given.join(dir);
        // The folder itself may be a link.
        match base.canonicalize() {
            Ok(real) if !self.contains(&real) => {
                diags.push(leaves(Path::new(dir), &real));
                return (Vec::new(), diags);
            }
            Ok(real) if real.is_dir() => {}
            _ => return (Vec::new(), diags),
        }
        let mut files = Vec::new();
        let walker = walkdir::WalkDir::new(&base)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
                // Links are checked before they are followed: one that leaves the site is
                // refused here, and its folder is never entered.
                let leaves = e.path_is_symlink() && self.link_leaves(e.path());
                !(hidden || leaves)
            });
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => files.push(self.relative(e.path())),
                Ok(_) => {}
                Err(e) => {
                    let path = e
                        .path()
                        .map(|p| self.relative(p))
                        .unwrap_or_else(|| PathBuf::from(dir));
                    diags.push(Diagnostic::error(
                        "E0005",
                        path,
                        tr!(
                            "cannot read this folder: {e}",
                            "не вдається прочитати цю теку: {e}"
                        ),
                    ));
                }
            }
        }
        // The links refused by the filter, reported once each, in name order.
        for link in self.links_leaving(&base) {
            let rel = self.relative(&link);
            let target = link.canonicalize().unwrap_or_default();
            diags.push(leaves(&rel, &target));
        }
        (files, diags)
    }

    /// Whether the link at `path` resolves outside the site (a broken link does not leave:
    /// walkdir reports it as an error of its own).
    fn link_leaves(&self, path: &Path) -> bool {
        path.canonicalize().is_ok_and(|real| !self.contains(&real))
    }

    /// The links below `base` (not followed) that lead outside the site.
    fn links_leaving(&self, base: &Path) -> Vec<PathBuf> {
        walkdir::WalkDir::new(base)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(Result::ok)
            .filter(|e| e.path_is_symlink() && self.link_leaves(e.path()))
            .map(|e| e.into_path())
            .collect()
    }

    /// `path` relative to the site's folder (as given), or as it is.
    fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.given).unwrap_or(path).to_path_buf()
    }
}

/// Whether `path` is a plain relative path inside its base: no `..`, no root, no drive.
pub fn is_plain_relative(path: &Path) -> bool {
    !path.as_os_str().is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn site() -> (tempfile::TempDir, tempfile::TempDir) {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
        std::fs::create_dir_all(site.path().join("data")).unwrap();
        std::fs::write(site.path().join("data/ok.yaml"), "[]").unwrap();
        (site, outside)
    }

    #[test]
    fn a_link_out_of_the_site_is_refused_naming_its_target() {
        let (site, outside) = site();
        symlink(
            outside.path().join("secret.txt"),
            site.path().join("data/venues.yaml"),
        )
        .unwrap();
        let inside = Inside::new(site.path()).unwrap();
        let err = inside.read(Path::new("data/venues.yaml")).unwrap_err();
        assert_eq!(err.code, "E0016");
        assert!(err.message.contains("secret.txt"), "{}", err.message);
    }

    #[test]
    fn dot_dot_out_of_the_site_is_refused() {
        let (site, outside) = site();
        let rel = PathBuf::from("..")
            .join(outside.path().file_name().unwrap())
            .join("secret.txt");
        let inside = Inside::new(site.path()).unwrap();
        assert_eq!(inside.read(&rel).unwrap_err().code, "E0016");
    }

    #[test]
    fn links_inside_the_site_are_followed() {
        let (site, _outside) = site();
        symlink("ok.yaml", site.path().join("data/also.yaml")).unwrap();
        let inside = Inside::new(site.path()).unwrap();
        assert_eq!(
            inside.read(Path::new("data/also.yaml")).unwrap().unwrap(),
            b"[]"
        );
        let (files, diags) = inside.walk("data");
        assert!(diags.is_empty());
        assert_eq!(
            files,
            vec![
                PathBuf::from("data/also.yaml"),
                PathBuf::from("data/ok.yaml")
            ]
        );
    }

    #[test]
    fn a_folder_or_broken_link_is_not_a_file() {
        let (site, _outside) = site();
        std::fs::create_dir_all(site.path().join("data/events.yaml")).unwrap();
        symlink("nemaie.yaml", site.path().join("data/venues.yaml")).unwrap();
        let inside = Inside::new(site.path()).unwrap();
        assert_eq!(
            inside.file(Path::new("data/events.yaml")).unwrap_err().code,
            "E0017"
        );
        let broken = inside.file(Path::new("data/venues.yaml")).unwrap_err();
        assert_eq!(broken.code, "E0017");
        assert!(broken.message.contains("nemaie.yaml"));
        assert!(
            inside
                .file(Path::new("data/nothing.yaml"))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn walking_refuses_links_out_and_never_enters_them() {
        let (site, outside) = site();
        symlink(outside.path(), site.path().join("data/geo")).unwrap();
        symlink(
            outside.path().join("secret.txt"),
            site.path().join("data/secret.yaml"),
        )
        .unwrap();
        let inside = Inside::new(site.path()).unwrap();
        let (files, diags) = inside.walk("data");
        assert_eq!(files, vec![PathBuf::from("data/ok.yaml")]);
        let codes: Vec<_> = diags.iter().map(|d| (d.code, d.file.clone())).collect();
        assert_eq!(
            codes,
            vec![
                ("E0016", PathBuf::from("data/geo")),
                ("E0016", PathBuf::from("data/secret.yaml"))
            ]
        );
    }

    #[test]
    fn a_walked_folder_that_is_a_link_out_is_refused() {
        let (site, outside) = site();
        std::fs::create_dir_all(site.path().join("themes")).unwrap();
        symlink(outside.path(), site.path().join("themes/default")).unwrap();
        let inside = Inside::new(site.path()).unwrap();
        let (files, diags) = inside.walk("themes/default");
        assert!(files.is_empty());
        assert_eq!(diags.iter().next().unwrap().code, "E0016");
    }

    #[test]
    fn plain_relative_paths() {
        assert!(is_plain_relative(Path::new(".cache/posters")));
        assert!(!is_plain_relative(Path::new("../x")));
        assert!(!is_plain_relative(Path::new("/tmp/x")));
        assert!(!is_plain_relative(Path::new("a/../../x")));
        assert!(!is_plain_relative(Path::new("")));
    }
}
