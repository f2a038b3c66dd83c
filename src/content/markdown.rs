//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough and task lists;
//! stable heading anchors; internal links rewritten and checked; images without alt text
//! refused; raw HTML sanitised; phone numbers in the text made links to call
//! ([`super::phones`]). No smart punctuation: «» and ' stay as the editor wrote them.
//!
//! One walk over the parser's events (`Walk`) collects what a page reports besides its
//! HTML (steps, first paragraph, words, problems) and rewrites the events that need it. How
//! deep raw HTML nests and how it is sanitised is [`super::html`]'s job; this module decides
//! when that runs and traces its problem back to a place in the text.

use std::cell::{Cell, OnceCell};
use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::html;
pub use super::html::{MAX_HTML_DEPTH, sanitize};
use crate::diag::{LineIndex, Location};
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
    /// Raw HTML that nests elements deeper than [`MAX_HTML_DEPTH`]: the sanitiser's time
    /// grows with the square of the depth, so such HTML is refused (and not rendered).
    HtmlTooDeep {
        location: Location,
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

/// Positions in one body: its lines are indexed once, on the first problem, so that a page
/// with thousands of problems does not scan itself once per problem.
struct Positions<'a> {
    body: &'a str,
    line_offset: usize,
    index: OnceCell<LineIndex>,
}

impl Positions<'_> {
    fn at(&self, range: &Range<usize>) -> Location {
        self.index
            .get_or_init(|| LineIndex::new(self.body))
            .location(self.body, range.start, range.end)
            .shifted(self.line_offset)
    }
}

/// Renders a page body. `line_offset` is the number of lines before the body in its file.
/// Raw HTML in it is sanitised.
pub fn render(body: &str, line_offset: usize, resolver: &dyn LinkResolver) -> Rendered {
    render_with(body, line_offset, resolver, false)
}

/// [`render`] for text from records (descriptions): the HTML is always sanitised, raw HTML
/// or not.
pub fn render_sanitized(body: &str, line_offset: usize, resolver: &dyn LinkResolver) -> Rendered {
    render_with(body, line_offset, resolver, true)
}

fn render_with(
    body: &str,
    line_offset: usize,
    resolver: &dyn LinkResolver,
    always_sanitize: bool,
) -> Rendered {
    let positions = Positions {
        body,
        line_offset,
        index: OnceCell::new(),
    };
    let own_headings = headings(body);
    let mut walk = Walk {
        positions: &positions,
        resolver,
        headings: &own_headings,
        next_heading: 0,
        out: Rendered::default(),
        has_raw_html: false,
        steps: Steps::default(),
        first_paragraph: FirstParagraph::default(),
        image: None,
        link: None,
        said: String::new(),
        code_block: false,
        heading: false,
        html_links: 0,
    };
    let mut events: Vec<Event> = Vec::new();
    // The source range of each event, to place a problem found in the HTML.
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        walk.read_text(&event);
        if let Event::Text(text) = &event
            && walk.calls_linked()
        {
            let parts = walk.phone_links(text);
            if !parts.is_empty() {
                walk.said.push_str(text);
                ranges.extend(std::iter::repeat_n(range.clone(), parts.len()));
                events.extend(parts);
                continue;
            }
        }
        if let Event::Text(t) | Event::Code(t) = &event {
            walk.said.push_str(t);
        }
        events.push(walk.rewrite(event, &range));
        ranges.push(range);
    }
    let sanitized = walk.has_raw_html || always_sanitize;
    let mut out = walk.finish();
    out.headings = own_headings;
    let capacity = body.len() * 3 / 2;
    if !sanitized {
        let mut html = String::with_capacity(capacity);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        out.html = html;
        return out;
    }
    let (html, starts) = traced_html(events, capacity);
    match html::too_deep(&html) {
        None => out.html = html::sanitize(&html),
        Some(at) => {
            let event = starts.partition_point(|&s| s <= at).saturating_sub(1);
            let range = ranges.get(event).cloned().unwrap_or(0..0);
            out.problems.push(Problem::HtmlTooDeep {
                location: positions.at(&range),
            });
            // Not sanitised, so not shown: the problem is an error.
            out.html = String::new();
        }
    }
    out
}

