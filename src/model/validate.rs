//! Front matter checks: what each kind of page must have, and that every value is one the
//! site knows. Each problem points at the value (or the key, or the front matter's start).

use std::path::Path;

use jiff::civil::Date;

use crate::config::Config;
use crate::content::frontmatter::Split;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::i18n::Msg;
use crate::registry::Service;
use crate::suggest;

pub const SUMMARY_MAX: usize = 160;

/// The checked values the model keeps.
pub struct Checked {
    pub reviewed: Option<Date>,
    pub stale: bool,
}

fn days(n: usize) -> String {
    crate::i18n::count(n, ["day", "days"], ["день", "дні", "днів"])
}

/// Checks that apply to every page.
pub fn common(split: &Split, file: &Path, diags: &mut Diagnostics) {
    check_title(split, file, diags);
    check_summary(split, file, diags);
    check_slug(split, file, diags);
    check_alias_paths(split, file, diags);
}

/// A title in the front matter (E0201), and so front matter at all (E0200).
fn check_title(split: &Split, file: &Path, diags: &mut Diagnostics) {
    let title = split.front.title.as_deref();
    if title.is_some_and(|t| !t.trim().is_empty()) {
        return;
    }
    if split.has_front_matter {
        diags.push(
            Diagnostic::error(
                "E0201",
                file,
                tr!(
                    "the page needs a `title` in its front matter",
                    "сторінці потрібен заголовок `title` у налаштуваннях (front matter)"
                ),
            )
            .at(split.front_location)
            .hint(tr!(
                "add a line like `title: Як встановити Дію` between the `---` lines",
                "додайте рядок на кшталт `title: Як встановити Дію` між рядками `---`"
            )),
        );
    } else {
        diags.push(
            Diagnostic::error(
                "E0200",
                file,
                tr!(
                    "the page has no front matter",
                    "у сторінки немає налаштувань (front matter)"
                ),
            )
            .at(split.front_location)
            .hint(tr!(
                "start the file with `---`, a line `title: …`, and another `---`",
                "почніть файл рядком `---`, далі рядок `title: …` і ще один `---`"
            )),
        );
    }
}

/// A summary short enough for search results (E0202).
fn check_summary(split: &Split, file: &Path, diags: &mut Diagnostics) {
    if let Some(s) = &split.front.summary {
        let n = s.chars().count();
        if n > SUMMARY_MAX {
            diags.push(
                Diagnostic::error(
                    "E0202",
                    file,
                    tr!(
                        "the summary is {n} characters long; at most {SUMMARY_MAX} fit in search results",
                        "опис (summary) має {n} знаків; у результатах пошуку вміщається щонайбільше {SUMMARY_MAX}"
                    ),
                )
                .at_opt(split.positions.value("summary"))
                .hint(tr!(
                    "shorten it to one plain sentence that says what the reader will be able to do",
                    "скоротіть до одного простого речення про те, що читач зможе зробити"
                )),
            );
        }
    }
}

/// A slug that can be part of an address (E0205).
fn check_slug(split: &Split, file: &Path, diags: &mut Diagnostics) {
    if let Some(slug) = &split.front.slug
        && !crate::slug::is_slug(slug)
    {
        diags.push(
            Diagnostic::error(
                "E0205",
                file,
                tr!(
                    "`{slug}` cannot be used as a slug",
                    "`{slug}` не годиться для адреси сторінки (slug)"
                ),
            )
            .at_opt(split.positions.value("slug"))
            .hint(tr!(
                "use small Latin letters, digits and hyphens, for example `{}`",
                "пишіть малими латинськими літерами, цифрами й дефісами, наприклад `{}`",
                crate::slug::slugify(slug)
            )),
        );
    }
}

/// Aliases that are paths on the site (E0206).
fn check_alias_paths(split: &Split, file: &Path, diags: &mut Diagnostics) {
    for (i, alias) in split.front.aliases.iter().enumerate() {
        let ok = alias.starts_with('/')
            && !alias.contains(['"', '<', '>', '\\', ' ', '?', '#'])
            && !alias.split('/').any(|p| p == "..");
        if !ok {
            diags.push(
                Diagnostic::error(
                    "E0206",
                    file,
                    tr!(
                        "alias `{alias}` is not a site path",
                        "стара адреса `{alias}` не є шляхом на сайті"
                    ),
                )
                .at_opt(split.positions.value(&format!("aliases.{i}")))
                .hint(if alias.contains('\\') {
                    // Copied from Windows: the same address with `/`.
                    let fixed = alias.replace('\\', "/");
                    tr!(
                        "web addresses use `/`, not `\\`: write `{fixed}`",
                        "у вебадресах пишуть `/`, а не `\\`: напишіть `{fixed}`"
                    )
                } else {
                    tr!(
                        "write the old address as a path from the site's root, like /stari-instruktsii/diia/",
                        "запишіть стару адресу як шлях від кореня сайту, наприклад /stari-instruktsii/diia/"
                    )
                }),
            );
        }
    }
}

