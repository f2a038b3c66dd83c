//! What a build reads, as read: a text file of the site or the bytes of a theme's file, with
//! the path it came from. A leaf module: every stage may use it, it uses none of them.

use std::path::PathBuf;

/// A text file of the site, with its path relative to the site root (`/` separators).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// A file of the theme's (or the site's) `assets/` or `posters/`, or the logo, as bytes.
#[derive(Debug, Clone)]
pub struct AssetSource {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}
