//! What an output page holds for the checks: its ids, its links, its images and its
//! headings, read by html5ever's tokenizer (the same one ammonia uses to clean descriptions).

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
};

/// A reference out of a page: `href` or `src`, with its line in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub url: String,
    pub line: u64,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scanned {
    /// Every `id` (and `name` of an `<a>`) in the page.
    pub ids: Vec<String>,
    /// `<a href>`, `<area href>`, `<link href>`, `<img src>`, `<script src>`,
    /// `<source src>`.
    pub references: Vec<Reference>,
    /// `<img>` without an `alt` attribute (an empty `alt` marks a decorative image and is
    /// fine), by its `src`.
    pub images_without_alt: Vec<Reference>,
    /// `<h1>` … `<h6>` in document order.
    pub headings: Vec<OutputHeading>,
}

/// A heading as the page has it, whatever made it (Markdown, a description, a template).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputHeading {
    pub level: u8,
    /// Its text, spaces collapsed.
    pub text: String,
    /// Its `class`, to tell a template's headings of one level apart.
    pub class: Option<String>,
}

#[derive(Default)]
struct Sink {
    scanned: RefCell<Scanned>,
    /// Inside a heading: its text is being collected into the last of `headings`.
    in_heading: std::cell::Cell<bool>,
}

/// `h1` … `h6` → 1 … 6.
fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

fn attr(tag: &Tag, name: &str) -> Option<String> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| a.value.to_string())
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let tag = match token {
            Token::TagToken(tag) => tag,
            Token::CharacterTokens(text) if self.in_heading.get() => {
                if let Some(h) = self.scanned.borrow_mut().headings.last_mut() {
                    h.text.push_str(&text);
                }
                return TokenSinkResult::Continue;
            }
            _ => return TokenSinkResult::Continue,
        };
        let name = &*tag.name;
        if let Some(level) = heading_level(name) {
            let mut s = self.scanned.borrow_mut();
            if tag.kind == TagKind::StartTag {
                self.in_heading.set(true);
                s.headings.push(OutputHeading {
                    level,
                    text: String::new(),
                    class: attr(&tag, "class"),
                });
            } else if self.in_heading.replace(false)
                && let Some(h) = s.headings.last_mut()
            {
                h.text = h.text.split_whitespace().collect::<Vec<_>>().join(" ");
            }
        }
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let mut s = self.scanned.borrow_mut();
        if let Some(id) = attr(&tag, "id") {
            s.ids.push(id);
        }
        if name == "a"
            && let Some(n) = attr(&tag, "name")
        {
            s.ids.push(n);
        }
        let url_attr = match name {
            "a" | "area" | "link" => "href",
            "img" | "script" | "source" | "iframe" => "src",
            _ => "",
        };
        if !url_attr.is_empty()
            && let Some(url) = attr(&tag, url_attr)
        {
            s.references.push(Reference {
                url: url.clone(),
                line,
            });
            if name == "img" && attr(&tag, "alt").is_none() {
                s.images_without_alt.push(Reference { url, line });
            }
        }
        // Script and style bodies are text, not markup.
        match name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" => TokenSinkResult::RawData(RawKind::Rawtext),
            "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
            _ => TokenSinkResult::Continue,
        }
    }
}

pub fn scan(html: &str) -> Scanned {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let tokenizer = Tokenizer::new(Sink::default(), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.scanned.take()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_links_and_images() {
        let s = scan(
            "<h2 id=\"a\">A</h2>\n<a href=\"/x/#b\">x</a><script>var s = '<a href=\"/no/\">';</script>\n<img src=\"i.png\"><img src=\"d.png\" alt=\"\"><a name=\"old\"></a>",
        );
        assert_eq!(s.ids, ["a", "old"]);
        let urls: Vec<&str> = s.references.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(urls, ["/x/#b", "i.png", "d.png"]);
        assert_eq!(
            s.images_without_alt,
            [Reference {
                url: "i.png".into(),
                line: 3
            }]
        );
    }
}
