//! "Did you mean …?" — the closest valid name to a misspelt one.

/// The candidate closest to `word`, if it is close enough to be a likely misspelling.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_l = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word_l, &c.to_lowercase()), c))
        .filter(|(d, c)| {
            let longest = word.chars().count().max(c.chars().count());
            *d <= (longest / 3).max(1) || c.to_lowercase().starts_with(&word_l)
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Reads serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a` or `b`",
/// or "there are no fields") into the field and the valid names.
pub fn parse_unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let end = rest.find('`')?;
    let field = rest[..end].to_string();
    let expected: Vec<String> = rest[end + 1..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((field, expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_misspellings() {
        let keys = ["title", "summary", "service", "audience"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("servise", keys), Some("service"));
        assert_eq!(closest("audiense", keys), Some("audience"));
        assert_eq!(closest("zzzzzz", keys), None);
    }

    #[test]
    fn reads_serde_messages() {
        let (f, e) =
            parse_unknown_field("unknown field `titel`, expected one of `title`, `slug`").unwrap();
        assert_eq!(f, "titel");
        assert_eq!(e, vec!["title", "slug"]);
        let (f, e) = parse_unknown_field("unknown field `x`, expected `a` or `b`").unwrap();
        assert_eq!((f.as_str(), e.len()), ("x", 2));
        let (_, e) = parse_unknown_field("unknown field `x`, there are no fields").unwrap();
        assert!(e.is_empty());
    }
}
