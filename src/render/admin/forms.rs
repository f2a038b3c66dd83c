//! The CMS's forms, made from hromada's own record types and the site's vocabularies: which
//! keys a record has and which it needs come from the JSON Schemas the build checks against
//! (`registry::records`, `content::frontmatter`), so a form cannot offer a key the build
//! rejects; kinds, services, accessibility, audiences and venues are choices with the labels
//! residents read, their keys what is saved.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde_json::{Value, json};

use crate::model::Site;
use crate::registry::records::{EventRecord, RegistrationRecord, RepeatRecord, VenueRecord};

/// The custom format hromada's script registers in the CMS: a YAML file that is a list of
/// records (the CMS itself edits only files that are a mapping).
pub const LIST_FORMAT: &str = "hromada-list";
/// How dates and times are written in hromada's YAML (local time in Kyiv).
const DATETIME: &str = "YYYY-MM-DD HH:mm";
const DATE: &str = "YYYY-MM-DD";
/// What a record's `id` may be, as the build checks it.
const ID_MESSAGE: &str =
    "Лише малі латинські літери, цифри й дефіси, наприклад zanyattia-diia-hruden";

/// What a record type's schema says: its keys, the required ones, and each key's pattern.
pub struct Schema {
    pub keys: BTreeSet<String>,
    required: BTreeSet<String>,
    patterns: BTreeMap<String, String>,
}

impl Schema {
    pub fn of<T: JsonSchema>() -> Schema {
        let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default();
        let props = schema["properties"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        Schema {
            keys: props.keys().cloned().collect(),
            required: schema["required"]
                .as_array()
                .map(|r| {
                    r.iter()
                        .filter_map(|k| k.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
            patterns: props
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), v["pattern"].as_str()?.to_string())))
                .collect(),
        }
    }
}

/// A field of a form before the schema is applied: the key, its label, a hint, the widget.
struct Field(&'static str, &'static str, &'static str, Value);

/// The form's fields in the order given, each `required` as the schema says and with the
/// schema's pattern on text fields. A key the schema does not have is left out (and a unit
/// test fails).
fn form(schema: &Schema, fields: Vec<Field>) -> Vec<Value> {
    fields
        .into_iter()
        .filter(|f| schema.keys.contains(f.0))
        .map(|Field(name, label, hint, widget)| {
            let mut f = widget;
            f["name"] = name.into();
            f["label"] = label.into();
            if !hint.is_empty() {
                f["hint"] = hint.into();
            }
            f["required"] = schema.required.contains(name).into();
            if let (Some(p), Some("string")) = (schema.patterns.get(name), f["widget"].as_str())
                && f.get("pattern").is_none()
            {
                f["pattern"] = json!([p, ID_MESSAGE]);
            }
            f
        })
        .collect()
}

/// The fields of an object the record may leave out: none required in the form, because
/// the CMS checks them even when the object is left empty (the build still checks that a
/// `repeat` has its `until`).
fn optional(mut fields: Vec<Value>) -> Vec<Value> {
    for f in &mut fields {
        f["required"] = false.into();
    }
    fields
}

fn text() -> Value {
    json!({"widget": "string"})
}

fn markdown() -> Value {
    json!({"widget": "markdown", "buttons": ["bold", "italic", "link", "heading-three", "bulleted-list", "numbered-list"], "editor_components": [], "modes": ["rich_text", "raw"]})
}

/// A date and time in Kyiv, as hromada writes it («2026-12-05 10:00»).
fn datetime() -> Value {
    json!({"widget": "datetime", "format": DATETIME, "date_format": "DD.MM.YYYY", "time_format": "HH:mm", "picker_utc": false})
}

fn date() -> Value {
    json!({"widget": "datetime", "format": DATE, "date_format": "DD.MM.YYYY", "time_format": false, "picker_utc": false})
}

/// A choice among `options` (key → label), sorted by label as residents read them.
fn select(options: impl IntoIterator<Item = (String, String)>, multiple: bool) -> Value {
    let mut options: Vec<(String, String)> = options.into_iter().collect();
    crate::collate::sort_by_name(&mut options, |(_, label)| label);
    let options: Vec<Value> = options
        .into_iter()
        .map(|(value, label)| json!({"label": label, "value": value}))
        .collect();
    json!({"widget": "select", "options": options, "multiple": multiple})
}

fn taxonomy(site: &Site, key: &str, multiple: bool) -> Value {
    let terms = site
        .config
        .taxonomy(key)
        .map(|t| t.terms.clone())
        .unwrap_or_default();
    select(terms, multiple)
}

fn services(site: &Site) -> impl Iterator<Item = (String, String)> + '_ {
    site.services
        .iter()
        .map(|s| (s.key.clone(), s.name.clone()))
}

