//! The words of a site: the vocabularies of the registries (kinds of venue, what venues
//! offer, accessibility, kinds of event) and the taxonomies of pages (audience, competence,
//! level), each with Ukrainian defaults that `site.toml` extends or relabels.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{CONFIG_FILE, RawConfig};
use crate::diag::{Diagnostic, Diagnostics, Location};

/// The words of the registries: kinds of venue, what venues offer, accessibility features
/// and kinds of event, key → Ukrainian label. `site.toml` adds to them or relabels them.
#[derive(Debug, Clone, Serialize)]
pub struct Vocabularies {
    pub venue_kinds: BTreeMap<String, String>,
    /// Venue kind → its schema.org type (`Library`), for the pages' structured data; a kind
    /// without one is a `Place`.
    pub venue_types: BTreeMap<String, String>,
    pub venue_services: BTreeMap<String, String>,
    pub accessibility: BTreeMap<String, String>,
    pub event_kinds: BTreeMap<String, String>,
}

fn vocabulary(
    defaults: &[(&str, &str)],
    extra: BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut v: BTreeMap<String, String> = defaults
        .iter()
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .collect();
    v.extend(extra);
    v
}

/// The schema.org types a venue may have: places (and the organisations that are one) that
/// search engines and maps understand.
const PLACE_TYPES: &[&str] = &[
    "Place",
    "CivicStructure",
    "Library",
    "GovernmentOffice",
    "GovernmentBuilding",
    "CityHall",
    "EducationalOrganization",
    "School",
    "CollegeOrUniversity",
    "Museum",
    "LocalBusiness",
    "Organization",
];

/// The schema.org types of the default venue kinds.
const DEFAULT_VENUE_TYPES: &[(&str, &str)] = &[
    ("library", "Library"),
    ("smart-library", "Library"),
    ("cnap", "GovernmentOffice"),
    ("cnap-self-service", "GovernmentOffice"),
    ("school-lab", "EducationalOrganization"),
    ("code-club", "EducationalOrganization"),
];

impl Vocabularies {
    /// The schema.org type of a venue kind.
    pub fn venue_type(&self, kind: &str) -> &str {
        self.venue_types.get(kind).map_or("Place", String::as_str)
    }

    pub(super) fn new(raw: &mut RawConfig, text: &str, diags: &mut Diagnostics) -> Self {
        let mut venue_types: BTreeMap<String, String> = DEFAULT_VENUE_TYPES
            .iter()
            .map(|(k, t)| (k.to_string(), t.to_string()))
            .collect();
        let mut kind_labels = BTreeMap::new();
        for (key, kind) in std::mem::take(&mut raw.venue_kinds) {
            let at = Location::from_offsets(text, kind.span().start, kind.span().end);
            match venue_kind(kind.into_inner()) {
                Ok((label, schema)) => {
                    match schema {
                        Some(s) if PLACE_TYPES.contains(&s.as_str()) => {
                            venue_types.insert(key.clone(), s);
                        }
                        Some(s) => diags.push(unknown_place_type(&key, &s, at)),
                        None => {}
                    }
                    kind_labels.insert(key, label);
                }
                Err(()) => diags.push(bad_venue_kind(&key, at)),
            }
        }
        Vocabularies {
            venue_types,
            venue_kinds: vocabulary(
                &[
                    ("library", "Бібліотека"),
                    ("smart-library", "Смарт-бібліотека"),
                    ("access-centre", "Центр доступу до інтернету"),
                    ("cnap", "ЦНАП"),
                    ("cnap-self-service", "Місце самообслуговування в ЦНАП"),
                    ("diia-hub", "Хаб цифрової освіти"),
                    ("digital-club", "Цифровий клуб"),
                    ("code-club", "Code Club"),
                    ("school-lab", "Цифрова лабораторія школи"),
                    ("youth-centre", "Молодіжний центр"),
                ],
                kind_labels,
            ),
            venue_services: vocabulary(
                &[
                    ("wifi", "Безкоштовний Wi-Fi"),
                    ("computers", "Комп'ютери для відвідувачів"),
                    ("consultations", "Консультації з е-послуг"),
                    ("courses", "Курси й тренінги"),
                    ("e-signature", "Допомога з електронним підписом"),
                    ("printing", "Друк і сканування"),
                    (
                        "self-service",
                        "Е-послуги самостійно, з допомогою адміністратора",
                    ),
                ],
                std::mem::take(&mut raw.venue_services),
            ),
            accessibility: vocabulary(
                &[
                    ("step-free", "Вхід без сходинок"),
                    ("accessible-toilet", "Доступний туалет"),
                    ("hearing-loop", "Індукційна петля для слухових апаратів"),
                    ("parking", "Паркування для людей з інвалідністю"),
                    ("screen-reader", "Комп'ютер з екранним читачем"),
                    ("large-screen", "Великий екран і збільшувач"),
                    ("sign-language", "Консультації жестовою мовою"),
                ],
                std::mem::take(&mut raw.accessibility),
            ),
            event_kinds: vocabulary(
                &[
                    ("training", "Тренінг"),
                    ("course", "Курс"),
                    ("webinar", "Вебінар"),
                    ("forum", "Форум"),
                    ("consultation", "Консультації"),
                    ("test", "Тестування"),
                    ("lecture", "Лекція"),
                    ("club", "Заняття клубу"),
                ],
                std::mem::take(&mut raw.event_kinds),
            ),
        }
    }
}

