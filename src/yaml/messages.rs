//! The YAML reader's error messages: the parsers' and serde's complaints turned into
//! diagnostics in the editor's words, with the position and a hint. Finding the problem
//! is the parsers' and the pre-scan's job; this module only says it.

use std::path::Path;

use super::depth::MAX_DEPTH;
use super::slips;
use crate::diag::{Diagnostic, Location};
use crate::i18n::Msg;
use crate::suggest;

/// The diagnostic for a text nested deeper than [`MAX_DEPTH`], at the bracket `at`.
pub fn too_deep_diagnostic(text: &str, at: usize, file: &Path, line_offset: usize) -> Diagnostic {
    Diagnostic::error(
        "E0106",
        file,
        tr!(
            "brackets are nested more than {MAX_DEPTH} levels deep here",
            "дужки тут вкладено глибше ніж на {MAX_DEPTH} рівнів"
        ),
    )
    .at(Location::from_offsets(text, at, at + 1).shifted(line_offset))
    .hint(tr!(
        "close each `[` with `]` and each `{{` with `}}`; a value needs at most a few levels, like [seniors, adults] or {{phone: \"+380…\"}}; put text that starts with a bracket in quotes",
        "закривайте кожну `[` дужкою `]`, а кожну `{{` — дужкою `}}`; значенню досить кількох рівнів, як-от [seniors, adults] чи {{phone: \"+380…\"}}; текст, що починається з дужки, беріть у лапки"
    ))
}

/// The diagnostic for a file of records that is not a list.
pub fn not_a_list(file: &Path) -> Diagnostic {
    Diagnostic::error(
        "E0105",
        file,
        tr!(
            "this file must be a list of records",
            "цей файл має бути списком записів"
        ),
    )
    .hint(tr!(
        "start each record with `- ` at the beginning of a line, like `- id: …`",
        "починайте кожен запис із `- ` на початку рядка, наприклад `- id: …`"
    ))
}

/// Whether libyaml reads `c` (YAML's printable set; it refuses the others, with the byte
/// offset only).
fn yaml_allows(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}'
        | '\u{10000}'..)
}

pub fn yaml_error(
    e: &serde_yaml_ng::Error,
    text: &str,
    file: &Path,
    line_offset: usize,
) -> Diagnostic {
    let raw = e.to_string();
    if raw.contains("control characters are not allowed")
        && let Some((at, c)) = text.char_indices().find(|&(_, c)| !yaml_allows(c))
    {
        let code = format!("U+{:04X}", u32::from(c));
        return Diagnostic::error(
            "E0101",
            file,
            tr!(
                "an invisible control character ({code}) that YAML does not allow",
                "невидимий керівний символ ({code}), якого YAML не дозволяє"
            ),
        )
        .at(Location::from_offsets(text, at, at + c.len_utf8()).shifted(line_offset))
        .hint(tr!(
            "delete it: such characters come with text copied from a terminal or a word processor; if you cannot see it, type the text around it again",
            "видаліть його: такі символи потрапляють разом із текстом, скопійованим із термінала чи текстового редактора; якщо його не видно, наберіть текст навколо наново"
        ));
    }
    if let Some(d) = slip(e, &raw, text, file, line_offset) {
        return d;
    }
    // serde_yaml appends " at line L column C"; the position is shown separately.
    let mut message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    // A nested value's message starts with its path (`weight: invalid type …`); the
    // position already says where, so keep only what is wrong.
    for phrase in [
        "unknown field",
        "invalid type",
        "missing field",
        "invalid value",
    ] {
        if let Some(i) = message.find(phrase) {
            message = message[i..].to_string();
            break;
        }
    }
    let location = e.location().map(|l| {
        let len = text
            .lines()
            .nth(l.line().saturating_sub(1))
            .map(|line| {
                let rest: String = line.chars().skip(l.column().saturating_sub(1)).collect();
                // Mark the word at the position (a key, or a value).
                rest.find([':', ' ', ','])
                    .map_or(rest.chars().count(), |i| rest[..i].chars().count())
            })
            .unwrap_or(1);
        Location::new(l.line(), l.column(), len).shifted(line_offset)
    });
    serde_message_to_diagnostic(&message, file).at_opt(location)
}