/// A file of records edited as one list (data/events.yaml, data/venues.yaml).
fn list_file(
    name: &str,
    label: &str,
    singular: &str,
    file: &str,
    summary: &str,
    fields: Vec<Value>,
) -> Value {
    json!({
        "name": name,
        "label": label,
        "format": LIST_FORMAT,
        "editor": {"preview": false},
        "files": [{
            "name": name,
            "label": label,
            "file": file,
            "fields": [
                {"name": "head", "widget": "hidden", "required": false},
                {
                    "name": "records",
                    "label": label,
                    "label_singular": singular,
                    "widget": "list",
                    "collapsed": true,
                    "add_to_top": true,
                    "summary": summary,
                    "fields": fields,
                },
            ],
        }],
    })
}

pub fn event_fields(site: &Site) -> Vec<Value> {
    let v = &site.config.vocabularies;
    let venues = site
        .registries
        .venues
        .iter()
        .map(|p| (p.id.clone(), format!("{} — {}", p.name, p.address)));
    let mut topics: Vec<(String, String)> = services(site).collect();
    topics.extend(
        site.config
            .taxonomy("competence")
            .map(|t| t.terms.clone())
            .unwrap_or_default(),
    );
    let repeat = json!({"widget": "object", "collapsed": true, "fields": optional(form(&Schema::of::<RepeatRecord>(), vec![
        Field("until", "Повторювати до (останній день)", "Подія буде щотижня в той самий день і час, що й перша, до цієї дати", date()),
        Field("except", "Крім дат", "Дні, коли заняття не буде (свята)", json!({"widget": "list", "field": {"name": "date", "label": "Дата", "widget": "datetime", "format": DATE, "date_format": "DD.MM.YYYY", "time_format": false, "picker_utc": false}})),
    ]))});
    let registration = json!({"widget": "object", "collapsed": true, "fields": optional(form(&Schema::of::<RegistrationRecord>(), vec![
        Field("phone", "Телефон для запису", "У форматі +380: +380 52 222 33 44", text()),
        Field("url", "Форма запису (посилання)", "Повна адреса з https://", text()),
        Field("note", "Примітка", "Наприклад: група до 10 людей; візьміть паспорт", text()),
        Field("until", "Запис до (час у Києві)", "Після цього сайт скаже «Запис закрито»", datetime()),
        Field("places", "Скільки місць", "", json!({"widget": "number", "value_type": "int", "min": 1})),
        Field("full", "Місць уже немає", "", json!({"widget": "boolean"})),
    ]))});
    form(
        &Schema::of::<EventRecord>(),
        vec![
            Field(
                "title",
                "Назва",
                "Як її побачать мешканці: «Дія для старшого віку»",
                text(),
            ),
            Field(
                "id",
                "Адреса сторінки (латиницею)",
                "Частина адреси на сайті: малі латинські літери, цифри й дефіси, наприклад diia-dlia-senioriv-hruden",
                text(),
            ),
            Field(
                "kind",
                "Вид події",
                "",
                select(v.event_kinds.clone(), false),
            ),
            Field(
                "start",
                "Початок (час у Києві)",
                "Дата й час початку за київським часом",
                datetime(),
            ),
            Field(
                "end",
                "Кінець (час у Києві)",
                "Дата й час завершення за київським часом",
                datetime(),
            ),
            Field(
                "repeat",
                "Щотижня",
                "Заповніть, якщо подія повторюється щотижня",
                repeat,
            ),
            Field(
                "venue",
                "Місце",
                "Де відбудеться (з переліку місць сайту); для онлайн-події залиште порожнім",
                select(venues, false),
            ),
            Field(
                "online",
                "Онлайн-кімната (посилання)",
                "Повна адреса з https://, якщо подія онлайн",
                text(),
            ),
            Field("audience", "Для кого", "", taxonomy(site, "audience", true)),
            Field(
                "topics",
                "Теми",
                "Послуги чи навички, про які подія",
                select(topics, true),
            ),
            Field(
                "free",
                "Безкоштовно",
                "",
                json!({"widget": "boolean", "default": true}),
            ),
            Field(
                "price",
                "Ціна, грн",
                "Лише якщо подія платна",
                json!({"widget": "number", "value_type": "float", "min": 0}),
            ),
            Field(
                "registration",
                "Запис",
                "Заповніть, якщо треба записатися заздалегідь",
                registration,
            ),
            Field(
                "organizer",
                "Хто проводить",
                "Наприклад: Бібліотека-філія № 5",
                text(),
            ),
            Field("description", "Опис", "", markdown()),
        ],
    )
}

