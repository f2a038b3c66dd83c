//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough and task lists;
//! stable heading anchors; internal links rewritten and checked; images without alt text
//! refused; raw HTML sanitised. No smart punctuation: «» and ' stay as the editor wrote them.

use std::cell::{Cell, OnceCell};
use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

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

/// How deep the HTML of a text with raw HTML may nest elements (as the HTML parser builds
/// them: Markdown's own blocks count too). Real pages stay far below; 100,000 nested
/// `<div>` took the sanitiser 19 s.
pub const MAX_HTML_DEPTH: usize = 100;

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
    let location = |range: &Range<usize>| positions.at(range);
    let own_headings = headings(body);
    let mut out = Rendered {
        headings: own_headings.clone(),
        ..Rendered::default()
    };
    let mut heading_iter = own_headings.iter();
    let mut events: Vec<Event> = Vec::new();
    // The source range of each event, to place a problem found in the HTML.
    let mut ranges: Vec<Range<usize>> = Vec::new();
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
                            location: location(&range),
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
                            location: location(&range),
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
                        location: location(&r),
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
                        location: location(&r),
                    });
                }
                Event::End(TagEnd::Image)
            }
            other => other,
        };
        events.push(event);
        ranges.push(range);
    }
    out.first_paragraph = out
        .first_paragraph
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut html = String::with_capacity(body.len() * 3 / 2);
    if !(has_raw_html || always_sanitize) {
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        out.html = html;
        return out;
    }
    // Where each event's HTML starts, to trace a place in the HTML back to the text.
    let written = Cell::new(0);
    let mut starts = Vec::with_capacity(events.len());
    let _ = pulldown_cmark::html::write_html_fmt(
        Counting {
            out: &mut html,
            written: &written,
        },
        events.into_iter().inspect(|_| starts.push(written.get())),
    );
    match html_too_deep(&html) {
        None => out.html = sanitize(&html),
        Some(at) => {
            let event = starts.partition_point(|&s| s <= at).saturating_sub(1);
            let range = ranges.get(event).cloned().unwrap_or(0..0);
            out.problems.push(Problem::HtmlTooDeep {
                location: location(&range),
            });
            // Not sanitised, so not shown: the problem is an error.
            out.html = String::new();
        }
    }
    out
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

/// Where in `html` elements first nest deeper than [`MAX_HTML_DEPTH`], or `None`.
///
/// The tree is built by html5ever exactly as the sanitiser builds it (a fragment in a
/// `<div>`), but into a sink that keeps only each element's depth, and the text is fed in
/// small pieces: the parse stops at the first piece that goes too deep. So the parser's
/// walks over its stack of open elements (what makes deep nesting quadratic) never cover
/// more than the limit, and the check is linear in the text.
fn html_too_deep(html: &str) -> Option<usize> {
    use html5ever::tendril::{StrTendril, TendrilSink};
    use html5ever::{QualName, local_name, ns};
    const PIECE: usize = 256;
    let deepest = std::rc::Rc::new(Cell::new(0));
    let sink = depth::Sink::new(deepest.clone());
    let mut parser = html5ever::parse_fragment(
        sink,
        html5ever::ParseOpts::default(),
        QualName::new(None, ns!(html), local_name!("div")),
        vec![],
        false,
    );
    let mut at = 0;
    while at < html.len() {
        let mut end = (at + PIECE).min(html.len());
        while !html.is_char_boundary(end) {
            end += 1;
        }
        parser.process(StrTendril::from_slice(&html[at..end]));
        if deepest.get() > MAX_HTML_DEPTH {
            return Some(at);
        }
        at = end;
    }
    None
}

/// A tree sink for html5ever that builds no tree: each element knows only its depth.
mod depth {
    use std::borrow::Cow;
    use std::cell::{Cell, OnceCell};
    use std::rc::Rc;

    use html5ever::tendril::StrTendril;
    use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
    use html5ever::{Attribute, QualName, local_name, ns};

    pub struct Node {
        name: QualName,
        depth: Cell<usize>,
        /// A template's contents, one level below it.
        contents: OnceCell<Rc<Node>>,
    }

    impl Node {
        fn new(name: QualName) -> Rc<Node> {
            Rc::new(Node {
                name,
                depth: Cell::new(0),
                contents: OnceCell::new(),
            })
        }

        fn none() -> Rc<Node> {
            Node::new(QualName::new(None, ns!(), local_name!("")))
        }
    }

    pub struct Sink {
        document: Rc<Node>,
        deepest: Rc<Cell<usize>>,
    }

    impl Sink {
        pub fn new(deepest: Rc<Cell<usize>>) -> Self {
            Sink {
                document: Node::none(),
                deepest,
            }
        }

        fn place(&self, child: NodeOrText<Rc<Node>>, depth: usize) {
            if let NodeOrText::AppendNode(node) = child {
                node.depth.set(depth);
                self.deepest.set(self.deepest.get().max(depth));
            }
        }
    }

    impl TreeSink for Sink {
        type Handle = Rc<Node>;
        type Output = ();
        type ElemName<'a> = &'a QualName;

        fn finish(self) {}

        fn parse_error(&self, _msg: Cow<'static, str>) {}

        fn get_document(&self) -> Rc<Node> {
            self.document.clone()
        }

        fn elem_name<'a>(&'a self, target: &'a Rc<Node>) -> &'a QualName {
            &target.name
        }

        fn create_element(
            &self,
            name: QualName,
            _attrs: Vec<Attribute>,
            _flags: ElementFlags,
        ) -> Rc<Node> {
            Node::new(name)
        }

        fn create_comment(&self, _text: StrTendril) -> Rc<Node> {
            Node::none()
        }

        fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Rc<Node> {
            Node::none()
        }

        fn append(&self, parent: &Rc<Node>, child: NodeOrText<Rc<Node>>) {
            self.place(child, parent.depth.get() + 1);
        }

        fn append_based_on_parent_node(
            &self,
            element: &Rc<Node>,
            prev_element: &Rc<Node>,
            child: NodeOrText<Rc<Node>>,
        ) {
            let depth = element.depth.get().max(prev_element.depth.get() + 1);
            self.place(child, depth);
        }

        fn append_doctype_to_document(
            &self,
            _name: StrTendril,
            _public_id: StrTendril,
            _system_id: StrTendril,
        ) {
        }

        fn get_template_contents(&self, target: &Rc<Node>) -> Rc<Node> {
            target
                .contents
                .get_or_init(|| {
                    let c = Node::none();
                    c.depth.set(target.depth.get() + 1);
                    c
                })
                .clone()
        }

        fn same_node(&self, x: &Rc<Node>, y: &Rc<Node>) -> bool {
            Rc::ptr_eq(x, y)
        }

        fn set_quirks_mode(&self, _mode: QuirksMode) {}

        fn append_before_sibling(&self, sibling: &Rc<Node>, new_node: NodeOrText<Rc<Node>>) {
            self.place(new_node, sibling.depth.get());
        }

        fn add_attrs_if_missing(&self, _target: &Rc<Node>, _attrs: Vec<Attribute>) {}

        fn remove_from_parent(&self, _target: &Rc<Node>) {}

        fn reparent_children(&self, _node: &Rc<Node>, _new_parent: &Rc<Node>) {}
    }
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
