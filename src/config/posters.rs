//! `[posters]` in `site.toml`: which poster formats every upcoming event gets, whether past
//! events keep theirs, and where rendered posters are cached between builds.
//!
//! ```toml
//! [posters]
//! formats = ["a4", "social"]   # also "a3" (PDF) and "square" (1080×1080 PNG)
//! past = false
//! cache = ".cache/posters"      # relative to the site; outside the output
//! ```

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diag::{Diagnostic, Location};

/// A kind of poster: the theme's template, the file it becomes next to the event's page,
/// and its pixel size when it is an image (else a PDF at the template's own size).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Format {
    pub key: &'static str,
    pub template: &'static str,
    pub file: &'static str,
    pub png: Option<(u32, u32)>,
}

pub const FORMATS: &[Format] = &[
    Format {
        key: "a4",
        template: "a4.svg",
        file: "poster.pdf",
        png: None,
    },
    Format {
        key: "social",
        template: "social.svg",
        file: "poster.png",
        png: Some((1200, 630)),
    },
    Format {
        key: "a3",
        template: "a3.svg",
        file: "poster-a3.pdf",
        png: None,
    },
    Format {
        key: "square",
        template: "square.svg",
        file: "poster-square.png",
        png: Some((1080, 1080)),
    },
];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPosters {
    formats: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    past: bool,
    cache: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PosterConfig {
    pub formats: Vec<Format>,
    pub past: bool,
    /// Relative to the site root.
    pub cache: std::path::PathBuf,
}

pub fn resolve(
    raw: RawPosters,
    file: &std::path::Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> PosterConfig {
    let mut formats = Vec::new();
    match &raw.formats {
        None => formats.extend(FORMATS.iter().filter(|f| matches!(f.key, "a4" | "social"))),
        Some(list) => {
            for f in list {
                match FORMATS.iter().find(|k| k.key == f.get_ref()) {
                    Some(k) => formats.push(*k),
                    None => {
                        let span = f.span();
                        diags.push(
                            Diagnostic::error(
                                "E0015",
                                file,
                                tr!(
                                    "there is no poster format `{}`",
                                    "формату афіші `{}` немає",
                                    f.get_ref()
                                ),
                            )
                            .at_opt(
                                (span.end > 0)
                                    .then(|| Location::from_offsets(text, span.start, span.end)),
                            )
                            .hint(tr!(
                                "the formats are {}",
                                "є такі формати: {}",
                                FORMATS.iter().map(|f| f.key).collect::<Vec<_>>().join(", ")
                            )),
                        );
                    }
                }
            }
        }
    }
    PosterConfig {
        formats,
        past: raw.past,
        cache: cache_folder(raw.cache.as_ref(), file, text, diags),
    }
}

const DEFAULT_CACHE: &str = ".cache/posters";

/// The cache folder: a folder inside the site that the build does not read, since the
/// build writes posters there.
fn cache_folder(
    raw: Option<&Spanned<String>>,
    file: &std::path::Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> std::path::PathBuf {
    let Some(raw) = raw else {
        return DEFAULT_CACHE.into();
    };
    let path = std::path::PathBuf::from(raw.get_ref());
    let first = path
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let source = crate::sandbox::SOURCE_DIRS.contains(&first.as_str());
    if crate::sandbox::is_plain_relative(&path) && !source {
        return path;
    }
    let span = raw.span();
    diags.push(
        Diagnostic::error(
            "E0018",
            file,
            tr!(
                "the poster cache `{}` must be a folder inside the site, outside its sources",
                "кеш афіш `{}` має бути текою всередині сайту, поза його джерелами",
                raw.get_ref()
            ),
        )
        .at_opt((span.end > 0).then(|| Location::from_offsets(text, span.start, span.end)))
        .hint(tr!(
            "write a path relative to the site's folder, such as cache = \"{DEFAULT_CACHE}\"",
            "напишіть шлях відносно теки сайту, наприклад cache = \"{DEFAULT_CACHE}\""
        )),
    );
    DEFAULT_CACHE.into()
}