pub fn venue_fields(site: &Site) -> Vec<Value> {
    let v = &site.config.vocabularies;
    // Two named numbers instead of a pair whose order nobody remembers; hromada's script
    // turns them into `[longitude, latitude]`. Ukraine lies within 22–41° E and 44–53° N,
    // ranges that do not overlap, so swapped numbers are refused in the form.
    let location = json!({"widget": "object", "collapsed": false, "fields": [
        {"name": "latitude", "label": "Широта (північна, 44–53)", "hint": "Перше число, яке показує карта, наприклад 48.5106", "widget": "number", "value_type": "float", "min": 44, "max": 53, "step": 0.0001, "required": true},
        {"name": "longitude", "label": "Довгота (східна, 22–41)", "hint": "Друге число, яке показує карта, наприклад 32.2605", "widget": "number", "value_type": "float", "min": 22, "max": 41, "step": 0.0001, "required": true},
    ]});
    form(
        &Schema::of::<VenueRecord>(),
        vec![
            Field(
                "name",
                "Назва",
                "Як її знають мешканці: «Бібліотека-філія № 5»",
                text(),
            ),
            Field(
                "id",
                "Адреса сторінки (латиницею)",
                "Частина адреси на сайті: малі латинські літери, цифри й дефіси, наприклад biblioteka-filiia-5",
                text(),
            ),
            Field(
                "kind",
                "Вид місця",
                "",
                select(v.venue_kinds.clone(), false),
            ),
            Field(
                "address",
                "Адреса",
                "Вулиця й будинок: вул. Київська, 12",
                text(),
            ),
            Field("settlement", "Населений пункт", "", text()),
            Field(
                "location",
                "Де на карті",
                "Клацніть правою кнопкою на місці в карті (OpenStreetMap, Google) і перепишіть два числа",
                location,
            ),
            Field(
                "hours",
                "Години роботи",
                "У форматі OpenStreetMap: Mo-Fr 09:00-18:00; Sa 10:00-15:00 (Mo Tu We Th Fr Sa Su — пн…нд; PH off — у свята зачинено)",
                text(),
            ),
            Field(
                "phone",
                "Телефон",
                "У форматі +380: +380 52 222 33 44",
                text(),
            ),
            Field("email", "Електронна пошта", "", text()),
            Field(
                "website",
                "Власна сторінка місця",
                "Повна адреса з https://",
                text(),
            ),
            Field(
                "services",
                "Що тут можна отримати",
                "",
                select(v.venue_services.clone(), true),
            ),
            Field(
                "accessibility",
                "Доступність",
                "",
                select(v.accessibility.clone(), true),
            ),
            Field(
                "helps_with",
                "З якими е-послугами допомагають",
                "",
                select(services(site), true),
            ),
            Field("description", "Опис", "", markdown()),
        ],
    )
}

/// The body a new instruction starts with: the uniform outline every instruction follows.
pub const OUTLINE: &str = "Коротко: що це за послуга і навіщо вона мешканцю.\n\n## Що потрібно\n\n- Смартфон або компʼютер з інтернетом.\n\n## Кроки\n\n1. Що відкрити й куди натиснути.\n2. Наступний крок.\n3. Що побачить людина, коли все вдалося.\n\n## Що може піти не так\n\n- **Типова проблема.** Що робити.\n";

