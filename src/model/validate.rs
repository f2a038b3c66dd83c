//! Front matter checks: what each kind of page must have, and that every value is one the
//! site knows. Each problem points at the value (or the key, or the front matter's start).

use std::path::Path;

use jiff::civil::Date;

use crate::config::Config;
use crate::content::frontmatter::Split;
use crate::diag::{Diagnostic, Diagnostics};
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

fn require(
    present: bool,
    key: &str,
    example: &str,
    split: &Split,
    file: &Path,
    kind: &Msg,
    diags: &mut Diagnostics,
) {
    if !present {
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
    diags.push(
        Diagnostic::error(
            "E0203",
            file,
            tr!(
                "unknown {taxonomy} `{term}`",
                "невідоме значення `{term}` у {taxonomy}"
            ),
        )
        .at_opt(split.positions.value(path))
        .hint(hint),
    );
}

/// Checks that apply to every page.
pub fn common(split: &Split, file: &Path, diags: &mut Diagnostics) {
    let fm = &split.front;
    if fm.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
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
    if let Some(s) = &fm.summary {
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
    if let Some(slug) = &fm.slug
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
    for (i, alias) in fm.aliases.iter().enumerate() {
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
                .hint(tr!(
                    "write the old address as a path from the site's root, like /stari-instruktsii/diia/",
                    "запишіть стару адресу як шлях від кореня сайту, наприклад /stari-instruktsii/diia/"
                )),
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
    let fm = &split.front;
    let what = &tr!("an instruction", "інструкції");
    require(
        fm.summary.is_some(),
        "summary",
        "Що ви зможете зробити",
        split,
        file,
        what,
        diags,
    );
    require(
        !fm.audience.is_empty(),
        "audience",
        "[seniors, adults]",
        split,
        file,
        what,
        diags,
    );
    require(
        fm.competence.is_some(),
        "competence",
        "safety",
        split,
        file,
        what,
        diags,
    );
    require(
        fm.level.is_some(),
        "level",
        "basic",
        split,
        file,
        what,
        diags,
    );
    require(
        fm.duration.is_some(),
        "duration",
        "15",
        split,
        file,
        what,
        diags,
    );
    require(
        fm.reviewed.is_some(),
        "reviewed",
        "2026-11-01",
        split,
        file,
        what,
        diags,
    );

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
    if fm.duration == Some(0) {
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
    if let Some(key) = &fm.service
        && !services.iter().any(|s| &s.key == key)
    {
        let hint = match suggest::closest(key, services.iter().map(|s| s.key.as_str())) {
            Some(best) => tr!(
                "did you mean `{best}`? Services are listed in data/services.yaml",
                "можливо, `{best}`? Послуги перелічено в data/services.yaml"
            ),
            None => tr!(
                "add the service to data/services.yaml, or fix the key",
                "додайте послугу в data/services.yaml або виправте ключ"
            ),
        };
        diags.push(
            Diagnostic::error(
                "E0204",
                file,
                tr!("unknown service `{key}`", "невідома послуга `{key}`"),
            )
            .at_opt(split.positions.value("service"))
            .hint(hint),
        );
    }

    let mut checked = Checked {
        reviewed: None,
        stale: false,
    };
    if let Some(r) = &fm.reviewed {
        match crate::dates::parse(r) {
            None => diags.push(
                Diagnostic::error("E0208", file, tr!("`{r}` is not a date", "`{r}` — не дата"))
                    .at_opt(split.positions.value("reviewed"))
                    .hint(tr!(
                        "write the date the steps were last checked as YYYY-MM-DD, for example 2026-11-01",
                        "напишіть дату останньої перевірки кроків як РРРР-ММ-ДД, наприклад 2026-11-01"
                    )),
            ),
            Some(d) => {
                checked.reviewed = Some(d);
                let age = (now - d).get_days();
                if d > now {
                    diags.push(
                        Diagnostic::warning(
                            "W0210",
                            file,
                            tr!(
                                "the review date {r} is in the future",
                                "дата перевірки {r} — у майбутньому"
                            ),
                        )
                        .at_opt(split.positions.value("reviewed"))
                        .hint(tr!(
                            "write the date the steps were actually checked",
                            "напишіть дату, коли кроки справді перевіряли"
                        )),
                    );
                } else if i64::from(age) > config.reviewed_max_age_days {
                    checked.stale = true;
                    diags.push(
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
                        .at_opt(split.positions.value("reviewed"))
                        .hint(tr!(
                            "go through the steps in the real service, fix what changed, and set `reviewed` to today's date",
                            "пройдіть кроки в справжньому сервісі, виправте, що змінилося, і поставте в `reviewed` сьогоднішню дату"
                        )),
                    );
                }
            }
        }
    }
    checked
}