/// Checks for instructions: the fields DESIGN.md lists, with known values.
pub fn instruction(
    split: &Split,
    file: &Path,
    config: &Config,
    services: &[Service],
    now: Date,
    diags: &mut Diagnostics,
) -> Checked {
    require_fields(split, file, diags);
    check_terms(split, file, config, diags);
    check_duration(split, file, diags);
    check_service(split, file, services, diags);
    reviewed(split, file, config, now, diags)
}

/// The fields every instruction has (E0201), each pointed at the front matter's start.
fn require_fields(split: &Split, file: &Path, diags: &mut Diagnostics) {
    let fm = &split.front;
    let kind = tr!("an instruction", "інструкції");
    let fields = [
        (fm.summary.is_some(), "summary", "Що ви зможете зробити"),
        (!fm.audience.is_empty(), "audience", "[seniors, adults]"),
        (fm.competence.is_some(), "competence", "safety"),
        (fm.level.is_some(), "level", "basic"),
        (fm.duration.is_some(), "duration", "15"),
        (fm.reviewed.is_some(), "reviewed", "2026-11-01"),
    ];
    for (_, key, example) in fields.into_iter().filter(|(present, ..)| !present) {
        diags.push(
            Diagnostic::error(
                "E0201",
                file,
                tr!(
                    "{kind} needs `{key}` in its front matter",
                    "{kind} потрібен ключ `{key}` у налаштуваннях сторінки (front matter)"
                ),
            )
            .at(split.front_location)
            .hint(tr!(
                "add a line like `{key}: {example}` between the `---` lines",
                "додайте рядок на кшталт `{key}: {example}` між рядками `---`"
            )),
        );
    }
}

/// The audience, competence and level are terms of the site's taxonomies (E0203).
fn check_terms(split: &Split, file: &Path, config: &Config, diags: &mut Diagnostics) {
    let fm = &split.front;
    for (i, a) in fm.audience.iter().enumerate() {
        check_term(
            config,
            "audience",
            a,
            &format!("audience.{i}"),
            split,
            file,
            diags,
        );
    }
    if let Some(c) = &fm.competence {
        check_term(config, "competence", c, "competence", split, file, diags);
    }
    if let Some(l) = &fm.level {
        check_term(config, "level", l, "level", split, file, diags);
    }
}

fn check_term(
    config: &Config,
    taxonomy: &str,
    term: &str,
    path: &str,
    split: &Split,
    file: &Path,
    diags: &mut Diagnostics,
) {
    let Some(t) = config.taxonomy(taxonomy) else {
        return;
    };
    if t.terms.contains_key(term) {
        return;
    }
    let known: Vec<&str> = t.terms.keys().map(String::as_str).collect();
    let unknown = || {
        tr!(
            "unknown {taxonomy} `{term}`",
            "невідоме значення `{term}` у {taxonomy}"
        )
    };
    if let Some((_, letters)) = suggest::cyrillic_lookalikes(term, known.iter().copied()) {
        return unknown_term(unknown(), letters, path, split, file, diags);
    }
    let labels = t.terms.iter().map(|(k, l)| (k.as_str(), l.as_str()));
    if let Some(key) = suggest::key_of_label(term, labels) {
        let whose = match taxonomy {
            "audience" => tr!("audience", "аудиторії"),
            "competence" => tr!("competence", "галузі компетентності"),
            "level" => tr!("level", "рівня"),
            other => Msg::verbatim(other),
        };
        let message = tr!(
            "“{term}” is the label of the {taxonomy} `{key}`; write `{key}`",
            "“{term}” — це підпис {whose} `{key}`; напишіть `{key}`"
        );
        let label = &t.terms[key];
        let hint = tr!(
            "a page's front matter holds keys in Latin letters; residents see the label «{label}» on the site",
            "у налаштуваннях сторінки пишуть ключі латиницею, а мешканці побачать на сайті підпис «{label}»"
        );
        return unknown_term(message, hint, path, split, file, diags);
    }
    let hint = match suggest::closest(term, known.iter().copied()) {
        Some(best) => tr!(
            "did you mean `{best}`? Known values: {}",
            "можливо, `{best}`? Відомі значення: {}",
            known.join(", ")
        ),
        None => tr!(
            "known values: {}; a new one is added under [taxonomies.{taxonomy}.terms] in site.toml",
            "відомі значення: {}; нове додають у site.toml під [taxonomies.{taxonomy}.terms]",
            known.join(", ")
        ),
    };
    unknown_term(unknown(), hint, path, split, file, diags);
}

/// E0203 at the term's place in the front matter.
fn unknown_term(
    message: Msg,
    hint: Msg,
    path: &str,
    split: &Split,
    file: &Path,
    diags: &mut Diagnostics,
) {
    diags.push(
        Diagnostic::error("E0203", file, message)
            .at_opt(split.positions.value(path))
            .hint(hint),
    );
}

