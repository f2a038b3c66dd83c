//! The files this binary carries (written into the build by `build.rs`): the default theme,
//! used when a site has no `themes/default/` of its own (a theme on disk lies over it file by
//! file), and the files `hromada init` writes into a new repository. They are read-only data,
//! never paths on disk: a diagnostic about one of them names it `themes/default/…`, the path
//! it would have after `hromada theme eject`.

use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The theme the binary carries.
pub const DEFAULT_THEME: &str = "default";

/// The folder of a site the embedded theme would be ejected into.
pub const THEME_DIR: &str = "themes/default";

/// The embedded theme's files under `sub` (e.g. `templates`), in name order: the name
/// relative to `sub` and the bytes.
pub fn theme_files(sub: &str) -> impl Iterator<Item = (&'static str, &'static [u8])> {
    let prefix = format!("{sub}/");
    THEME.iter().filter_map(move |(path, bytes)| {
        path.strip_prefix(prefix.as_str())
            .map(|name| (name, *bytes))
    })
}

/// The file of the embedded theme at `path` (relative to the theme's folder).
pub fn theme_file(path: &str) -> Option<&'static [u8]> {
    THEME
        .binary_search_by(|(p, _)| (*p).cmp(path))
        .ok()
        .map(|i| THEME[i].1)
}

/// `hromada theme eject`: writes the embedded theme into `root`'s `themes/default/`, for
/// forking. Without `force`, refuses (writing nothing) when any of its files is already
/// there; it never writes through a link. Returns the files written, relative to `root`.
pub fn eject(root: &Path, force: bool) -> Result<Vec<PathBuf>, String> {
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        return Err(tr!(
            "{} has no site.toml: give the site's folder with --root",
            "у {} немає site.toml: вкажіть теку сайту через --root",
            root.display()
        )
        .into_string());
    }
    let targets: Vec<(PathBuf, &[u8])> = THEME
        .iter()
        .map(|(path, bytes)| (Path::new(THEME_DIR).join(path), *bytes))
        .collect();
    let mut existing = Vec::new();
    for (rel, _) in &targets {
        // Every folder on the way and the file itself: a link could lead out of the site.
        let mut at = PathBuf::new();
        for part in rel.components() {
            at.push(part);
            let Ok(meta) = std::fs::symlink_metadata(root.join(&at)) else {
                break;
            };
            if meta.file_type().is_symlink() {
                return Err(tr!(
                    "{} is a link: hromada writes the theme only into the site's own folders",
                    "{} — посилання: hromada записує тему лише у власні теки сайту",
                    at.display()
                )
                .into_string());
            }
            if at == *rel {
                existing.push(rel.clone());
            }
        }
    }
    if !existing.is_empty() && !force {
        let shown: Vec<String> = existing
            .iter()
            .take(5)
            .map(|p| p.display().to_string())
            .collect();
        let more = existing.len().saturating_sub(shown.len());
        let list = if more > 0 {
            format!("{} …(+{more})", shown.join(", "))
        } else {
            shown.join(", ")
        };
        return Err(tr!(
            "the site already has {} of the theme's files ({list}); nothing was written. Add --force to overwrite them with the theme this binary carries",
            "у сайті вже є файли теми ({}: {list}); нічого не записано. Додайте --force, щоб замінити їх темою з цієї програми",
            existing.len()
        )
        .into_string());
    }
    let mut written = Vec::with_capacity(targets.len());
    for (rel, bytes) in targets {
        let path = root.join(&rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(rel);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_are_in_name_order_and_hold_what_a_site_needs() {
        for table in [THEME, STARTER] {
            assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
        }
        for needed in [
            "templates/base.html",
            "i18n/uk.toml",
            "i18n/en.toml",
            "assets/style.css",
            "posters/a4.svg",
            "posters/fonts/DejaVuSans.ttf",
            "posters/fonts/LICENSE",
        ] {
            assert!(theme_file(needed).is_some(), "{needed}");
        }
        let starter: Vec<&str> = STARTER.iter().map(|(p, _)| *p).collect();
        assert!(starter.contains(&"data/services.yaml"));
        assert!(starter.contains(&"docs/redaktoram.md"));
        assert!(!starter.contains(&"content/pro-proiekt.md"));
        assert!(
            starter
                .iter()
                .any(|p| p.starts_with("content/instruktsii/"))
        );
    }

    #[test]
    fn the_embedded_theme_is_the_one_in_the_repository() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(THEME_DIR);
        for (path, bytes) in THEME {
            assert_eq!(std::fs::read(root.join(path)).unwrap(), *bytes, "{path}");
        }
    }
}
