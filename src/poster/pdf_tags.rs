//! Tagged PDFs: a poster's PDF says its title and language and carries a structure tree, so
//! that a screen reader reads the poster's texts in order, as a heading and paragraphs, and
//! skips its drawing.
//!
//! svg2pdf (0.13, on pdf-writer) writes no structure and has no option to: it draws every
//! glyph as its own `q BT … ET Q` block in the page's content stream and writes a catalog
//! and an information dictionary of its own. So the finished file is rewritten: the content
//! stream gets marked-content sequences — each run of one text element's glyph blocks a
//! `BDC … EMC` with a marked-content id, every path and image an `/Artifact` — and the
//! catalog gets `/Lang`, `/MarkInfo`, `/StructTreeRoot` and `/ViewerPreferences
//! /DisplayDocTitle`, the page `/StructParents` and `/Tabs /S`, the information dictionary
//! `/Title`. Which glyph blocks belong to which SVG `<text>` is known from the same usvg tree
//! svg2pdf drew: it draws, in document order, one block per glyph of each visible span (two
//! when a span is both filled and stroked); text in groups it turns into form XObjects
//! (opacity, masks, filters, isolation) is not in the page's stream. When the count of
//! blocks does not agree with the tree, the text is one paragraph without words of its own
//! rather than wrongly attributed.
//!
//! A `<text id="title">` is the document's heading (`H1`), every other text a paragraph
//! (`P`) whose `/ActualText` is its words with the lines joined by spaces (the glyphs of
//! wrapped lines carry no space between them).

use std::fmt::Write as _;

use resvg::usvg;

use super::pdf_order::{Parsed, parse, write};

/// What the document says of itself.
#[derive(Debug, Clone, Copy)]
pub struct Meta<'a> {
    /// The document's title (the event's).
    pub title: &'a str,
    /// Its language, a BCP 47 tag (`uk`).
    pub lang: &'a str,
}

/// One SVG text element as svg2pdf draws it into the page.
#[derive(Debug, Clone, PartialEq)]
pub struct TextNode {
    /// The structure type: `H1` or `P`.
    pub role: &'static str,
    /// Its words, the lines joined by spaces.
    pub text: String,
    /// How many glyph blocks (`q BT … ET Q`) it is.
    pub blocks: usize,
}

/// Whether svg2pdf draws a group into a form XObject rather than into the page (its
/// `GroupExt::is_isolated`, and filters).
fn drawn_apart(g: &usvg::Group) -> bool {
    g.isolate()
        || g.mask().is_some()
        || g.blend_mode() != usvg::BlendMode::Normal
        || !g.filters().is_empty()
        || g.opacity().get() != 1.0
}

