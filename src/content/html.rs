//! Raw HTML in a page's output: how deep its elements nest, and the sanitiser. Markdown's
//! renderer ([`super::markdown`]) decides which text needs them and turns a place in the
//! HTML back into a place in the text; this module only reads and cleans HTML.

use std::cell::Cell;

/// How deep the HTML of a text with raw HTML may nest elements (as the HTML parser builds
/// them: Markdown's own blocks count too). Real pages stay far below; 100,000 nested
/// `<div>` took the sanitiser 19 s.
pub const MAX_HTML_DEPTH: usize = 100;

/// Where in `html` elements first nest deeper than [`MAX_HTML_DEPTH`], or `None`.
///
/// The tree is built by html5ever exactly as the sanitiser builds it (a fragment in a
/// `<div>`), but into a sink that keeps only each element's depth, and the text is fed in
/// small pieces: the parse stops at the first piece that goes too deep. So the parser's
/// walks over its stack of open elements (what makes deep nesting quadratic) never cover
/// more than the limit, and the check is linear in the text.
pub fn too_deep(html: &str) -> Option<usize> {
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