/// One pass over a body's events: what [`Rendered`] reports besides the HTML is collected,
/// and the events that need it are rewritten (headings' anchors, steps' anchors, resolved
/// links).
struct Walk<'a> {
    positions: &'a Positions<'a>,
    resolver: &'a dyn LinkResolver,
    /// The body's headings, with the anchors they get, in order.
    headings: &'a [Heading],
    next_heading: usize,
    out: Rendered,
    has_raw_html: bool,
    steps: Steps,
    first_paragraph: FirstParagraph,
    /// Image alt text is the text between the image's start and end.
    image: Option<(Range<usize>, String)>,
    /// Likewise a link's text.
    link: Option<(Range<usize>, String)>,
    /// The text so far of the paragraph, list item or table cell being read: the words
    /// before a short phone number.
    said: String,
    code_block: bool,
    heading: bool,
    /// How many links of raw HTML (`<a …>`) are open.
    html_links: usize,
}

impl<'a> Walk<'a> {
    /// Collects the text of `event` wherever text is being gathered.
    fn read_text(&mut self, event: &Event) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                self.out.word_count += t.split_whitespace().count();
                self.steps.push_str(t);
                self.first_paragraph.push_str(t);
                if let Some((_, alt)) = self.image.as_mut() {
                    alt.push_str(t);
                }
                if let Some((_, text)) = self.link.as_mut() {
                    text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                self.steps.push_str(" ");
                self.first_paragraph.push_str(" ");
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                self.has_raw_html = true;
                let tag = h.trim_start().to_ascii_lowercase();
                if tag.starts_with("<a ") || tag.starts_with("<a>") {
                    self.html_links += 1;
                } else if tag.starts_with("</a") {
                    self.html_links = self.html_links.saturating_sub(1);
                }
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell | Tag::Heading { .. }) => {
                self.said.clear()
            }
            _ => {}
        }
    }

    /// Whether a phone number in the text read now becomes a link: not in a link, an
    /// image's description, a heading or code.
    fn calls_linked(&self) -> bool {
        self.link.is_none()
            && self.image.is_none()
            && self.html_links == 0
            && !self.code_block
            && !self.heading
    }

    /// `text` with each phone number in it as a `tel:` link; nothing when it has none.
    fn phone_links(&self, text: &str) -> Vec<Event<'static>> {
        let found = super::phones::find(text, &self.said);
        let mut events = Vec::with_capacity(found.len() * 4 + 1);
        let mut at = 0;
        for f in found {
            if f.range.start > at {
                events.push(Event::Text(text[at..f.range.start].to_string().into()));
            }
            events.push(Event::Start(Tag::Link {
                link_type: pulldown_cmark::LinkType::Inline,
                dest_url: f.tel.into(),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }));
            events.push(Event::Text(text[f.range.clone()].to_string().into()));
            events.push(Event::End(TagEnd::Link));
            at = f.range.end;
        }
        if !events.is_empty() && at < text.len() {
            events.push(Event::Text(text[at..].to_string().into()));
        }
        events
    }

    /// `event` as it is rendered; the structure it opens or closes is followed on the way.
    fn rewrite<'e>(&mut self, event: Event<'e>, range: &Range<usize>) -> Event<'e> {
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = self.headings.get(self.next_heading).map(|h| h.id.clone());
                self.next_heading += 1;
                self.heading = true;
                Event::Start(Tag::Heading {
                    level,
                    id: id.map(CowStr::from),
                    classes,
                    attrs,
                })
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.code_block = true;
                Event::Start(Tag::CodeBlock(kind))
            }
            Event::End(TagEnd::CodeBlock) => {
                self.code_block = false;
                Event::End(TagEnd::CodeBlock)
            }
            Event::End(TagEnd::Heading(level)) => {
                self.heading = false;
                Event::End(TagEnd::Heading(level))
            }
            Event::Start(Tag::List(start)) => {
                self.steps.list_start(start.is_some());
                Event::Start(Tag::List(start))
            }
            Event::End(TagEnd::List(ordered)) => {
                self.steps.list_end();
                Event::End(TagEnd::List(ordered))
            }
            Event::Start(Tag::Item) => match self.steps.item_start() {
                // Each step gets an anchor, so it can be linked to (and named in JSON-LD).
                Some(n) => Event::Html(format!("<li id=\"krok-{n}\">").into()),
                None => Event::Start(Tag::Item),
            },
            Event::End(TagEnd::Item) => {
                self.steps.item_end();
                Event::End(TagEnd::Item)
            }
            Event::Start(Tag::Paragraph) => {
                self.first_paragraph.start(self.steps.list_depth);
                Event::Start(Tag::Paragraph)
            }
            Event::End(TagEnd::Paragraph) => {
                self.first_paragraph.end();
                Event::End(TagEnd::Paragraph)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.link = Some((range.clone(), String::new()));
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: self.resolve(dest_url, false, range),
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
                self.image = Some((range.clone(), String::new()));
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: self.resolve(dest_url, true, range),
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) => {
                self.check_link_text();
                Event::End(TagEnd::Link)
            }
            Event::End(TagEnd::Image) => {
                self.check_alt_text();
                Event::End(TagEnd::Image)
            }
            other => other,
        }
    }

    /// The URL a link or image at `range` leads to; its destination as written when the
    /// resolver finds a problem, which is recorded.
    fn resolve<'e>(
        &mut self,
        dest: CowStr<'e>,
        is_image: bool,
        range: &Range<usize>,
    ) -> CowStr<'e> {
        match self.resolver.resolve(&dest, is_image, self.headings) {
            Resolved::Url(u) => CowStr::from(u),
            Resolved::Problem(message, hint) => {
                self.out.problems.push(Problem::Link {
                    location: self.positions.at(range),
                    message,
                    hint,
                });
                dest
            }
        }
    }

    /// At a link's end: a text that says nothing of where it leads is a problem.
    fn check_link_text(&mut self) {
        if let Some((r, text)) = self.link.take()
            && is_vague_link_text(&text)
        {
            self.out.problems.push(Problem::VagueLinkText {
                location: self.positions.at(&r),
                text: text.trim().to_string(),
            });
        }
    }

    /// At an image's end: an image without alt text is a problem.
    fn check_alt_text(&mut self) {
        if let Some((r, alt)) = self.image.take()
            && alt.trim().is_empty()
        {
            self.out.problems.push(Problem::ImageWithoutAlt {
                location: self.positions.at(&r),
            });
        }
    }

    /// What was collected, the steps and first paragraph with their spaces collapsed.
    fn finish(self) -> Rendered {
        Rendered {
            steps: self.steps.items,
            first_paragraph: collapse_spaces(&self.first_paragraph.text),
            ..self.out
        }
    }
}