/// A quote left open, or a colon inside a plain value, said where it was made.
fn slip(
    e: &serde_yaml_ng::Error,
    raw: &str,
    text: &str,
    file: &Path,
    line_offset: usize,
) -> Option<Diagnostic> {
    let line = e.location()?.line();
    if raw.contains("mapping values are not allowed in this context") {
        return slips::colon_in_value(text, line, file, line_offset);
    }
    // The parser reads an open quote on to the next quote, and stops lines later.
    let after_an_open_quote = [
        "did not find expected key",
        "found unexpected end of stream",
        "could not find expected ':'",
        "did not find expected '-' indicator",
        "did not find expected ',' or",
        "found unknown escape character",
        "mapping values are not allowed",
    ];
    if after_an_open_quote.iter().any(|m| raw.contains(m)) {
        return slips::unclosed_quote(text, line, file, line_offset);
    }
    None
}

/// Turns serde's standard messages into plain ones with a hint.
pub fn serde_message_to_diagnostic(message: &str, file: &Path) -> Diagnostic {
    if let Some((field, expected)) = suggest::parse_unknown_field(message) {
        let mut d = Diagnostic::error(
            "E0102",
            file,
            tr!("unknown key `{field}`", "невідомий ключ `{field}`"),
        );
        let valid = expected.iter().map(String::as_str);
        let hint = if let Some((_, letters)) = suggest::cyrillic_lookalikes(&field, valid.clone()) {
            letters
        } else if let Some(best) = suggest::closest(&field, valid) {
            tr!(
                "did you mean `{best}`? Valid keys: {}",
                "можливо, `{best}`? Можливі ключі: {}",
                expected.join(", ")
            )
        } else {
            tr!(
                "valid keys here: {}",
                "можливі тут ключі: {}",
                expected.join(", ")
            )
        };
        d = d.hint(hint);
        return d;
    }
    if let Some(rest) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
    {
        return wrong_kind(rest, file);
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return Diagnostic::error(
            "E0104",
            file,
            tr!("missing field {field}", "бракує ключа {field}"),
        )
        .hint(tr!(
            "add the missing key with a value",
            "додайте цей ключ зі значенням"
        ));
    }
    let message = yaml_problem_in_words(message);
    Diagnostic::error(
        "E0101",
        file,
        tr!("this YAML cannot be read: {message}", "цей YAML не читається: {message}"),
    )
    .hint(tr!(
        "check indentation (spaces, not tabs), a space after each `:`, and quotes around text that contains `: ` or starts with a special character",
        "перевірте відступи (пробіли, не табуляція), пробіл після кожної `:` і лапки навколо тексту, що містить `: ` або починається зі спеціального знака"
    ))
}

/// The YAML parser's common complaints in the run's language (others are kept as they are).
fn yaml_problem_in_words(message: &str) -> Msg {
    let known = [
        (
            "did not find expected ',' or ']'",
            tr!(
                "did not find the expected ',' or ']'",
                "не знайдено очікуваної ',' або ']'"
            ),
        ),
        (
            "did not find expected ',' or '}'",
            tr!(
                "did not find the expected ',' or '}}'",
                "не знайдено очікуваної ',' або '}}'"
            ),
        ),
        (
            "did not find expected key",
            tr!(
                "did not find the expected key",
                "не знайдено очікуваного ключа"
            ),
        ),
        (
            "did not find expected '-' indicator",
            tr!(
                "did not find the expected '-' of a list item",
                "не знайдено очікуваного '-' елемента списку"
            ),
        ),
        (
            "mapping values are not allowed in this context",
            tr!(
                "a `key: value` is not allowed here",
                "`ключ: значення` тут не дозволено"
            ),
        ),
        (
            "found character that cannot start any token",
            tr!(
                "a character that cannot start a value",
                "знак, з якого не може починатися значення"
            ),
        ),
        (
            "found a tab character that violates indentation",
            tr!(
                "a tab character in the indentation",
                "знак табуляції у відступі"
            ),
        ),
        (
            "found unexpected end of stream",
            tr!(
                "the file ends in the middle of a value",
                "файл закінчується посеред значення"
            ),
        ),
        (
            "found unknown escape character",
            tr!(
                "an unknown escape after `\\` in quotes",
                "невідома послідовність після `\\` у лапках"
            ),
        ),
        (
            "could not find expected ':'",
            tr!(
                "did not find the expected ':'",
                "не знайдено очікуваної ':'"
            ),
        ),
        (
            "duplicate entry with key",
            tr!("a key is written twice", "ключ записано двічі"),
        ),
        (
            "recursion limit exceeded",
            tr!(
                "lists and groups of keys are nested too deep",
                "списки й групи ключів вкладено надто глибоко"
            ),
        ),
    ];
    for (english, said) in known {
        if message.contains(english) {
            return said;
        }
    }
    Msg::verbatim(message)
}

