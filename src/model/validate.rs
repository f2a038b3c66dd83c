//! Front matter checks: what each kind of page must have, and that every value is one the
//! site knows. Each problem points at the value (or the key, or the front matter's start).

use std::path::Path;

use jiff::civil::Date;

use crate::config::Config;
use crate::content::frontmatter::Split;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::Service;
use crate::suggest;

pub const SUMMARY_MAX: usize = 160;

/// The checked values the model keeps.
pub struct Checked {
    pub reviewed: Option<Date>,
    pub stale: bool,
}

fn require(
    present: bool,
    key: &str,
    example: &str,
    split: &Split,
    file: &Path,
    kind: &str,
    diags: &mut Diagnostics,
) {
    if !present {
        diags.push(
            Diagnostic::error(
                "E0201",
                file,
                format!("{kind} needs `{key}` in its front matter"),
            )
            .at(split.front_location)
            .hint(format!(
                "add a line like `{key}: {example}` between the `---` lines"
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
        Some(best) => format!("did you mean `{best}`? Known values: {}", known.join(", ")),
        None => format!(
            "known values: {}; a new one is added under [taxonomies.{taxonomy}.terms] in site.toml",
            known.join(", ")
        ),
    };
    diags.push(
        Diagnostic::error("E0203", file, format!("unknown {taxonomy} `{term}`"))
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
                    "the page needs a `title` in its front matter",
                )
                .at(split.front_location)
                .hint("add a line like `title: Як встановити Дію` between the `---` lines"),
            );
        } else {
            diags.push(
                Diagnostic::error("E0200", file, "the page has no front matter")
                    .at(split.front_location)
                    .hint("start the file with `---`, a line `title: …`, and another `---`"),
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
                    format!("the summary is {n} characters long; at most {SUMMARY_MAX} fit in search results"),
                )
                .at_opt(split.positions.value("summary"))
                .hint("shorten it to one plain sentence that says what the reader will be able to do"),
            );
        }
    }
    if let Some(slug) = &fm.slug
        && !crate::slug::is_slug(slug)
    {
        diags.push(
            Diagnostic::error("E0205", file, format!("`{slug}` cannot be used as a slug"))
                .at_opt(split.positions.value("slug"))
                .hint(format!(
                    "use small Latin letters, digits and hyphens, for example `{}`",
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
                Diagnostic::error("E0206", file, format!("alias `{alias}` is not a site path"))
                    .at_opt(split.positions.value(&format!("aliases.{i}")))
                    .hint("write the old address as a path from the site's root, like /stari-instruktsii/diia/"),
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
    let what = "an instruction";
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
            Diagnostic::error("E0207", file, "the duration must be more than 0 minutes")
                .at_opt(split.positions.value("duration"))
                .hint("write how many minutes the steps take, for example `duration: 15`"),
        );
    }
    if let Some(key) = &fm.service
        && !services.iter().any(|s| &s.key == key)
    {
        let hint = match suggest::closest(key, services.iter().map(|s| s.key.as_str())) {
            Some(best) => {
                format!("did you mean `{best}`? Services are listed in data/services.yaml")
            }
            None => "add the service to data/services.yaml, or fix the key".into(),
        };
        diags.push(
            Diagnostic::error("E0204", file, format!("unknown service `{key}`"))
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
                Diagnostic::error("E0208", file, format!("`{r}` is not a date"))
                    .at_opt(split.positions.value("reviewed"))
                    .hint("write the date the steps were last checked as YYYY-MM-DD, for example 2026-11-01"),
            ),
            Some(d) => {
                checked.reviewed = Some(d);
                let age = (now - d).get_days();
                if d > now {
                    diags.push(
                        Diagnostic::warning("W0210", file, format!("the review date {r} is in the future"))
                            .at_opt(split.positions.value("reviewed"))
                            .hint("write the date the steps were actually checked"),
                    );
                } else if i64::from(age) > config.reviewed_max_age_days {
                    checked.stale = true;
                    diags.push(
                        Diagnostic::warning(
                            "W0209",
                            file,
                            format!(
                                "the instruction was last checked {age} days ago (the site allows {})",
                                config.reviewed_max_age_days
                            ),
                        )
                        .at_opt(split.positions.value("reviewed"))
                        .hint("go through the steps in the real service, fix what changed, and set `reviewed` to today's date"),
                    );
                }
            }
        }
    }
    checked
}