/// A kind of venue in `site.toml`: its label (`museum = "Музей"`), or a table with its label
/// and schema.org type (`museum = { label = "Музей", schema = "Museum" }`).
fn venue_kind(value: toml::Value) -> Result<(String, Option<String>), ()> {
    match value {
        toml::Value::String(label) => Ok((label, None)),
        toml::Value::Table(mut t) => {
            let text = |v: Option<toml::Value>| match v {
                None => Ok(None),
                Some(toml::Value::String(s)) => Ok(Some(s)),
                Some(_) => Err(()),
            };
            let label = text(t.remove("label"))?.ok_or(())?;
            let schema = text(t.remove("schema"))?;
            if t.is_empty() {
                Ok((label, schema))
            } else {
                Err(())
            }
        }
        _ => Err(()),
    }
}

/// E0023: a venue kind is neither a label nor a table of `label` and `schema`.
fn bad_venue_kind(key: &str, at: Location) -> Diagnostic {
    Diagnostic::error(
        "E0023",
        CONFIG_FILE,
        tr!(
            "venue kind `{key}` must be its label in quotes, or a table of `label` and `schema`",
            "вид місця `{key}` має бути назвою в лапках або таблицею з `label` і `schema`"
        ),
    )
    .at(at)
    .hint(tr!(
        "{key} = \"Музей\", or {key} = {{ label = \"Музей\", schema = \"Museum\" }}",
        "{key} = \"Музей\" або {key} = {{ label = \"Музей\", schema = \"Museum\" }}"
    ))
}

/// E0022: a venue kind's `schema` is not a type of place the site can declare.
fn unknown_place_type(key: &str, given: &str, at: Location) -> Diagnostic {
    let suggestion = crate::suggest::closest(given, PLACE_TYPES.iter().copied());
    let hint = match suggestion {
        Some(s) => tr!(
            "did you mean `{s}`? A kind of venue can be: {}",
            "можливо, `{s}`? Тип місця може бути: {}",
            PLACE_TYPES.join(", ")
        ),
        None => tr!(
            "a kind of venue can be: {} (schema.org types; leave `schema` out for Place)",
            "тип місця може бути: {} (типи schema.org; без `schema` буде Place)",
            PLACE_TYPES.join(", ")
        ),
    };
    Diagnostic::error(
        "E0022",
        CONFIG_FILE,
        tr!(
            "venue kind `{key}`: `{given}` is not a schema.org type of place hromada knows",
            "вид місця `{key}`: `{given}` — не той тип місця schema.org, який знає hromada"
        ),
    )
    .at(at)
    .hint(hint)
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTaxonomy {
    name: Option<String>,
    slug: Option<String>,
    #[serde(default)]
    terms: BTreeMap<String, String>,
}

/// A classification of instructions (audience, competence area, level) with its labels.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Taxonomy {
    pub key: String,
    /// Plural label shown as a heading («Для кого»).
    pub name: String,
    /// URL prefix («dlia-koho»).
    pub slug: String,
    /// term key → label, in key order.
    pub terms: BTreeMap<String, String>,
}

pub(super) fn default_taxonomies() -> Vec<Taxonomy> {
    let t = |key: &str, name: &str, slug: &str, terms: &[(&str, &str)]| Taxonomy {
        key: key.into(),
        name: name.into(),
        slug: slug.into(),
        terms: terms
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    vec![
        t(
            "audience",
            "Для кого",
            "dlia-koho",
            &[
                ("seniors", "Люди старшого віку"),
                ("adults", "Дорослі"),
                ("youth", "Молодь"),
                ("parents", "Батьки"),
                ("teachers", "Освітяни"),
                ("entrepreneurs", "Підприємці"),
                ("disability", "Люди з інвалідністю"),
                ("veterans", "Ветерани й ветеранки"),
                ("idp", "Внутрішньо переміщені особи"),
            ],
        ),
        t(
            "competence",
            // DigComp's five areas in residents' words (the area keys stay DigComp's).
            "Цифрові навички",
            "kompetentnosti",
            &[
                ("information", "Пошук і перевірка інформації"),
                ("communication", "Спілкування онлайн"),
                ("content", "Створення документів, фото й відео"),
                ("safety", "Безпека в інтернеті"),
                ("problem-solving", "Налаштування телефона й застосунків"),
            ],
        ),
        t(
            "level",
            "Рівень",
            "riven",
            &[
                ("basic", "Базовий"),
                ("intermediate", "Середній"),
                ("advanced", "Поглиблений"),
            ],
        ),
    ]
}

/// The default taxonomies with the site's names, slugs and terms over them; E0008 for a
/// taxonomy that does not exist.
pub(super) fn taxonomies(
    raw: BTreeMap<String, RawTaxonomy>,
    text: &str,
    diags: &mut Diagnostics,
) -> Vec<Taxonomy> {
    let file = Path::new(CONFIG_FILE);
    let mut taxonomies = default_taxonomies();
    for (key, rt) in raw {
        match taxonomies.iter_mut().find(|t| t.key == key) {
            Some(t) => {
                if let Some(n) = rt.name {
                    t.name = n;
                }
                if let Some(s) = rt.slug {
                    t.slug = s;
                }
                t.terms.extend(rt.terms);
            }
            None => {
                let needle = format!("[taxonomies.{key}");
                let location = text
                    .find(&needle)
                    .map(|i| Location::from_offsets(text, i, i + needle.len()));
                diags.push(
                    Diagnostic::error(
                        "E0008",
                        file,
                        tr!("unknown taxonomy `{key}`", "невідома таксономія `{key}`"),
                    )
                    .at_opt(location)
                    .hint(tr!(
                        "the taxonomies are audience, competence and level; add terms to them under [taxonomies.audience.terms] and the like",
                        "таксономії — audience, competence і level; значення до них додають під [taxonomies.audience.terms] тощо"
                    )),
                );
            }
        }
    }

    taxonomies
}
