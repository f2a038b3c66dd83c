//! Backslashes from Windows in `site.toml`. Explorer shows a path as `static\gerb.svg`, and
//! an editor copies it as it is. What hromada does with one, per kind of value:
//! - a file of the site (`logo`, a map layer's `file`, the posters' `cache`): read with `/`
//!   on every system, so a site that builds on the editor's Windows computer builds the same
//!   on Linux CI; W0027 says to write `/`, and the value with `/` is the hint;
//! - an address (the menu, footer links, messengers): refused (E0019 in `links.rs`), because
//!   a web address never has `\` and the site must not link what the editor did not write;
//! - inside "double quotes" TOML reads `\` as the start of an escape, so the file cannot be
//!   read at all (E0101): the message says why and the hint shows the line with `/`.

use std::path::Path;

use toml::Spanned;

use crate::diag::Diagnostic;
use crate::i18n::Msg;

/// A path of the site's files written in `site.toml` under `key`, with `\` read as `/`;
/// W0027 at the value when it had a `\`.
pub fn file_path(
    value: &Spanned<String>,
    key: &str,
    file: &Path,
    text: &str,
) -> (String, Option<Diagnostic>) {
    let written = value.get_ref();
    let slashed = written.replace('\\', "/");
    if slashed == *written {
        return (slashed, None);
    }
    let warning = Diagnostic::warning(
        "W0027",
        file,
        tr!(
            "`{key}` separates folders with `\\` (as Windows shows paths); it is read as `{slashed}`",
            "у `{key}` теки розділено знаком `\\` (так шляхи показує Windows); прочитано як `{slashed}`"
        ),
    )
    .at_opt(super::span_location(text, value.span()))
    .hint(tr!(
        "write `/` between folders, as on the site and on every system: {key} = \"{slashed}\"",
        "пишіть `/` між теками, як на сайті й на будь-якій системі: {key} = \"{slashed}\""
    ));
    (slashed, Some(warning))
}

/// A TOML error at a `\` inside "double quotes" (`"static\gerb.svg"`, where `\g` is not an
/// escape TOML knows) says so, with the line written with `/` as its hint; any other error
/// `d` is left as it is.
pub fn explain_escape(d: &mut Diagnostic, text: &str, span: Option<std::ops::Range<usize>>) {
    if let Some((message, hint)) = span.and_then(|s| escape_in_quotes(text, s.start)) {
        d.message = message.into_string();
        d.hint = Some(hint.into_string());
    }
}

/// The message and hint for a TOML error at byte `at` when it is at a `\` in double quotes.
fn escape_in_quotes(text: &str, at: usize) -> Option<(Msg, Msg)> {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let before = &text[line_start..at];
    // The error is at the backslash or just after it, inside a "…" value.
    let at_backslash = text[at..].starts_with('\\') || before.ends_with('\\');
    if !at_backslash || !before.contains('"') {
        return None;
    }
    let fixed = line.trim().replace("\\\\", "/").replace('\\', "/");
    Some((
        tr!(
            "inside \"double quotes\" TOML reads `\\` as the start of a special character, so this value cannot be read",
            "у \"подвійних лапках\" TOML читає `\\` як початок спецсимволу, тому це значення не читається"
        ),
        tr!(
            "write `/` between folders of a path and in addresses: {fixed}",
            "у шляхах і адресах пишіть `/`: {fixed}"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `logo = <value>` as a settings text, and the value as the settings read it.
    fn logo(value: &str) -> (String, Spanned<String>) {
        #[derive(serde::Deserialize)]
        struct Settings {
            logo: Spanned<String>,
        }
        let text = format!("logo = {value}\n");
        let settings: Settings = toml::from_str(&text).unwrap();
        (text, settings.logo)
    }

    #[test]
    fn a_windows_path_is_read_with_slashes_and_warned_about() {
        // As a 'literal string' and as an escaped "\\" in double quotes.
        for value in ["'static\\gerb.svg'", "\"static\\\\gerb.svg\""] {
            let (text, v) = logo(value);
            let (path, warning) = file_path(&v, "logo", Path::new("site.toml"), &text);
            assert_eq!(path, "static/gerb.svg", "{value}");
            let w = warning.expect(value);
            assert_eq!(w.code, "W0027");
            let loc = w.location.unwrap();
            assert_eq!((loc.line, loc.col, loc.len), (1, 8, value.chars().count()));
            let hint = w.hint.unwrap();
            assert!(hint.ends_with("logo = \"static/gerb.svg\""), "{hint}");
        }
        let (text, v) = logo("\"/static/gerb.svg\"");
        let (path, warning) = file_path(&v, "logo", Path::new("site.toml"), &text);
        assert_eq!(path, "/static/gerb.svg");
        assert!(warning.is_none());
    }

    #[test]
    fn a_backslash_in_double_quotes_is_explained_with_the_line_fixed() {
        let text = "title = \"T\"\nlogo = \"static\\gerb.svg\"\r\n";
        // toml points at the character after the backslash; either place is recognised.
        let slash = text.find('\\').unwrap();
        for at in [slash, slash + 1] {
            let (message, hint) = escape_in_quotes(text, at).expect("recognised");
            assert!(message.as_str().contains('\\'), "{}", message.as_str());
            assert!(
                hint.as_str().ends_with("logo = \"static/gerb.svg\""),
                "{}",
                hint.as_str()
            );
        }
        assert!(escape_in_quotes("title = T\n", 8).is_none());
        assert!(escape_in_quotes("a = \"x\"\nb = [1,\n", 14).is_none());
    }
}