pub fn instruction_fields(site: &Site) -> Vec<Value> {
    let mut fields = form(
        &Schema::of::<crate::content::frontmatter::FrontMatter>(),
        vec![
            Field(
                "title",
                "Назва",
                "Що людина зробить: «Як створити Дія.Підпис»",
                text(),
            ),
            Field(
                "slug",
                "Адреса сторінки (латиницею)",
                "Частина адреси й назва файлу: малі латинські літери, цифри й дефіси, наприклад diia-pidpys",
                text(),
            ),
            Field(
                "summary",
                "Коротко (до 160 знаків)",
                "Одне-два речення для списків, пошуку й пошуковиків",
                json!({"widget": "text", "pattern": ["^[\\s\\S]{1,160}$", "Не більше 160 знаків"]}),
            ),
            Field("service", "Е-послуга", "", select(services(site), false)),
            Field("audience", "Для кого", "", taxonomy(site, "audience", true)),
            Field(
                "competence",
                "Навичка",
                "",
                taxonomy(site, "competence", false),
            ),
            Field("level", "Рівень", "", taxonomy(site, "level", false)),
            Field(
                "duration",
                "Скільки хвилин",
                "",
                json!({"widget": "number", "value_type": "int", "min": 1}),
            ),
            Field(
                "reviewed",
                "Перевірено в самій послузі",
                "Дата, коли кроки востаннє звірили з послугою",
                date(),
            ),
            Field(
                "draft",
                "Чернетка",
                "Чернетки не публікуються: зніміть позначку, коли інструкцію перевірено",
                json!({"widget": "boolean", "default": true}),
            ),
        ],
    );
    // An instruction needs these (the model checks them); the front matter's type leaves
    // them optional because other pages do not.
    for f in &mut fields {
        if matches!(
            f["name"].as_str(),
            Some("title" | "slug" | "summary" | "service")
        ) {
            f["required"] = true.into();
        }
    }
    fields.push(json!({"name": "body", "label": "Текст інструкції", "hint": "Заповніть кожен розділ: що потрібно, нумеровані кроки, що може піти не так", "widget": "markdown", "default": OUTLINE, "required": true}));
    fields
}

/// The collections of the CMS: events and venues (one list each) and instructions (a file
/// each).
pub fn collections(site: &Site) -> Vec<Value> {
    let instructions = &site.config.paths.instructions;
    vec![
        list_file(
            "podii",
            "Події",
            "Подію",
            "data/events.yaml",
            "{{fields.start}} — {{fields.title}}",
            event_fields(site),
        ),
        list_file(
            "mistsia",
            "Місця",
            "Місце",
            "data/venues.yaml",
            "{{fields.name}} — {{fields.address}}",
            venue_fields(site),
        ),
        json!({
            "name": "instruktsii",
            "label": "Інструкції",
            "label_singular": "Інструкцію",
            "folder": format!("content/{instructions}"),
            "create": true,
            "extension": "md",
            "format": "yaml-frontmatter",
            "slug": "{{fields.slug}}",
            "identifier_field": "title",
            "summary": "{{title}}",
            "fields": instruction_fields(site),
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys each form leaves to the YAML (kept as they are when a record is saved).
    const LEFT_OUT: &[&str] = &[
        "aliases",
        "extra",
        "lang",
        "template",
        "weight",
        "opened",
        "participants",
    ];

    fn names(fields: &[Value]) -> BTreeSet<String> {
        fields
            .iter()
            .filter_map(|f| f["name"].as_str().map(String::from))
            .collect()
    }

    /// This repository's example site.
    fn site() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let opts = crate::model::BuildOptions {
            now: jiff::civil::date(2026, 12, 1),
            drafts: false,
            base_url: None,
            keep_texts: false,
        };
        crate::model(root, &opts).unwrap().0
    }

    #[test]
    fn the_script_writes_every_key_of_a_record_in_its_place() {
        let script = include_str!("hromada-cms.js");
        for schema in [
            Schema::of::<EventRecord>(),
            Schema::of::<VenueRecord>(),
            Schema::of::<RepeatRecord>(),
            Schema::of::<RegistrationRecord>(),
        ] {
            for key in &schema.keys {
                assert!(
                    script.contains(&format!("\"{key}\"")),
                    "`{key}` is not in ORDER"
                );
            }
        }
    }

    #[test]
    fn every_key_of_a_record_has_a_field() {
        let site = site();
        for (fields, schema) in [
            (event_fields(&site), Schema::of::<EventRecord>()),
            (venue_fields(&site), Schema::of::<VenueRecord>()),
            (
                instruction_fields(&site),
                Schema::of::<crate::content::frontmatter::FrontMatter>(),
            ),
        ] {
            let have = names(&fields);
            for key in &schema.keys {
                assert!(
                    have.contains(key) || LEFT_OUT.contains(&key.as_str()),
                    "the form has no field for `{key}`"
                );
            }
        }
    }
}
