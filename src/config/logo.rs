//! `logo` in `site.toml`: the hromada's logo or coat of arms, an image file of the site.

use std::path::{Component, Path, PathBuf};

use toml::Spanned;

use crate::config::{CONFIG_FILE, slashes, span_location};
use crate::diag::{Diagnostic, Diagnostics};

/// The logo's path inside the site (a `\` read as `/`, W0027); E0011 when it is not an image
/// file of the site.
pub(super) fn resolve(
    raw: Option<&Spanned<String>>,
    root: &Path,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<PathBuf> {
    let file = Path::new(CONFIG_FILE);
    let l = raw?;
    let (path, warning) = slashes::file_path(l, "logo", file, text);
    diags.extend(warning);
    let path = PathBuf::from(path.trim_start_matches('/'));
    let ok_kind = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "svg" | "png" | "webp" | "jpg" | "jpeg"
        )
    });
    if !root.join(&path).is_file()
        || !ok_kind
        || path.components().any(|c| matches!(c, Component::ParentDir))
    {
        diags.push(
            Diagnostic::error(
                "E0011",
                file,
                tr!(
                    "the logo `{}` is not an image file of the site",
                    "логотип `{}` — не файл зображення сайту",
                    l.get_ref()
                ),
            )
            .at_opt(span_location(text, l.span()))
            .hint(tr!(
                "give the path of an SVG or PNG file inside the site's folder, for example logo = \"static/gerb.svg\"",
                "вкажіть шлях до файлу SVG або PNG у теці сайту, наприклад logo = \"static/gerb.svg\""
            )),
        );
    }
    Some(path)
}
