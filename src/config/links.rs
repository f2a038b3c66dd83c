//! The addresses `site.toml` puts on every page — the menu, the footer links, the hotline's
//! messengers, phone and e-mail — checked before any page is made. A `javascript:` or
//! `data:` address in the menu would run in every resident's browser, so only schemes that
//! open a page, a mail, a call or a messenger are allowed.

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::i18n::Msg;

/// Schemes a resident's browser opens without running anything: web pages, mail, calls,
/// SMS and the messengers Ukrainian hotlines use (Viber has no web address for a chat).
const SCHEMES: [&str; 7] = [
    "https://", "http://", "mailto:", "tel:", "sms:", "viber://", "tg://",
];

/// What is wrong with an address, and a hint; `None` when it is safe to link.
pub fn link(url: &str) -> Option<(Msg, Msg)> {
    let hint = || {
        tr!(
            "write a site address starting with / (\"/instruktsii/\") or a full address starting with https://; other schemes allowed: mailto:, tel:, sms:, viber://, tg://",
            "напишіть адресу сайту, що починається з / (\"/instruktsii/\"), або повну адресу з https://; інші дозволені схеми: mailto:, tel:, sms:, viber://, tg://"
        )
    };
    // Browsers drop tabs and line breaks inside addresses ("java\tscript:"), so none may
    // hide in one.
    if url.is_empty() || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Some((
            tr!(
                "the address «{}» is empty or has spaces or control characters",
                "адреса «{}» порожня або має пробіли чи керівні символи",
                url.escape_debug()
            ),
            hint(),
        ));
    }
    // A path copied from Windows (`\mapa\`): a web address never has `\`, and the site
    // links only what the editor wrote (slashes.rs).
    if url.contains('\\') {
        let fixed = url.replace('\\', "/");
        return Some((
            tr!(
                "the address «{url}» has `\\` (as Windows writes paths); web addresses use `/`",
                "в адресі «{url}» є знак `\\` (так шляхи пише Windows); у вебадресах пишуть `/`"
            ),
            tr!("write url = \"{fixed}\"", "напишіть url = \"{fixed}\""),
        ));
    }
    let lower = url.to_ascii_lowercase();
    let site_path = url.starts_with('/') && !url.starts_with("//");
    let allowed = SCHEMES
        .iter()
        .any(|s| lower.starts_with(s) && lower.len() > s.len());
    if site_path || allowed {
        return None;
    }
    Some((
        tr!(
            "the address «{url}» cannot be linked on the site",
            "адресу «{url}» не можна поставити посиланням на сайті"
        ),
        hint(),
    ))
}

/// What is wrong with the hotline's number, and a hint; `None` for a number a phone can
/// call: +380 and 9 digits, a national number of 10 digits starting with 0
/// ("0 800 000 000"), or a short number of 3 to 5 digits ("1545").
pub fn hotline_phone(text: &str) -> Option<(Msg, Msg)> {
    let t = text.trim();
    let only_phone_chars = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'))
        || (t.starts_with('+')
            && t[1..]
                .chars()
                .all(|c| c.is_ascii_digit() || " -()".contains(c)));
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let ok = only_phone_chars
        && if t.starts_with('+') {
            digits.starts_with("380") && digits.len() == 12
        } else {
            (digits.len() == 10 && digits.starts_with('0')) || (3..=5).contains(&digits.len())
        };
    if ok {
        return None;
    }
    Some((
        tr!(
            "the hotline number «{}» cannot be called from a phone",
            "на номер гарячої лінії «{}» не подзвонити з телефона",
            t.escape_debug()
        ),
        tr!(
            "write only the number: \"0 800 000 000\", \"+380 52 222 33 44\" or a short number like \"1545\"; put the hours in `hours`",
            "напишіть лише номер: \"0 800 000 000\", \"+380 52 222 33 44\" або короткий номер, як-от \"1545\"; години роботи — в `hours`"
        ),
    ))
}