/// `text` with each run of white space made one space, and none at the ends.
fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The items of the first top-level numbered list, followed through the list events.
#[derive(Default)]
struct Steps {
    /// How deep lists are nested where the walk is.
    list_depth: usize,
    /// In the list of steps.
    open: bool,
    /// The list of steps has ended: a later numbered list is not one.
    done: bool,
    /// The text of the current step.
    text: Option<String>,
    items: Vec<String>,
}

impl Steps {
    fn push_str(&mut self, t: &str) {
        if let Some(s) = self.text.as_mut() {
            s.push_str(t);
        }
    }

    fn list_start(&mut self, numbered: bool) {
        // A nested list's text is the step's too, after a space.
        self.push_str(" ");
        if self.list_depth == 0 && numbered && !self.done {
            self.open = true;
        }
        self.list_depth += 1;
    }

    fn list_end(&mut self) {
        self.list_depth -= 1;
        if self.list_depth == 0 && self.open {
            self.open = false;
            self.done = true;
        }
    }

    /// At an item's start: the step's number (from 1) when the item is a step.
    fn item_start(&mut self) -> Option<usize> {
        if self.open && self.list_depth == 1 {
            self.text = Some(String::new());
            Some(self.items.len() + 1)
        } else {
            None
        }
    }

    fn item_end(&mut self) {
        if self.open
            && self.list_depth == 1
            && let Some(s) = self.text.take()
        {
            self.items.push(collapse_spaces(&s));
        }
    }
}

/// The text of the first paragraph outside lists, followed through the paragraph events.
#[derive(Default)]
struct FirstParagraph {
    depth: usize,
    open: bool,
    done: bool,
    text: String,
}

