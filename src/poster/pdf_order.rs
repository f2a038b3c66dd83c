//! Byte-identical PDFs. The PDF writer numbers and orders the embedded fonts' objects in the
//! order of a hash map, which changes from run to run; the objects themselves are the same.
//! So the file is rewritten canonically: resource dictionaries written from a hash map get
//! their entries sorted, objects are renumbered in the order they are reached from the
//! trailer (`/Root`, then `/Info`), each dictionary's references in the order they are
//! written, and the cross-reference table is rebuilt. Streams are copied untouched. A file
//! this does not understand is left as it is.

use std::collections::HashMap;

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn number(bytes: &[u8]) -> Option<usize> {
    std::str::from_utf8(bytes).ok()?.trim().parse().ok()
}

/// The PDF in canonical form; the input when it is not a simple PDF.
pub fn canonical(pdf: Vec<u8>) -> Vec<u8> {
    rewrite(&pdf).unwrap_or(pdf)
}

/// One object: its dictionary text (up to `stream`) and the rest, untouched.
struct Object<'a> {
    dict: String,
    rest: &'a [u8],
}

/// The references (`N 0 R`) in a text, in order, with their byte ranges.
fn references(text: &str) -> Vec<(usize, std::ops::Range<usize>)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if b[i..].starts_with(b" 0 R") && !b.get(i + 4).is_some_and(u8::is_ascii_alphanumeric) {
                if let Ok(n) = text[start..i].parse() {
                    out.push((n, start..i));
                }
                i += 4;
            }
        } else {
            i += 1;
        }
    }
    out
}

fn renumber(text: &str, map: &HashMap<usize, usize>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (n, range) in references(text) {
        out.push_str(&text[last..range.start]);
        out.push_str(&map.get(&n).copied().unwrap_or(n).to_string());
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// A PDF as the writer lays it out: its header (up to the first object), each object as
/// (id, dictionary text up to `stream`, the rest — stream and `endobj` — untouched) in the
/// order of their offsets, the trailer's text (from its `trailer` line to `startxref`) and
/// the number of ids (the cross-reference table's size).
pub(super) struct Parsed<'a> {
    pub header: &'a [u8],
    pub objects: Vec<(usize, &'a str, &'a [u8])>,
    pub trailer: &'a str,
    pub count: usize,
}

/// The objects of a PDF with one classic cross-reference table of in-use objects (as
/// pdf-writer writes them); None for anything else.
pub(super) fn parse(pdf: &[u8]) -> Option<Parsed<'_>> {
    let sx = rfind(pdf, b"startxref")?;
    let xref_at = number(pdf.get(sx + 9..find(pdf, b"%%EOF", sx)?)?)?;
    if pdf.get(xref_at..xref_at + 4)? != b"xref" {
        return None;
    }
    // "xref\n0 N\n", then N entries of 20 bytes, then the trailer.
    let line_end = find(pdf, b"\n", xref_at + 5)?;
    let (first, count) = std::str::from_utf8(&pdf[xref_at + 5..line_end])
        .ok()?
        .trim()
        .split_once(' ')?;
    if first != "0" {
        return None;
    }
    let count: usize = count.parse().ok()?;
    let entries_at = line_end + 1;
    let mut places: Vec<(usize, usize)> = Vec::new(); // (offset, id)
    for id in 1..count {
        let e = pdf.get(entries_at + id * 20..entries_at + id * 20 + 20)?;
        if e[17] != b'n' {
            return None;
        }
        places.push((number(&e[..10])?, id));
    }
    places.sort_unstable();
    let header = pdf.get(..places.first()?.0)?;
    let mut objects = Vec::with_capacity(places.len());
    for (i, (off, id)) in places.iter().enumerate() {
        let end = places.get(i + 1).map_or(xref_at, |(o, _)| *o);
        let body = pdf.get(*off..end)?;
        // "N 0 obj\n" … : drop the header, keep the rest.
        let after_header = find(body, b"obj\n", 0)? + 4;
        let dict_end = find(body, b"stream\n", 0).unwrap_or(body.len());
        if dict_end < after_header {
            return None;
        }
        let dict = std::str::from_utf8(&body[after_header..dict_end]).ok()?;
        objects.push((*id, dict, &body[dict_end..]));
    }
    let trailer = std::str::from_utf8(pdf.get(entries_at + count * 20..sx)?).ok()?;
    Some(Parsed {
        header,
        objects,
        trailer,
        count,
    })
}

/// A PDF of `header`, the objects numbered 1, 2, … in the order given, a cross-reference
/// table and `trailer` (its `trailer` line to just before `startxref`).
pub(super) fn write(header: &[u8], objects: &[(String, &[u8])], trailer: &str) -> Vec<u8> {
    let size: usize = objects.iter().map(|(d, r)| d.len() + r.len() + 16).sum();
    let mut out = Vec::with_capacity(header.len() + size + 20 * objects.len() + 200);
    out.extend_from_slice(header);
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, (dict, rest)) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(dict.as_bytes());
        out.extend_from_slice(rest);
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f\r\n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n\r\n").as_bytes());
    }
    out.extend_from_slice(trailer.as_bytes());
    out.extend_from_slice(format!("startxref\n{xref}\n%%EOF").as_bytes());
    out
}

