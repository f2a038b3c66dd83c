//! Front matter: the YAML block between `---` lines at the top of a Markdown file.

use std::path::Path;

use serde::Deserialize;

use crate::diag::{Diagnostic, Location};
use crate::yaml::{self, Positions};

/// Every key an editor may write in front matter. Which are required depends on the page's
/// kind (instructions need more); that is checked by the model, with positions.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page's title: for an instruction, what the reader will do («Як створити Дія.Підпис»).
    pub title: Option<String>,
    /// One or two sentences for lists, search and link previews (up to 160 characters).
    pub summary: Option<String>,
    /// The e-service an instruction is about: a key from data/services.yaml.
    pub service: Option<String>,
    /// Who the page is for: keys of the audience taxonomy (seniors, adults, youth, idp, veterans …).
    #[serde(default)]
    pub audience: Vec<String>,
    /// The DigComp competence area: information, communication, content, safety, problem-solving.
    pub competence: Option<String>,
    /// The level: basic, intermediate or advanced.
    pub level: Option<String>,
    /// Minutes the instruction takes.
    pub duration: Option<u32>,
    /// The date the instruction was last checked against the real service (YYYY-MM-DD).
    pub reviewed: Option<String>,
    /// A page with `draft: true` is built only with --drafts.
    #[serde(default)]
    pub draft: bool,
    /// The last part of the page's address instead of the one made from the file name.
    pub slug: Option<String>,
    /// Order in lists: lower first, then by title.
    pub weight: Option<i64>,
    /// Old addresses of the page that redirect to it (`/stara-adresa/`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A template of the theme to use instead of the default for this kind of page.
    pub template: Option<String>,
    /// The page's language when it is not the site's (`en`): the page's `lang` attribute
    /// and the theme's strings in that language.
    pub lang: Option<String>,
    /// Free-form values for a fork's own templates.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A Markdown file split into its parsed front matter and its body.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    pub front: FrontMatter,
    pub positions: Positions,
    /// Where the front matter's opening `---` is, for "missing key" diagnostics.
    pub front_location: Location,
    pub body: &'a str,
    /// Lines before the body starts (to turn body positions into file positions).
    pub body_line_offset: usize,
    pub has_front_matter: bool,
}

/// A front matter that cannot be read: the problem, and the body with an empty front matter
/// when the body could still be found.
pub type SplitError<'a> = (Diagnostic, Option<Split<'a>>);

/// Splits and parses front matter. A file without one gets an empty front matter (the model
/// reports the missing title).
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, SplitError<'a>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Ok(Split {
            front: FrontMatter::default(),
            positions: Positions::default(),
            front_location: Location::new(1, 1, 1),
            body: text,
            body_line_offset: 0,
            has_front_matter: false,
        });
    }
    // Find the closing `---` (or `...`) line.
    let mut offset = first_line_end;
    let mut line_no = 1;
    let mut close = None;
    for line in text[first_line_end..].split_inclusive('\n') {
        line_no += 1;
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            close = Some((offset, offset + line.len(), line_no));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, body_start, close_line)) = close else {
        let d = Diagnostic::error(
            "E0105",
            file,
            tr!(
                "the front matter is not closed",
                "блок налаштувань сторінки (front matter) не закрито"
            ),
        )
        .at(Location::new(1, 1, 3))
        .hint(tr!(
            "add a line with three dashes `---` after the last key, before the text of the page",
            "додайте рядок із трьох дефісів `---` після останнього ключа, перед текстом сторінки"
        ));
        return Err((d, None));
    };
    let yaml_text = &text[first_line_end..yaml_end];
    let body = &text[body_start..];
    match yaml::parse::<FrontMatter>(yaml_text, file, 1) {
        Ok(read) => Ok(Split::after_front(read, body, close_line)),
        // The body is still known: other pages' links to it can be checked.
        Err(d) => Err((
            d,
            Some(Split::after_front(Default::default(), body, close_line)),
        )),
    }
}

impl<'a> Split<'a> {
    /// The body after a front matter that closes on line `close_line`, and what was read
    /// from the front matter.
    fn after_front(
        (front, positions): (FrontMatter, Positions),
        body: &'a str,
        close_line: usize,
    ) -> Self {
        Split {
            front,
            positions,
            front_location: Location::new(1, 1, 3),
            body,
            body_line_offset: close_line,
            has_front_matter: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let text = "---\ntitle: Привіт\nweight: 2\n---\n# Заголовок\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.front.title.as_deref(), Some("Привіт"));
        assert_eq!(s.body, "# Заголовок\n");
        assert_eq!(s.body_line_offset, 4);
        assert_eq!(s.positions.value("weight"), Some(Location::new(3, 9, 1)));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let (e, _) = split("---\ntitle: x\n", Path::new("a.md")).unwrap_err();
        assert_eq!(e.code, "E0105");
        let (e, fallback) = split("---\ntitel: x\n---\nТекст\n", Path::new("a.md")).unwrap_err();
        assert_eq!(e.code, "E0102");
        assert_eq!(fallback.unwrap().body, "Текст\n");
    }

    #[test]
    fn no_front_matter() {
        let s = split("Just text", Path::new("a.md")).unwrap();
        assert!(!s.has_front_matter);
        assert_eq!(s.body, "Just text");
    }
}
