//! Where each feature of a GeoJSON FeatureCollection starts and ends in the file's text, so
//! that a problem with feature 12 can point at its line. A small JSON scanner: strings and
//! escapes, nesting depth, and the elements of the top-level `"features"` array.

/// Byte ranges of the elements of the top-level `"features"` array, in order. Text that is
/// not valid JSON gives whatever was found before the problem (the JSON parser reports it).
pub fn feature_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    // The last string read at depth 1 that was followed by `:` — the current key.
    let mut key_at_top: Option<(usize, usize)> = None;
    let mut last_string: Option<(usize, usize)> = None;
    let mut in_features = false;
    let mut element_start: Option<usize> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' => {
                let start = i + 1;
                i = string_end(bytes, i);
                if in_features && depth == 2 && element_start.is_none() {
                    element_start = Some(start - 1);
                }
                last_string = Some((start, i.min(bytes.len())));
            }
            b':' => {
                if depth == 1 {
                    key_at_top = last_string;
                }
            }
            b'{' | b'[' => {
                if in_features && depth == 2 && element_start.is_none() {
                    element_start = Some(i);
                }
                depth += 1;
                if depth == 2
                    && b == b'['
                    && key_at_top.is_some_and(|(s, e)| &text[s..e] == "features")
                {
                    in_features = true;
                }
            }
            b'}' | b']' => {
                if in_features && depth == 2 {
                    // The end of the features array.
                    if let Some(s) = element_start.take() {
                        spans.push(s..trim_end(bytes, i));
                    }
                    in_features = false;
                    key_at_top = None;
                }
                depth = depth.saturating_sub(1);
            }
            b',' => {
                if in_features
                    && depth == 2
                    && let Some(s) = element_start.take()
                {
                    spans.push(s..trim_end(bytes, i));
                }
            }
            b if b.is_ascii_whitespace() => {}
            _ => {
                if in_features && depth == 2 && element_start.is_none() {
                    element_start = Some(i);
                }
            }
        }
        i += 1;
    }
    spans
}

/// Where the `limit + 1`-th position (a `[` that opens an array of numbers) inside a
/// `"coordinates"` value is, or `None` when there are no more than `limit`: one pass over
/// the bytes, before the text is parsed, so that a layer too big to draw is refused in a
/// fraction of the time parsing it would take.
pub fn position_over(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    // The depth at which the current `"coordinates"` array was opened.
    let mut in_coordinates: Option<usize> = None;
    let mut last_string: Option<(usize, usize)> = None;
    let mut key: Option<(usize, usize)> = None;
    let mut count = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i = string_end(bytes, i);
                last_string = Some((start, i.min(bytes.len())));
            }
            b':' => key = last_string.take(),
            b'[' => {
                depth += 1;
                if in_coordinates.is_none()
                    && key
                        .take()
                        .is_some_and(|(s, e)| &bytes[s..e] == b"coordinates")
                {
                    in_coordinates = Some(depth);
                }
                if in_coordinates.is_some() {
                    let next = bytes[i + 1..]
                        .iter()
                        .find(|b| !b.is_ascii_whitespace())
                        .copied();
                    if next.is_some_and(|b| b == b'-' || b.is_ascii_digit()) {
                        count += 1;
                        if count > limit {
                            return Some(i);
                        }
                    }
                }
            }
            b']' => {
                if in_coordinates == Some(depth) {
                    in_coordinates = None;
                }
                depth = depth.saturating_sub(1);
            }
            b'{' => {
                key = None;
                depth += 1;
            }
            b'}' => depth = depth.saturating_sub(1),
            b',' => key = None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where the JSON string whose opening quote is at `open` ends: at its closing quote, or
/// at (or just past) the end of the text when it is not closed.
fn string_end(bytes: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while i < bytes.len() && bytes[i] != b'"' {
        if bytes[i] == b'\\' {
            i += 1;
        }
        i += 1;
    }
    i
}

fn trim_end(bytes: &[u8], mut end: usize) -> usize {
    while end > 0 && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_feature() {
        let text = r#"{"type": "FeatureCollection", "name": "x,[{", "features": [
  {"type": "Feature", "properties": {"name": "a \" ], {"}, "geometry": null},
  {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1, 2]}}
], "bbox": [1, 2, 3, 4]}"#;
        let spans = feature_spans(text);
        assert_eq!(spans.len(), 2);
        assert!(text[spans[0].clone()].starts_with("{\"type\""));
        assert!(text[spans[0].clone()].ends_with("null}"));
        assert!(text[spans[1].clone()].ends_with("[1, 2]}}"));
        let none = feature_spans(r#"{"type": "Feature", "geometry": {"coordinates": [[1, 2]]}}"#);
        assert!(none.is_empty());
    }

    #[test]
    fn counts_positions_in_coordinates_only() {
        let text = r#"{"features": [
  {"properties": {"n": [1, 2], "s": "coordinates: [1, 2]"}, "bbox": [0, 0, 1, 1],
   "geometry": {"type": "Polygon", "coordinates": [[[1, 2], [ 3,4], [-5, 6.5e1], [1, 2]]]}},
  {"geometry": {"type": "Point", "coordinates": [7, 8]}}
]}"#;
        assert_eq!(position_over(text, 5), None);
        let at = position_over(text, 4).unwrap();
        assert_eq!(&text[at..at + 7], "[7, 8]}");
        assert_eq!(
            position_over(text, 0).map(|i| &text[i..i + 6]),
            Some("[1, 2]")
        );
    }
}