fn rewrite(pdf: &[u8]) -> Option<Vec<u8>> {
    let parsed = parse(pdf)?;
    let places: Vec<usize> = parsed.objects.iter().map(|(id, _, _)| *id).collect();
    let objects: HashMap<usize, Object> = parsed
        .objects
        .iter()
        .map(|(id, dict, rest)| {
            (
                *id,
                Object {
                    dict: sorted_references(dict),
                    rest,
                },
            )
        })
        .collect();
    let trailer = parsed.trailer;

    // Number the objects in the order they are reached from the trailer.
    let mut order: Vec<usize> = Vec::new();
    let mut new_id: HashMap<usize, usize> = HashMap::new();
    let mut queue: std::collections::VecDeque<usize> =
        references(trailer).into_iter().map(|(n, _)| n).collect();
    while let Some(id) = queue.pop_front() {
        if new_id.contains_key(&id) || !objects.contains_key(&id) {
            continue;
        }
        new_id.insert(id, order.len() + 1);
        order.push(id);
        queue.extend(references(&objects[&id].dict).into_iter().map(|(n, _)| n));
    }
    // Objects nothing points at keep their relative order, after the rest.
    for id in &places {
        if !new_id.contains_key(id) {
            new_id.insert(*id, order.len() + 1);
            order.push(*id);
        }
    }
    if order.len() + 1 != parsed.count {
        return None;
    }
    let renumbered: Vec<(String, &[u8])> = order
        .iter()
        .map(|id| (renumber(&objects[id].dict, &new_id), objects[id].rest))
        .collect();
    Some(write(
        parsed.header,
        &renumbered,
        &renumber(trailer, &new_id),
    ))
}

/// The dictionary with each run of reference entries (`/name N 0 R`, one per line) between
/// a `<<` line and its `>>` sorted by name.
fn sorted_references(dict: &str) -> String {
    let is_ref = |l: &str| {
        let t = l.trim();
        t.starts_with('/') && t.ends_with(" 0 R") && t.split_whitespace().count() == 4
    };
    let lines: Vec<&str> = dict.split_inclusive('\n').collect();
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        out.push(lines[i]);
        if lines[i].trim_end().ends_with("<<") {
            let run_end = (i + 1..lines.len())
                .find(|&j| !is_ref(lines[j]))
                .unwrap_or(lines.len());
            if run_end < lines.len() && lines[run_end].trim() == ">>" {
                let mut run: Vec<&str> = lines[i + 1..run_end].to_vec();
                run.sort_unstable_by_key(|l| l.split_whitespace().next().unwrap_or(""));
                out.extend(run);
                i = run_end;
                continue;
            }
        }
        i += 1;
    }
    out.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF of objects given as (id, text), in the given order, with its xref.
    fn pdf(objects: &[(usize, &str)], root: usize) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n\n".to_vec();
        let mut offsets = vec![0; objects.len() + 1];
        for (id, text) in objects {
            offsets[*id] = out.len();
            out.extend_from_slice(format!("{id} 0 obj\n{text}\nendobj\n\n").as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f\r\n", objects.len() + 1).as_bytes(),
        );
        for off in &offsets[1..] {
            out.extend_from_slice(format!("{off:010} 00000 n\r\n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<<\n  /Root {root} 0 R\n>>\nstartxref\n{xref}\n%%EOF").as_bytes(),
        );
        out
    }

    #[test]
    fn the_same_document_numbered_two_ways_comes_out_the_same() {
        let a = pdf(
            &[
                (1, "<< /Type /Font /Name /Bold >>"),
                (2, "<< /Type /Font /Name /Regular >>"),
                (
                    3,
                    "<<\n  /Font <<\n    /fo1 1 0 R\n    /fo0 2 0 R\n  >>\n>>",
                ),
            ],
            3,
        );
        let b = pdf(
            &[
                (2, "<< /Type /Font /Name /Bold >>"),
                (1, "<< /Type /Font /Name /Regular >>"),
                (
                    3,
                    "<<\n  /Font <<\n    /fo0 1 0 R\n    /fo1 2 0 R\n  >>\n>>",
                ),
            ],
            3,
        );
        assert_ne!(a, b);
        let (ca, cb) = (canonical(a), canonical(b));
        assert_eq!(String::from_utf8_lossy(&ca), String::from_utf8_lossy(&cb));
        assert!(String::from_utf8_lossy(&ca).starts_with("%PDF-1.7\n\n1 0 obj\n<<\n  /Font"));
    }
}