/// A duration of some minutes (E0207).
fn check_duration(split: &Split, file: &Path, diags: &mut Diagnostics) {
    if split.front.duration == Some(0) {
        diags.push(
            Diagnostic::error(
                "E0207",
                file,
                tr!(
                    "the duration must be more than 0 minutes",
                    "тривалість (duration) має бути більшою за 0 хвилин"
                ),
            )
            .at_opt(split.positions.value("duration"))
            .hint(tr!(
                "write how many minutes the steps take, for example `duration: 15`",
                "напишіть, скільки хвилин займають кроки, наприклад `duration: 15`"
            )),
        );
    }
}

/// The e-service is one of data/services.yaml (E0204).
fn check_service(split: &Split, file: &Path, services: &[Service], diags: &mut Diagnostics) {
    if let Some(key) = &split.front.service
        && !services.iter().any(|s| &s.key == key)
    {
        let keys = services.iter().map(|s| s.key.as_str());
        let names = services.iter().map(|s| (s.key.as_str(), s.name.as_str()));
        let mut message = tr!("unknown service `{key}`", "невідома послуга `{key}`");
        let hint = if let Some((_, letters)) = suggest::cyrillic_lookalikes(key, keys.clone()) {
            letters
        } else if let Some(found) = suggest::key_of_label(key, names) {
            // The name residents know («Дія») for the key.
            let name = services
                .iter()
                .find(|s| s.key == found)
                .map_or("", |s| &s.name);
            message = tr!(
                "“{key}” is the name of the service `{found}`; write `{found}`",
                "“{key}” — це назва послуги `{found}`; напишіть `{found}`"
            );
            tr!(
                "a page's front matter holds the service's key from data/services.yaml; residents see its name «{name}» on the site",
                "у налаштуваннях сторінки пишуть ключ послуги з data/services.yaml, а мешканці побачать на сайті назву «{name}»"
            )
        } else {
            match suggest::closest(key, keys) {
                Some(best) => tr!(
                    "did you mean `{best}`? Services are listed in data/services.yaml",
                    "можливо, `{best}`? Послуги перелічено в data/services.yaml"
                ),
                None => tr!(
                    "add the service to data/services.yaml, or fix the key",
                    "додайте послугу в data/services.yaml або виправте ключ"
                ),
            }
        };
        diags.push(
            Diagnostic::error("E0204", file, message)
                .at_opt(split.positions.value("service"))
                .hint(hint),
        );
    }
}

/// The review date read (E0208), and whether it is too old (W0209, stale) or in the future
/// (W0210).
fn reviewed(
    split: &Split,
    file: &Path,
    config: &Config,
    now: Date,
    diags: &mut Diagnostics,
) -> Checked {
    let unknown = Checked {
        reviewed: None,
        stale: false,
    };
    let Some(r) = &split.front.reviewed else {
        return unknown;
    };
    // The position is worked out only for a problem: the positions of a front matter are
    // computed on first use, and asking for every page's would parse every front matter
    // again (≈ 30 % of a 10,000-page build).
    let at = || split.positions.value("reviewed");
    let Some(d) = crate::dates::parse(r) else {
        diags.push(
            Diagnostic::error("E0208", file, tr!("`{r}` is not a date", "`{r}` — не дата"))
                .at_opt(at())
                .hint(tr!(
                    "write the date the steps were last checked as YYYY-MM-DD, for example 2026-11-01",
                    "напишіть дату останньої перевірки кроків як РРРР-ММ-ДД, наприклад 2026-11-01"
                )),
        );
        return unknown;
    };
    let age = (now - d).get_days();
    let stale = d <= now && i64::from(age) > config.reviewed_max_age_days;
    if d > now {
        diags.push(review_in_future(file, r, at()));
    } else if stale {
        diags.push(stale_review(file, age, config, at()));
    }
    Checked {
        reviewed: Some(d),
        stale,
    }
}

/// W0210: the review date `r` is after the build's date.
fn review_in_future(file: &Path, r: &str, at: Option<Location>) -> Diagnostic {
    Diagnostic::warning(
        "W0210",
        file,
        tr!(
            "the review date {r} is in the future",
            "дата перевірки {r} — у майбутньому"
        ),
    )
    .at_opt(at)
    .hint(tr!(
        "write the date the steps were actually checked",
        "напишіть дату, коли кроки справді перевіряли"
    ))
}

/// W0209: the steps were last checked `age` days ago, longer than the site allows.
fn stale_review(file: &Path, age: i32, config: &Config, at: Option<Location>) -> Diagnostic {
    Diagnostic::warning(
        "W0209",
        file,
        tr!(
            "the instruction was last checked {} ago (the site allows {})",
            "інструкцію востаннє перевіряли {} тому (сайт дозволяє до {})",
            days(age.unsigned_abs() as usize),
            if crate::i18n::current() == crate::i18n::Lang::En {
                config.reviewed_max_age_days.to_string()
            } else {
                days(config.reviewed_max_age_days.unsigned_abs() as usize)
            }
        ),
    )
    .at_opt(at)
    .hint(tr!(
        "go through the steps in the real service, fix what changed, and set `reviewed` to today's date",
        "пройдіть кроки в справжньому сервісі, виправте, що змінилося, і поставте в `reviewed` сьогоднішню дату"
    ))
}