impl FirstParagraph {
    fn push_str(&mut self, t: &str) {
        if self.open {
            self.text.push_str(t);
        }
    }

    fn start(&mut self, list_depth: usize) {
        self.depth += 1;
        if !self.done && list_depth == 0 && self.depth == 1 {
            self.open = true;
        }
    }

    fn end(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.open {
            self.open = false;
            self.done = true;
        }
    }
}

/// The HTML of `events`, and where each event's HTML starts in it, to trace a place in the
/// HTML back to the text.
fn traced_html(events: Vec<Event>, capacity: usize) -> (String, Vec<usize>) {
    let mut html = String::with_capacity(capacity);
    let written = Cell::new(0);
    let mut starts = Vec::with_capacity(events.len());
    let _ = pulldown_cmark::html::write_html_fmt(
        Counting {
            out: &mut html,
            written: &written,
        },
        events.into_iter().inspect(|_| starts.push(written.get())),
    );
    (html, starts)
}

/// A `fmt::Write` into a string that counts what was written so far.
struct Counting<'a> {
    out: &'a mut String,
    written: &'a Cell<usize>,
}

impl std::fmt::Write for Counting<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.push_str(s);
        self.written.set(self.out.len());
        Ok(())
    }
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
    fn phone_numbers_become_calls_outside_links_code_and_headings() {
        let r = render(
            "## Гаряча лінія 1545\n\nДзвоніть **0 800 500 335** або на 1545.\n\n| Служба | Номер |\n|---|---|\n| Поліція | 102 |\n\n[Лінія 1545](https://1545.gov.ua/) і `0 800 000 000`, 2026 рік\n\n```\n0 800 000 000\n```\n\n![Екран із номером 0 800 000 000](a.png)\n",
            0,
            &Keep,
        );
        for call in [
            "<strong><a href=\"tel:0800500335\">0 800 500 335</a></strong>",
            "на <a href=\"tel:1545\">1545</a>.",
            "<td><a href=\"tel:102\">102</a></td>",
        ] {
            assert!(r.html.contains(call), "no {call} in {}", r.html);
        }
        assert_eq!(r.html.matches("href=\"tel:").count(), 3, "{}", r.html);
        // With raw HTML the text is sanitised: the calls stay, a link of the editor's is not
        // linked twice.
        let r = render(
            "Дзвоніть на 1545 або <a href=\"https://x.ua/\">0 800 000 000</a>.\n",
            0,
            &Keep,
        );
        assert!(
            r.html.contains("<a href=\"tel:1545\">1545</a>"),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches("tel:").count(), 1, "{}", r.html);
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
    fn deep_html_is_refused_where_it_goes_too_deep() {
        let body = format!(
            "Вступ.\n\n<b>ok</b>\n\n{}\nТекст\n{}\n",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        );
        let r = render(&body, 3, &Keep);
        assert_eq!(
            r.problems,
            vec![Problem::HtmlTooDeep {
                location: Location::new(8, 1, 25_000)
            }]
        );
        assert!(r.html.is_empty());
        // As deep as allowed; wide and flat; paragraphs and list items that close
        // themselves: all fine.
        let depth = MAX_HTML_DEPTH - 2;
        let ok = format!("{}x{}", "<span>".repeat(depth), "</span>".repeat(depth));
        let flat = "<span>a</span> ".repeat(20_000);
        let open_ended = format!("<ul>{}</ul>{}", "<li>x".repeat(5000), "<p>y".repeat(5000));
        for body in [ok, flat, open_ended] {
            let r = render(&body, 0, &Keep);
            assert!(r.problems.is_empty(), "{:?}", r.problems);
            assert!(!r.html.is_empty());
        }
        // Markdown's own nesting counts in a text with raw HTML.
        let quotes = format!("{} <b>x</b>\n", ">".repeat(2000));
        assert!(matches!(
            render(&quotes, 0, &Keep).problems[..],
            [Problem::HtmlTooDeep { .. }]
        ));
        // Formatting elements left open inside paragraphs are re-opened by the parser,
        // so they nest: refused too.
        let reopened = "<p><b id=x>a</p>\n".repeat(3000);
        assert!(matches!(
            render(&reopened, 0, &Keep).problems[..],
            [Problem::HtmlTooDeep { .. }]
        ));
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
