//! Markdown content: front matter and bodies.

pub mod frontmatter;
pub mod html;
pub mod markdown;
pub mod phones;
