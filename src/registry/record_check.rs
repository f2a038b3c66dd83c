//! Checking records value by value: each problem is reported at the position of the value
//! (`index.field` in the file's position map), with a hint.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::model::Located;
use crate::content::markdown::{self, Heading, LinkResolver, Problem, Resolved};
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::slug::{fix_lookalikes, is_slug, slugify};
use crate::source::SourceFile;
use crate::suggest::{closest, cyrillic_letters, cyrillic_lookalikes, key_of_label};
use crate::yaml::{Positions, parse_records};

use crate::values as check;

/// Links in registry descriptions: full addresses and site paths (`/instruktsii/…/`).
struct DescriptionLinks<'a> {
    base_path: &'a str,
}

impl LinkResolver for DescriptionLinks<'_> {
    fn resolve(&self, dest: &str, _is_image: bool, _own: &[Heading]) -> Resolved {
        if ["https://", "http://", "mailto:", "tel:"]
            .iter()
            .any(|p| dest.starts_with(p))
        {
            Resolved::Url(dest.to_string())
        } else if let Some(path) = dest.strip_prefix('/') {
            Resolved::Url(format!("{}{path}", self.base_path))
        } else {
            Resolved::Problem(
                tr!(
                    "the link `{dest}` in a description cannot be followed",
                    "за посиланням `{dest}` в описі не перейти"
                ),
                tr!(
                    "in descriptions, link to full addresses (https://…) or to site addresses starting with /",
                    "в описах посилайтеся на повні адреси (https://…) або на адреси сайту, що починаються з /"
                ),
            )
        }
    }
}

/// One file's records and positions, with the file they came from.
pub(super) struct Parsed<T> {
    pub(super) file: PathBuf,
    pub(super) records: Vec<(usize, T)>,
    pub(super) positions: Positions,
    pub(super) unreadable_ids: Vec<String>,
    /// The file is not YAML at all (E0101): its records are unknown, so references to them
    /// are not reported (the one syntax error is the problem to fix).
    pub(super) unreadable: bool,
}

pub(super) fn parse_all<T: serde::de::DeserializeOwned>(
    files: &[SourceFile],
    diags: &mut Diagnostics,
) -> Vec<Parsed<T>> {
    files
        .iter()
        .map(|f| {
            let r = parse_records::<T>(&f.text, &f.path);
            let unreadable = r.problems.iter().any(|d| d.code == "E0101");
            diags.extend(r.problems);
            Parsed {
                file: f.path.clone(),
                records: r.records,
                positions: r.positions,
                unreadable_ids: r.unreadable_ids,
                unreadable,
            }
        })
        .collect()
}

/// The keys a value may take, what they are («kind of venue»), where new ones are added
/// (said in the hint when no known key is close), and the labels residents see, which an
/// editor may write instead of the key.
pub(super) struct Known<'a> {
    pub(super) keys: Vec<&'a str>,
    what: Msg,
    add: Msg,
    /// (key, label).
    labels: Vec<(&'a str, &'a str)>,
    /// What a label is the label of, in the genitive («виду», «послуги»).
    whose: Msg,
}

impl<'a> Known<'a> {
    pub(super) fn new(keys: Vec<&'a str>, what: Msg, add: Msg) -> Self {
        Known {
            keys,
            what,
            add,
            labels: Vec::new(),
            whose: Msg::verbatim(""),
        }
    }

    /// The keys of a vocabulary kept in site.toml under `[section]`, with their labels.
    pub(super) fn site_toml(
        map: &'a BTreeMap<String, String>,
        (what, whose): (Msg, Msg),
        section: &str,
    ) -> Self {
        let add = tr!(
            "under [{section}] in site.toml",
            "у site.toml під [{section}]"
        );
        Known::new(map.keys().map(String::as_str).collect(), what, add).labelled(map, whose)
    }

    /// With the labels of `map` (key → label), each the label of `whose`.
    pub(super) fn labelled(mut self, map: &'a BTreeMap<String, String>, whose: Msg) -> Self {
        self.labels
            .extend(map.iter().map(|(k, l)| (k.as_str(), l.as_str())));
        self.whose = whose;
        self
    }
}

