//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough and task lists;
//! stable heading anchors; internal links rewritten and checked; images without alt text
//! refused; raw HTML sanitised. No smart punctuation: «» and ' stay as the editor wrote them.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diag::Location;
use crate::i18n::Msg;
use crate::slug::slugify;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    /// Byte offset of the heading in the body, for diagnostics.
    #[serde(skip)]
    pub offset: usize,
}

/// Gives headings their anchors: an explicit `{#id}`, or the slug of the heading's text,
/// made unique within the page with `-1`, `-2` … in document order.
#[derive(Default)]
struct Anchors {
    used: HashSet<String>,
}

impl Anchors {
    fn assign(&mut self, explicit: Option<&str>, text: &str) -> String {
        let base = match explicit {
            Some(id) if !id.is_empty() => id.to_string(),
            _ => {
                let s = slugify(text);
                if s.is_empty() { "section".into() } else { s }
            }
        };
        let mut id = base.clone();
        let mut n = 1;
        while !self.used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The headings of a body with the anchors they will get, without rendering.
/// (Other pages' links are checked against these before any page is rendered.)
pub fn headings(body: &str) -> Vec<Heading> {
    let mut anchors = Anchors::default();
    let mut out = Vec::new();
    let mut current: Option<(u8, Option<String>, String, usize)> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    heading_level(level),
                    id.map(|s| s.to_string()),
                    String::new(),
                    range.start,
                ));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text, _)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text, offset)) = current.take() {
                    let id = anchors.assign(explicit.as_deref(), &text);
                    out.push(Heading {
                        level,
                        id,
                        text,
                        offset,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// What a link in the body points at, as the resolver decided.
pub enum Resolved {
    /// Rewrite the link to this URL.
    Url(String),
    /// A problem: message and hint.
    Problem(Msg, Msg),
}

/// Turns link destinations into URLs. Implemented by the model, which knows every page.
pub trait LinkResolver {
    fn resolve(&self, dest: &str, is_image: bool, own_anchors: &[Heading]) -> Resolved;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Link {
        location: Location,
        message: Msg,
        hint: Msg,
    },
    ImageWithoutAlt {
        location: Location,
    },
    /// A link whose text says nothing of where it leads («тут», «click here»): a screen
    /// reader's list of links reads it alone.
    VagueLinkText {
        location: Location,
        text: String,
    },
}

/// Link texts that say nothing out of context, lower case, without the final punctuation.
const VAGUE_LINK_TEXTS: &[&str] = &[
    "тут",
    "ось тут",
    "сюди",
    "натисніть тут",
    "натисніть",
    "клацніть тут",
    "за посиланням",
    "посилання",
    "це посилання",
    "детальніше",
    "докладніше",
    "читати далі",
    "більше",
    "here",
    "click here",
    "this link",
    "link",
    "more",
    "read more",
    "learn more",
];

/// Whether a link's text says nothing of where it leads.
pub fn is_vague_link_text(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches(['.', ',', '!', ':', '…', '»', ')'])
        .trim_start_matches(['«', '('])
        .trim()
        .to_lowercase();
    VAGUE_LINK_TEXTS.contains(&t.as_str())
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// The items of the first top-level numbered list: the instruction's steps.
    pub steps: Vec<String>,
    /// The text of the first paragraph, for a summary when none is given.
    pub first_paragraph: String,
    pub word_count: usize,
    pub problems: Vec<Problem>,
}

fn location(body: &str, range: &Range<usize>, line_offset: usize) -> Location {
    Location::from_offsets(body, range.start, range.end).shifted(line_offset)
}

/// Renders a page body. `line_offset` is the number of lines before the body in its file.
pub fn render(body: &str, line_offset: usize, resolver: &dyn LinkResolver) -> Rendered {
    let own_headings = headings(body);
    let mut out = Rendered {
        headings: own_headings.clone(),
        ..Rendered::default()
    };
    let mut heading_iter = own_headings.iter();
    let mut events: Vec<Event> = Vec::new();
    let mut has_raw_html = false;

    // State for steps: list nesting and the text of the current top-level item.
    let mut list_depth = 0usize;
    let mut steps_list_open = false;
    let mut steps_done = false;
    let mut step_text: Option<String> = None;
    // State for the first paragraph.
    let mut para_depth = 0usize;
    let mut first_para_open = false;
    let mut first_para_done = false;
    // Image alt text is the text between the image's start and end.
    let mut image: Option<(Range<usize>, String)> = None;
    // Likewise a link's text.
    let mut link: Option<(Range<usize>, String)> = None;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match &event {
            Event::Text(t) | Event::Code(t) => {
                out.word_count += t.split_whitespace().count();
                if let Some(s) = step_text.as_mut() {
                    s.push_str(t);
                }
                if first_para_open {
                    out.first_paragraph.push_str(t);
                }
                if let Some((_, alt)) = image.as_mut() {
                    alt.push_str(t);
                }
                if let Some((_, text)) = link.as_mut() {
                    text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(s) = step_text.as_mut() {
                    s.push(' ');
                }
                if first_para_open {
                    out.first_paragraph.push(' ');
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => has_raw_html = true,
            _ => {}
        }
        let event = match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = heading_iter.next().map(|h| h.id.clone());
                Event::Start(Tag::Heading {
                    level,
                    id: id.map(CowStr::from),
                    classes,
                    attrs,
                })
            }
            Event::Start(Tag::List(start)) => {
                if let Some(s) = step_text.as_mut() {
                    s.push(' ');
                }
                if list_depth == 0 && start.is_some() && !steps_done {
                    steps_list_open = true;
                }
                list_depth += 1;
                Event::Start(Tag::List(start))
            }
            Event::End(TagEnd::List(ordered)) => {
                list_depth -= 1;
                if list_depth == 0 && steps_list_open {
                    steps_list_open = false;
                    steps_done = true;
                }
                Event::End(TagEnd::List(ordered))
            }
            Event::Start(Tag::Item) => {
                if steps_list_open && list_depth == 1 {
                    step_text = Some(String::new());
                    // Each step gets an anchor, so it can be linked to (and named in JSON-LD).
                    Event::Html(format!("<li id=\"krok-{}\">", out.steps.len() + 1).into())
                } else {
                    Event::Start(Tag::Item)
                }
            }
            Event::End(TagEnd::Item) => {
                if steps_list_open
                    && list_depth == 1
                    && let Some(s) = step_text.take()
                {
                    out.steps
                        .push(s.split_whitespace().collect::<Vec<_>>().join(" "));
                }
                Event::End(TagEnd::Item)
            }
            Event::Start(Tag::Paragraph) => {
                para_depth += 1;
                if !first_para_done && list_depth == 0 && para_depth == 1 {
                    first_para_open = true;
                }
                Event::Start(Tag::Paragraph)
            }
            Event::End(TagEnd::Paragraph) => {
                para_depth = para_depth.saturating_sub(1);
                if first_para_open {
                    first_para_open = false;
                    first_para_done = true;
                }
                Event::End(TagEnd::Paragraph)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                link = Some((range.clone(), String::new()));
                let dest = match resolver.resolve(&dest_url, false, &own_headings) {
                    Resolved::Url(u) => CowStr::from(u),
                    Resolved::Problem(message, hint) => {
                        out.problems.push(Problem::Link {
                            location: location(body, &range, line_offset),
                            message,
                            hint,
                        });
                        dest_url
                    }
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                image = Some((range.clone(), String::new()));
                let dest = match resolver.resolve(&dest_url, true, &own_headings) {
                    Resolved::Url(u) => CowStr::from(u),
                    Resolved::Problem(message, hint) => {
                        out.problems.push(Problem::Link {
                            location: location(body, &range, line_offset),
                            message,
                            hint,
                        });
                        dest_url
                    }
                };
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) => {
                if let Some((r, text)) = link.take()
                    && is_vague_link_text(&text)
                {
                    out.problems.push(Problem::VagueLinkText {
                        location: location(body, &r, line_offset),
                        text: text.trim().to_string(),
                    });
                }
                Event::End(TagEnd::Link)
            }
            Event::End(TagEnd::Image) => {
                if let Some((r, alt)) = image.take()
                    && alt.trim().is_empty()
                {
                    out.problems.push(Problem::ImageWithoutAlt {
                        location: location(body, &r, line_offset),
                    });
                }
                Event::End(TagEnd::Image)
            }
            other => other,
        };
        events.push(event);
    }
    out.first_paragraph = out
        .first_paragraph
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    out.html = if has_raw_html { sanitize(&html) } else { html };
    out
}

/// Sanitises HTML that contains raw HTML from the editor: scripts, styles, event handlers
/// and unsafe URLs go; the structure Markdown produces stays.
pub fn sanitize(html: &str) -> String {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id", "class"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .link_rel(None);
    b.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Keep;
    impl LinkResolver for Keep {
        fn resolve(&self, dest: &str, _: bool, _: &[Heading]) -> Resolved {
            if dest.contains("missing") {
                Resolved::Problem(Msg::verbatim("no such page"), Msg::verbatim("fix it"))
            } else {
                Resolved::Url(format!("/r/{dest}"))
            }
        }
    }

    #[test]
    fn anchors_are_stable_and_unique() {
        let h = headings("# Що потрібно\n## Кроки\n## Кроки\n### Свій {#vlasnyi}\n");
        let ids: Vec<_> = h.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["shcho-potribno", "kroky", "kroky-1", "vlasnyi"]);
        let r = render("## Кроки\n", 0, &Keep);
        assert!(
            r.html.contains(r#"<h2 id="kroky">Кроки</h2>"#),
            "{}",
            r.html
        );
    }

    #[test]
    fn links_are_rewritten_and_problems_located() {
        let r = render("Текст\n\nДив. [тут](a.md) і [там](missing.md).\n", 4, &Keep);
        assert!(r.html.contains(r#"href="/r/a.md""#));
        assert_eq!(
            r.problems,
            vec![
                Problem::VagueLinkText {
                    location: Location::new(7, 6, 11),
                    text: "тут".into()
                },
                Problem::Link {
                    location: Location::new(7, 20, 17),
                    message: Msg::verbatim("no such page"),
                    hint: Msg::verbatim("fix it")
                }
            ]
        );
    }

    #[test]
    fn image_without_alt_is_a_problem() {
        let r = render("![](a.png)\n\n![Схема](b.png)\n", 0, &Keep);
        assert_eq!(
            r.problems,
            vec![Problem::ImageWithoutAlt {
                location: Location::new(1, 1, 10)
            }]
        );
    }

    #[test]
    fn steps_are_the_first_numbered_list() {
        let body = "Вступ.\n\n- не крок\n\n1. Відкрийте **Дію**.\n2. Натисніть «Далі».\n   1. вкладений\n\nТекст.\n\n1. інший список\n";
        let r = render(body, 0, &Keep);
        assert_eq!(
            r.steps,
            vec!["Відкрийте Дію.", "Натисніть «Далі». вкладений"]
        );
        assert_eq!(r.first_paragraph, "Вступ.");
        assert!(
            r.html.contains(r#"<li id="krok-2">Натисніть"#),
            "{}",
            r.html
        );
    }

    #[test]
    fn ukrainian_quotes_stay_and_no_smart_quotes() {
        let r = render("«Дія» and \"quotes\" and it's\n", 0, &Keep);
        assert!(
            r.html.contains("«Дія» and \"quotes\" and it's"),
            "{}",
            r.html
        );
    }

    #[test]
    fn raw_html_is_sanitised() {
        let r = render(
            "<script>alert(1)</script>\n\n<a href=\"javascript:x()\" onclick=\"y()\">a</a> <b>ok</b>\n",
            0,
            &Keep,
        );
        assert!(!r.html.contains("script"));
        assert!(!r.html.contains("onclick"));
        assert!(!r.html.contains("javascript"));
        assert!(r.html.contains("<b>ok</b>"));
    }

    #[test]
    fn tables_footnotes_tasks_strikethrough() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~ні~~ так[^1]\n\n- [x] готово\n\n[^1]: Примітка.\n",
            0,
            &Keep,
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>ні</del>"));
        assert!(r.html.contains("checkbox"));
        assert!(r.html.contains("footnote-definition"));
    }
}