/// The text elements svg2pdf draws into the page's content stream, in drawing order.
pub fn text_nodes(tree: &usvg::Tree) -> Vec<TextNode> {
    fn walk(g: &usvg::Group, out: &mut Vec<TextNode>) {
        for node in g.children() {
            match node {
                usvg::Node::Group(child) if !drawn_apart(child) => walk(child, out),
                usvg::Node::Text(t) => out.push(TextNode {
                    role: if t.id() == "title" { "H1" } else { "P" },
                    text: t
                        .chunks()
                        .iter()
                        .map(|c| c.text())
                        .collect::<Vec<_>>()
                        .join(" ")
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                    blocks: t
                        .layouted()
                        .iter()
                        .filter(|s| s.visible)
                        .map(|s| {
                            let paints =
                                usize::from(s.fill.is_some()) + usize::from(s.stroke.is_some());
                            s.positioned_glyphs.len() * paints.max(1)
                        })
                        .sum(),
                }),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    if !drawn_apart(tree.root()) {
        walk(tree.root(), &mut out);
    }
    out
}

/// A PDF text string: UTF-16BE with its byte order mark, in hex (nothing to escape).
fn text_string(s: &str) -> String {
    let mut out = String::from("<FEFF");
    for unit in s.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push('>');
    out
}

/// A language tag as a PDF string: letters, digits and hyphens only.
fn lang_string(lang: &str) -> String {
    let tag: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("({tag})")
}

/// How hard streams are compressed (miniz levels 0–10): svg2pdf leaves them uncompressed
/// and they are compressed once, after the page's content is marked. On the example's
/// posters level 4 makes the page content 0.1% larger than level 6 in less than half the
/// time (0.9 against 2.1 ms a poster).
const LEVEL: u8 = 4;

/// A stream object's data: `/Length` bytes after `stream`.
fn stream_data<'a>(dict: &str, rest: &'a [u8]) -> Option<&'a [u8]> {
    let at = dict.find("/Length ")? + 8;
    let digits = &dict[at..];
    let length: usize = digits[..digits.find(|c: char| !c.is_ascii_digit())?]
        .parse()
        .ok()?;
    rest.strip_prefix(b"stream\n")?.get(..length)
}

/// The part of a stream object after its dictionary.
fn stream_object(data: &[u8]) -> Vec<u8> {
    [b"stream\n".as_slice(), data, b"\nendstream\nendobj\n\n"].concat()
}

/// The reference `/key N 0 R` in a dictionary's text.
fn reference(dict: &str, key: &str) -> Option<usize> {
    let at = dict.find(&format!("{key} "))? + key.len() + 1;
    let rest = dict[at..].trim_start_matches(['[', ' ']);
    let end = rest.find(' ')?;
    rest[end..]
        .starts_with(" 0 R")
        .then(|| rest[..end].parse().ok())?
}

/// `dict` (a dictionary's text up to and with `endobj`) with `entries` added before its
/// closing `>>`.
fn with_entries(dict: &str, entries: &str) -> Option<String> {
    let close = dict.rfind(">>")?;
    Some(format!("{}{entries}{}", &dict[..close], &dict[close..]))
}

/// The page's content with its marked-content sequences, and for each marked-content id
/// (in order) the index of the text element it belongs to. `owners[i]` is the text element
/// of the i-th glyph block.
fn mark(content: &str, owners: &[usize], roles: &[&str]) -> (String, Vec<usize>) {
    const PATH_START: [&str; 2] = ["m", "re"];
    const PAINT: [&str; 10] = ["f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "n"];
    let lines: Vec<&str> = content.lines().collect();
    let is_block_start = |i: usize| lines[i] == "q" && lines.get(i + 1) == Some(&"BT");
    let mut out = String::with_capacity(content.len() + content.len() / 8);
    let mut parents: Vec<usize> = Vec::new();
    let (mut block, mut open, mut in_path) = (0usize, false, false);
    let mut i = 0;
    while i < lines.len() {
        if is_block_start(i) {
            let owner = owners.get(block).copied().unwrap_or(0);
            if !open {
                let role = roles.get(owner).copied().unwrap_or("P");
                let _ = writeln!(out, "/{role} <</MCID {}>> BDC", parents.len());
                parents.push(owner);
                open = true;
            }
            // The block: to its `ET` and the `Q` after it.
            while i < lines.len() && !(lines[i] == "ET" && lines.get(i + 1) == Some(&"Q")) {
                out.push_str(lines[i]);
                out.push('\n');
                i += 1;
            }
            out.push_str("ET\nQ\n");
            i += 2;
            block += 1;
            // The run goes on while the next block is the same element's, right after.
            let next_same = i < lines.len()
                && is_block_start(i)
                && owners.get(block).copied().unwrap_or(0) == owner;
            if !next_same {
                out.push_str("EMC\n");
                open = false;
            }
            continue;
        }
        let line = lines[i];
        let op = line.split_whitespace().last().unwrap_or("");
        if !in_path && PATH_START.contains(&op) {
            out.push_str("/Artifact BMC\n");
            in_path = true;
        }
        let lone = !in_path && (op == "Do" || op == "sh");
        if lone {
            out.push_str("/Artifact BMC\n");
        }
        out.push_str(line);
        out.push('\n');
        if lone || (in_path && PAINT.contains(&op)) {
            out.push_str("EMC\n");
            in_path = false;
        }
        i += 1;
    }
    if in_path || open {
        out.push_str("EMC\n");
    }
    (out, parents)
}

/// The PDF with its title, language and structure (see the module's comment); None when
/// it is not laid out as svg2pdf writes it.
pub fn tag(pdf: &[u8], nodes: &[TextNode], meta: Meta) -> Option<Vec<u8>> {
    let Parsed {
        header,
        objects,
        trailer,
        count,
    } = parse(pdf)?;
    let dict_of = |id: usize| objects.iter().find(|o| o.0 == id).map(|o| o.1);
    let root = reference(trailer, "/Root")?;
    let info = reference(trailer, "/Info")?;
    let pages = reference(dict_of(root)?, "/Pages")?;
    let page = reference(dict_of(pages)?, "/Kids")?;
    let contents = reference(dict_of(page)?, "/Contents")?;
    let (_, content_dict, content_rest) = objects.iter().find(|o| o.0 == contents)?;
    let data = stream_data(content_dict, content_rest)?;
    let content = if content_dict.contains("/FlateDecode") {
        miniz_oxide::inflate::decompress_to_vec_zlib(data).ok()?
    } else {
        data.to_vec()
    };
    let content = String::from_utf8(content).ok()?;

    // Which element each glyph block belongs to; one untitled paragraph when the tree and
    // the stream disagree.
    let blocks = content
        .lines()
        .zip(content.lines().skip(1))
        .filter(|(a, b)| *a == "q" && *b == "BT")
        .count();
    let agree = nodes.iter().map(|n| n.blocks).sum::<usize>() == blocks;
    let fallback = [TextNode {
        role: "P",
        text: String::new(),
        blocks,
    }];
    let nodes = if agree { nodes } else { &fallback[..] };
    let owners: Vec<usize> = nodes
        .iter()
        .enumerate()
        .flat_map(|(i, n)| std::iter::repeat_n(i, n.blocks))
        .collect();
    let roles: Vec<&str> = nodes.iter().map(|n| n.role).collect();
    let (marked, parents) = mark(&content, &owners, &roles);
    let stream = miniz_oxide::deflate::compress_to_vec_zlib(marked.as_bytes(), LEVEL);

    // New objects after the last: the tree's root, the document, its elements, the parent
    // tree.
    let tree_root = count;
    let document = count + 1;
    let used: Vec<usize> = (0..nodes.len()).filter(|i| parents.contains(i)).collect();
    let element_id = |node: usize| document + 1 + used.iter().position(|&u| u == node).unwrap_or(0);
    let parent_tree = document + 1 + used.len();

    let mut out: Vec<(usize, String, Vec<u8>)> = Vec::new();
    for (id, dict, rest) in &objects {
        let dict = if *id == root {
            with_entries(
                dict,
                &format!(
                    "  /Lang {}\n  /MarkInfo << /Marked true >>\n  /StructTreeRoot {tree_root} 0 R\n  /ViewerPreferences << /DisplayDocTitle true >>\n",
                    lang_string(meta.lang)
                ),
            )?
        } else if *id == info {
            with_entries(dict, &format!("  /Title {}\n", text_string(meta.title)))?
        } else if *id == page {
            with_entries(dict, "  /StructParents 0\n  /Tabs /S\n")?
        } else if *id == contents {
            format!(
                "<<\n  /Length {}\n  /Filter /FlateDecode\n>>\n",
                stream.len()
            )
        } else {
            (*dict).to_string()
        };
        let (dict, rest) = if *id == contents {
            (dict, stream_object(&stream))
        } else if rest.starts_with(b"stream\n") && !dict.contains("/Filter") {
            // The other streams svg2pdf left uncompressed (forms, patterns): compressed.
            let old = stream_data(&dict, rest)?;
            let z = miniz_oxide::deflate::compress_to_vec_zlib(old, LEVEL);
            let dict = dict.replacen(
                &format!("/Length {}\n", old.len()),
                &format!("/Length {}\n", z.len()),
                1,
            );
            (
                with_entries(&dict, "  /Filter /FlateDecode\n")?,
                stream_object(&z),
            )
        } else {
            (dict, rest.to_vec())
        };
        out.push((*id, dict, rest));
    }
    let kids: Vec<String> = used
        .iter()
        .map(|&n| format!("{} 0 R", element_id(n)))
        .collect();
    out.push((
        tree_root,
        format!(
            "<<\n  /Type /StructTreeRoot\n  /K {document} 0 R\n  /ParentTree {parent_tree} 0 R\n  /ParentTreeNextKey 1\n>>\nendobj\n\n"
        ),
        Vec::new(),
    ));
    out.push((
        document,
        format!(
            "<<\n  /Type /StructElem\n  /S /Document\n  /P {tree_root} 0 R\n  /K [{}]\n>>\nendobj\n\n",
            kids.join(" ")
        ),
        Vec::new(),
    ));
    for &n in &used {
        let mcids: Vec<String> = parents
            .iter()
            .enumerate()
            .filter(|(_, p)| **p == n)
            .map(|(m, _)| m.to_string())
            .collect();
        let words = &nodes[n].text;
        let actual = if words.is_empty() {
            String::new()
        } else {
            format!("  /ActualText {}\n", text_string(words))
        };
        out.push((
            element_id(n),
            format!(
                "<<\n  /Type /StructElem\n  /S /{}\n  /P {document} 0 R\n  /Pg {page} 0 R\n  /K [{}]\n{actual}>>\nendobj\n\n",
                nodes[n].role,
                mcids.join(" ")
            ),
            Vec::new(),
        ));
    }
    let per_mcid: Vec<String> = parents
        .iter()
        .map(|&n| format!("{} 0 R", element_id(n)))
        .collect();
    out.push((
        parent_tree,
        format!("<<\n  /Nums [0 [{}]]\n>>\nendobj\n\n", per_mcid.join(" ")),
        Vec::new(),
    ));
    // Ids 1, 2, … in order: the file's own, then the new ones.
    out.sort_by_key(|o| o.0);
    if out.iter().enumerate().any(|(i, o)| o.0 != i + 1) {
        return None;
    }
    let size = out.len() + 1;
    let trailer = trailer.replacen(&format!("/Size {count}"), &format!("/Size {size}"), 1);
    let objects: Vec<(String, &[u8])> = out
        .iter()
        .map(|(_, d, r)| (d.clone(), r.as_slice()))
        .collect();
    Some(write(header, &objects, &trailer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_blocks_become_marked_runs_and_drawing_artifacts() {
        let content = "q\n0 0 m\n1 0 l\nh\nf\nQ\nq\nBT\n/fo0 7 Tf\n(a) Tj\nET\nQ\nq\nBT\n(b) Tj\nET\nQ\nq\nBT\n(c) Tj\nET\nQ\n/x0 Do\n";
        let (marked, parents) = mark(content, &[0, 0, 1], &["H1", "P"]);
        assert_eq!(parents, [0, 1]);
        assert_eq!(
            marked,
            "q\n/Artifact BMC\n0 0 m\n1 0 l\nh\nf\nEMC\nQ\n/H1 <</MCID 0>> BDC\nq\nBT\n/fo0 7 Tf\n(a) Tj\nET\nQ\nq\nBT\n(b) Tj\nET\nQ\nEMC\n/P <</MCID 1>> BDC\nq\nBT\n(c) Tj\nET\nQ\nEMC\n/Artifact BMC\n/x0 Do\nEMC\n"
        );
    }

    #[test]
    fn strings_and_references() {
        assert_eq!(text_string("Дія"), "<FEFF04140456044F>");
        assert_eq!(lang_string("uk) /Evil"), "(ukEvil)");
        let d = "<<\n  /Type /Pages\n  /Kids [4 0 R]\n>>";
        assert_eq!(reference(d, "/Kids"), Some(4));
        assert_eq!(reference("<< /Root 12 0 R >>", "/Root"), Some(12));
        assert_eq!(reference("<< /Count 1 >>", "/Count"), None);
    }
}