/// serde's "string \"так\", expected a boolean" in an editor's words, with a hint for the
/// kind of value that was expected.
fn wrong_kind(rest: &str, file: &Path) -> Diagnostic {
    let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
    if expected == "a string"
        && let Some(time) = time_with_a_dot(found)
    {
        return Diagnostic::error(
            "E0103",
            file,
            tr!(
                "this looks like a time: write \"{time}\"",
                "це схоже на час — напишіть \"{time}\""
            ),
        )
        .hint(tr!(
            "hours and minutes are separated by a colon; if it is not a time, put the value in quotes",
            "години й хвилини розділяють двокрапкою; якщо це не час, візьміть значення в лапки"
        ));
    }
    let found = found_in_words(found);
    let (wanted, hint) = expected_in_words(expected);
    let message = match wanted {
        None => tr!(
            "this value does not fit here: {rest}",
            "це значення тут не підходить: {rest}"
        ),
        Some(wanted) => tr!(
            "this value must be {wanted}, not {found}",
            "це значення має бути {wanted}; зараз тут {found}"
        ),
    };
    Diagnostic::error("E0103", file, message).hint(hint)
}

/// A number YAML read from a time written with a dot (`12.00` is read as 12.0, `9.30` as
/// 9.3) as the time meant, "12:00".
fn time_with_a_dot(found: &str) -> Option<String> {
    let v: f64 = found
        .strip_prefix("floating point ")?
        .trim_matches('`')
        .parse()
        .ok()?;
    let hundredths = (v * 100.0).round();
    if !(0.0..2400.0).contains(&hundredths) || (v * 100.0 - hundredths).abs() > 1e-6 {
        return None;
    }
    // Within 0..2400, so the casts are exact.
    let (hours, minutes) = (hundredths as u32 / 100, hundredths as u32 % 100);
    (minutes < 60).then(|| format!("{hours:02}:{minutes:02}"))
}

/// The value serde found (`string "так"`, `integer 5`, `sequence` …) in words.
fn found_in_words(found: &str) -> Msg {
    if let Some(v) = found.strip_prefix("string ") {
        tr!("the text {v}", "текст {v}")
    } else if let Some(v) = found
        .strip_prefix("integer ")
        .or(found.strip_prefix("floating point "))
    {
        tr!("the number {}", "число {}", v.trim_matches('`'))
    } else if let Some(v) = found.strip_prefix("boolean ") {
        Msg::verbatim(v.trim_matches('`'))
    } else if found == "sequence" {
        tr!("a list", "список")
    } else if found == "map" {
        tr!("a group of keys", "група ключів")
    } else {
        Msg::verbatim(found)
    }
}

/// The kind of value serde expected (`a boolean`, `u32`, `struct Hotline` …) in words,
/// when it is one an editor knows, and how to write one.
fn expected_in_words(expected: &str) -> (Option<Msg>, Msg) {
    let is_number = [
        "u8",
        "u16",
        "u32",
        "u64",
        "usize",
        "i8",
        "i16",
        "i32",
        "i64",
        "isize",
        "an integer",
    ]
    .contains(&expected)
        || expected.starts_with("a number");
    if expected == "a sequence" {
        (
            Some(tr!("a list", "списком")),
            tr!(
                "write a list in square brackets, like [seniors, adults], or one item per line starting with `- `",
                "запишіть список у квадратних дужках, наприклад [seniors, adults], або по елементу в рядку, починаючи з `- `"
            ),
        )
    } else if expected == "a boolean" {
        (
            Some(tr!("true or false", "true або false")),
            tr!(
                "write true or false, without quotes",
                "напишіть true або false, без лапок"
            ),
        )
    } else if is_number {
        (
            Some(tr!("a whole number", "цілим числом")),
            tr!(
                "write digits only, like 15",
                "пишіть лише цифри, наприклад 15"
            ),
        )
    } else if expected == "a string" {
        (
            Some(tr!("text", "текстом")),
            tr!(
                "put the text in quotes if it looks like a number, a date or true/false",
                "візьміть текст у лапки, якщо він схожий на число, дату чи true/false"
            ),
        )
    } else if expected.starts_with("struct ") || expected == "a map" {
        (
            Some(tr!("a group of keys", "групою ключів")),
            tr!(
                "write the keys on the lines below, indented with two spaces",
                "напишіть ключі в рядках нижче з відступом у два пробіли"
            ),
        )
    } else {
        (
            None,
            tr!(
                "check the value's form: text, a number, true/false, a list or a date YYYY-MM-DD",
                "перевірте вигляд значення: текст, число, true/false, список або дата РРРР-ММ-ДД"
            ),
        )
    }
}