/// Whether `phone` is a 0 800 number (free to call from any phone in Ukraine).
pub fn toll_free(phone: &str) -> bool {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    digits.len() == 10 && digits.starts_with("0800")
}

/// The place of a value in `site.toml`: its first appearance as a quoted string.
fn place(text: &str, value: &str) -> Option<Location> {
    let quoted = format!("\"{value}\"");
    let start = text
        .find(&quoted)
        .map(|i| i + 1)
        .or_else(|| text.find(value))?;
    Some(Location::from_offsets(text, start, start + value.len()))
}

/// Every address of the menu, the footer and the hotline in `config`, checked: one E0019
/// per unsafe address, E0020 for a hotline number that cannot be called, at its place in
/// `text` (the settings file's text).
pub fn check(
    file: &std::path::Path,
    text: &str,
    links: &[&crate::config::MenuItem],
    hotline: &crate::config::Hotline,
    diags: &mut Diagnostics,
) {
    for item in links {
        if let Some((message, hint)) = link(&item.url) {
            diags.push(
                Diagnostic::error("E0019", file, message)
                    .at_opt(place(text, &item.url))
                    .hint(hint),
            );
        }
    }
    if let Some((message, hint)) = hotline_phone(&hotline.phone) {
        diags.push(
            Diagnostic::error("E0020", file, message)
                .at_opt(place(text, &hotline.phone))
                .hint(hint),
        );
    }
    if let Some(email) = &hotline.email
        && let Err((message, hint)) = crate::values::email(email)
    {
        diags.push(
            Diagnostic::error("E0020", file, message)
                .at_opt(place(text, email))
                .hint(hint),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_data_are_refused() {
        for bad in [
            "javascript:alert(document.domain)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "//evil.example/",
            "file:///etc/passwd",
            "https://",
            "",
        ] {
            assert!(link(bad).is_some(), "{bad:?} was allowed");
        }
    }

    #[test]
    fn pages_mail_calls_and_messengers_are_allowed() {
        for good in [
            "/instruktsii/",
            "https://diia.gov.ua/",
            "http://example.ua",
            "mailto:hotline@example.ua",
            "tel:+380522223344",
            "viber://chat?number=%2B380000000000",
            "tg://resolve?domain=hromada",
        ] {
            assert!(link(good).is_none(), "{good:?} was refused");
        }
    }

    #[test]
    fn a_windows_backslash_in_an_address_is_refused_with_the_address_fixed() {
        for (bad, fixed) in [
            ("/mapa\\", "url = \"/mapa/\""),
            ("\\instruktsii\\diia\\", "url = \"/instruktsii/diia/\""),
            (
                "https://diia.gov.ua\\poslugy",
                "url = \"https://diia.gov.ua/poslugy\"",
            ),
        ] {
            let (message, hint) = link(bad).expect(bad);
            assert!(message.as_str().contains("`\\`"), "{}", message.as_str());
            assert!(hint.as_str().ends_with(fixed), "{}", hint.as_str());
            assert!(link(&bad.replace('\\', "/")).is_none(), "{bad}");
        }
    }

    #[test]
    fn toll_free_numbers() {
        assert!(toll_free("0 800 000 000"));
        assert!(toll_free("0-800-50-33-10"));
        assert!(!toll_free("+380 52 222 33 44"));
        assert!(!toll_free("1545"));
    }

    #[test]
    fn hotline_numbers() {
        for good in [
            "0 800 000 000",
            "+380 52 222-33-44",
            "1545",
            "(0522) 22-33-44",
        ] {
            assert!(hotline_phone(good).is_none(), "{good:?} was refused");
        }
        for bad in [
            "Дзвоніть 0 800 000 000 з 9 до 18",
            "+1 555 0100",
            "12",
            "0 800 000 000; javascript:",
        ] {
            assert!(hotline_phone(bad).is_some(), "{bad:?} was allowed");
        }
    }
}