/// Each record of `parsed`, in order, whose id is used for the first time, with its id
/// checked and then handed to `check` with a checker at its place; what `check` makes of the
/// records is collected. A repeated id is reported (`code`, pointing at both records) and
/// its record skipped.
pub(super) fn check_records<T, R>(
    parsed: &[Parsed<T>],
    id_of: impl Fn(&T) -> &str,
    (code, what): (&'static str, Msg),
    diags: &mut Diagnostics,
    mut check: impl FnMut(&mut At<'_>, &T) -> Option<R>,
) -> Vec<R> {
    let mut seen: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut out = Vec::new();
    for (fi, pf) in parsed.iter().enumerate() {
        for (index, r) in &pf.records {
            let id = id_of(r);
            if !first_use(&mut seen, parsed, (fi, *index), id, code, &what, diags) {
                continue;
            }
            let mut at = At {
                file: &pf.file,
                positions: &pf.positions,
                index: *index,
                diags: &mut *diags,
            };
            at.id(id);
            out.extend(check(&mut at, r));
        }
    }
    out
}

/// A checker of one record: pushes diagnostics at `index.field` positions.
pub(super) struct At<'a> {
    pub(super) file: &'a Path,
    pub(super) positions: &'a Positions,
    pub(super) index: usize,
    pub(super) diags: &'a mut Diagnostics,
}

impl At<'_> {
    /// Where the record was written.
    pub(super) fn source(&self) -> Located {
        Located {
            file: self.file.to_path_buf(),
            index: self.index,
        }
    }

    pub(super) fn path(&self, field: &str) -> String {
        if field.is_empty() {
            self.index.to_string()
        } else {
            format!("{}.{field}", self.index)
        }
    }

    pub(super) fn error(&mut self, code: &'static str, field: &str, message: Msg, hint: Msg) {
        let d = Diagnostic::error(code, self.file, message)
            .at_opt(self.positions.value(&self.path(field)))
            .hint(hint);
        self.diags.push(d);
    }

    pub(super) fn warning(&mut self, code: &'static str, field: &str, message: Msg, hint: Msg) {
        let d = Diagnostic::warning(code, self.file, message)
            .at_opt(self.positions.value(&self.path(field)))
            .hint(hint);
        self.diags.push(d);
    }

    /// Each key of `values` must be one of `known`.
    pub(super) fn keys_in(
        &mut self,
        code: &'static str,
        field: &str,
        values: &[String],
        known: &Known,
    ) {
        for (i, v) in values.iter().enumerate() {
            self.key_in(code, &format!("{field}.{i}"), v, known);
        }
    }

    /// `value` must be one of `known`; the hint names the closest key, or how to add one.
    pub(super) fn key_in(&mut self, code: &'static str, field: &str, value: &str, known: &Known) {
        if known.keys.contains(&value) {
            return;
        }
        let Known {
            keys,
            what,
            add,
            labels,
            whose,
        } = known;
        if let Some((_, letters)) = cyrillic_lookalikes(value, keys.iter().copied()) {
            let message = tr!(
                "unknown {what} `{value}`",
                "невідоме значення `{value}` ({what})"
            );
            return self.error(code, field, message, letters);
        }
        if let Some(key) = key_of_label(value, labels.iter().copied()) {
            let label = labels.iter().find(|(k, _)| *k == key).map_or("", |l| l.1);
            let message = tr!(
                "“{value}” is the label of the {what} `{key}`; write `{key}`",
                "“{value}” — це підпис {whose} `{key}`; напишіть `{key}`"
            );
            let hint = tr!(
                "data files hold keys in Latin letters; residents see the label «{label}» on the site",
                "у файлах даних пишуть ключі латиницею, а мешканці побачать на сайті підпис «{label}»"
            );
            return self.error(code, field, message, hint);
        }
        let listed = keys.join(", ");
        let hint = match closest(value, keys.iter().copied()) {
            Some(best) => tr!(
                "did you mean `{best}`? Known {what}: {listed}",
                "можливо, `{best}`? Відомі значення: {listed}"
            ),
            None => tr!(
                "known {what}: {listed}; add new ones {add}",
                "відомі значення: {listed}; нові додають {add}"
            ),
        };
        self.error(
            code,
            field,
            tr!(
                "unknown {what} `{value}`",
                "невідоме значення `{value}` ({what})"
            ),
            hint,
        );
    }

    pub(super) fn id(&mut self, id: &str) {
        if is_slug(id) {
            return;
        }
        let message = tr!("`{id}` cannot be an id", "`{id}` не годиться як id");
        match cyrillic_letters(id) {
            Some((latin, letters)) if is_slug(&latin) => self.error("E0602", "id", message, letters),
            _ => self.error(
                "E0602",
                "id",
                message,
                tr!(
                    "an id is part of the page address: small Latin letters, digits and hyphens, for example `{}`",
                    "id — частина адреси сторінки: малі латинські літери, цифри й дефіси, наприклад `{}`",
                    slugify(id)
                ),
            ),
        }
    }

    pub(super) fn url(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = value
            && let Err((m, h)) = check::url(v)
        {
            self.error("E0608", field, m, h);
        }
    }

    pub(super) fn phone(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = value
            && let Err((m, h)) = check::phone(v)
        {
            self.error("E0607", field, m, h);
        }
    }

    pub(super) fn lookalikes(&mut self, field: &str, value: &str) {
        if let Some(fixed) = fix_lookalikes(value) {
            self.warning(
                "W0626",
                field,
                tr!(
                    "«{value}» mixes Latin letters into Cyrillic",
                    "у «{value}» серед кирилиці є латинські літери"
                ),
                tr!(
                    "it looks the same but search and sorting are fooled; write «{fixed}»",
                    "на вигляд те саме, але пошук і сортування помиляються; напишіть «{fixed}»"
                ),
            );
        }
    }

    pub(super) fn description(&mut self, text: Option<&str>, base_path: &str) -> String {
        let Some(text) = text else {
            return String::new();
        };
        // Always sanitised: a description is written by editors, like a page.
        let r = markdown::render_sanitized(text, 0, &DescriptionLinks { base_path });
        for p in r.problems {
            match p {
                Problem::Link { message, hint, .. } => self.error("E0624", "description", message, hint),
                Problem::ImageWithoutAlt { .. } => self.error(
                    "E0221",
                    "description",
                    tr!(
                        "an image without a description (alt text)",
                        "зображення без опису (alt)"
                    ),
                    tr!(
                        "write what the image shows between the square brackets: ![Вхід до бібліотеки](…)",
                        "напишіть у квадратних дужках, що на зображенні: ![Вхід до бібліотеки](…)"
                    ),
                ),
                Problem::HtmlTooDeep { .. } => {
                    let max = markdown::MAX_HTML_DEPTH;
                    self.error(
                        "E0226",
                        "description",
                        tr!(
                            "the HTML in the description nests elements more than {max} levels deep",
                            "HTML в описі вкладає елементи глибше ніж на {max} рівнів"
                        ),
                        tr!(
                            "close every tag you open (<div> … </div>) and nest at most {max} levels: deeper HTML takes too long to check for safety",
                            "закривайте кожен відкритий тег (<div> … </div>) і вкладайте не глибше ніж на {max} рівнів: глибший HTML надто довго перевіряти на безпечність"
                        ),
                    )
                }
                Problem::VagueLinkText { text, .. } => self.warning(
                    "W0225",
                    "description",
                    tr!(
                        "the link text «{text}» does not say where the link leads",
                        "текст посилання «{text}» не каже, куди воно веде"
                    ),
                    tr!(
                        "name the destination in the link: [розклад курсів](https://…) instead of [тут](https://…)",
                        "назвіть у посиланні, куди воно веде: [розклад курсів](https://…) замість [тут](https://…)"
                    ),
                ),
            }
        }
        r.html
    }
}

/// Records `id` as seen at (file, index) and returns true, or reports it as used twice
/// (pointing at both records) and returns false.
#[allow(clippy::too_many_arguments)]
fn first_use<T>(
    seen: &mut BTreeMap<String, (usize, usize)>,
    files: &[Parsed<T>],
    (file, index): (usize, usize),
    id: &str,
    code: &'static str,
    what: &Msg,
    diags: &mut Diagnostics,
) -> bool {
    let Some(&(ffi, fidx)) = seen.get(id) else {
        seen.insert(id.to_string(), (file, index));
        return true;
    };
    let (here, first) = (&files[file], &files[ffi]);
    diags.push(
        Diagnostic::error(
            code,
            &here.file,
            tr!(
                "{what} id `{id}` is used twice",
                "id `{id}` використано двічі ({what})"
            ),
        )
        .at_opt(here.positions.value(&format!("{index}.id")))
        .related(
            &first.file,
            first.positions.value(&format!("{fidx}.id")),
            tr!("first used here", "уперше використано тут"),
        )
        .hint(tr!(
            "every record needs its own id; rename one of them",
            "кожному запису потрібен свій id; перейменуйте один із них"
        )),
    );
    false
}
