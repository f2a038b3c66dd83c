//! The diagnostics for tools: JSON (`--format json`), the preview's error panel, and
//! GitHub Actions workflow commands. The terminal report is [`super::report`]'s; this
//! module only lays out the same fields for a machine.

use std::path::Path;

use codespan_reporting::term::termcolor;

use super::report::Renderer;
use super::{Diagnostic, Diagnostics, Severity, hint_label, slashed, visible};

/// The severity as tools name it.
fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// One problem as the fields tools read.
fn item(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "severity": severity_name(d.severity),
        "code": d.code,
        "file": slashed(&d.file),
        "line": d.location.map(|l| l.line),
        "column": d.location.map(|l| l.col),
        "end_column": d.location.map(|l| l.col + l.len),
        "message": d.message,
        "hint": d.hint,
    })
}

/// The diagnostics as JSON for tools: an array of objects with `severity`, `code`, `file`,
/// `line`, `column`, `end_column` (null without a place), `message` and `hint`.
pub fn json(diags: &Diagnostics) -> String {
    let items: Vec<serde_json::Value> = diags.sorted().into_iter().map(item).collect();
    let mut text = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

/// The errors for the preview's error panel: the fields of [`json`], and as `snippet` the
/// lines of the file a terminal shows (without the first line, which repeats the message).
pub fn panel(diags: &Diagnostics, root: &Path) -> serde_json::Value {
    let mut renderer = Renderer::new(root, termcolor::ColorChoice::Never);
    let hint_line = format!("= {}", hint_label());
    let errors: Vec<serde_json::Value> = diags
        .sorted()
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let text = String::from_utf8_lossy(&renderer.one(d)).into_owned();
            // The lines of the file, without the message and the hint (shown apart).
            let snippet: Vec<&str> = text
                .lines()
                .skip(1)
                .filter(|l| !l.trim_start().starts_with(&hint_line))
                .collect();
            let mut v = item(d);
            v["snippet"] = snippet.join("\n").trim_end().into();
            v
        })
        .collect();
    serde_json::json!({ "lang": crate::i18n::current().code(), "errors": errors })
}

/// GitHub Actions workflow commands, one per diagnostic, so that problems show on the pull
/// request's lines: `::error file=…,line=…,col=…,endColumn=…,title=E0203::message`
/// (data escaped as GitHub documents: `%`, CR, LF; property values also `:` and `,`; other
/// control characters as `\u{1b}`, since the log is shown in a terminal-like viewer).
pub fn github(diags: &Diagnostics) -> String {
    diags.sorted().into_iter().map(github_command).collect()
}

/// One diagnostic's workflow command, with its line end.
fn github_command(d: &Diagnostic) -> String {
    fn data(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn property(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut props = vec![format!("file={}", property(&visible(&slashed(&d.file))))];
    if let Some(l) = d.location {
        props.push(format!("line={}", l.line));
        props.push(format!("col={}", l.col));
        props.push(format!("endColumn={}", l.col + l.len));
    }
    props.push(format!("title={}", property(d.code)));
    let mut message = d.message.clone();
    if let Some(h) = &d.hint {
        message.push('\n');
        message.push_str(&hint_label());
        message.push(' ');
        message.push_str(h);
    }
    format!(
        "::{} {}::{}\n",
        severity_name(d.severity),
        props.join(","),
        data(&visible(&message))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;
    use crate::i18n::Msg;

    #[test]
    fn github_commands_escape_as_documented() {
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error(
                "E0203",
                "content/a,b.md",
                Msg::verbatim("unknown audience `x`: 100%"),
            )
            .at(Location::new(5, 12, 7))
            .hint(Msg::verbatim("did you mean\n`seniors`?")),
        );
        d.push(Diagnostic::warning(
            "W0209",
            "content/c.md",
            Msg::verbatim("stale"),
        ));
        assert_eq!(
            github(&d),
            "::error file=content/a%2Cb.md,line=5,col=12,endColumn=19,title=E0203::unknown audience `x`: 100%25%0Aпорада: did you mean%0A`seniors`?\n::warning file=content/c.md,title=W0209::stale\n"
        );
        let v: serde_json::Value = serde_json::from_str(&json(&d)).unwrap();
        assert_eq!(v[0]["line"], 5);
        assert_eq!(v[1]["line"], serde_json::Value::Null);
    }
}
