//! Slugs by Ukraine's official romanisation (Cabinet of Ministers resolution No. 55 of
//! 27 January 2010): «Згорани» → zghorany, «Юрій» → yurii, «Знам'янка» → znamianka.

/// Latin letters that look like Cyrillic ones, with the Cyrillic letter meant.
pub const LOOKALIKES: &[(char, char)] = &[
    ('A', 'А'),
    ('a', 'а'),
    ('B', 'В'),
    ('C', 'С'),
    ('c', 'с'),
    ('E', 'Е'),
    ('e', 'е'),
    ('H', 'Н'),
    ('I', 'І'),
    ('i', 'і'),
    ('K', 'К'),
    ('M', 'М'),
    ('O', 'О'),
    ('o', 'о'),
    ('P', 'Р'),
    ('p', 'р'),
    ('T', 'Т'),
    ('X', 'Х'),
    ('x', 'х'),
    ('y', 'у'),
];

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{02BC}' | '\u{02BB}' | '`' | '\u{2018}'
    )
}

/// Replaces Latin look-alike letters inside words that are otherwise Cyrillic
/// («Кpoпивницькa» with Latin p, o, a → «Кропивницька»). Words that are wholly Latin are
/// left alone. Returns `None` when nothing had to change.
pub fn fix_lookalikes(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for word in split_keep(text) {
        let has_cyrillic = word.chars().any(is_cyrillic);
        let all_mappable = word
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .all(|c| LOOKALIKES.iter().any(|(l, _)| *l == c));
        if has_cyrillic && all_mappable && word.chars().any(|c| c.is_ascii_alphabetic()) {
            for c in word.chars() {
                match LOOKALIKES.iter().find(|(l, _)| *l == c) {
                    Some((_, cyr)) => {
                        out.push(*cyr);
                        changed = true;
                    }
                    None => out.push(c),
                }
            }
        } else {
            out.push_str(word);
        }
    }
    changed.then_some(out)
}

/// Splits text into alternating runs of word characters and the rest, keeping both.
fn split_keep(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_word = None;
    for (i, c) in text.char_indices() {
        let w = c.is_alphanumeric() || is_apostrophe(c);
        if in_word.is_some_and(|prev| prev != w) {
            parts.push(&text[start..i]);
            start = i;
        }
        in_word = Some(w);
    }
    if start < text.len() {
        parts.push(&text[start..]);
    }
    parts
}

/// Romanises Ukrainian text by the official table. Other characters pass through unchanged.
/// Letter case follows the source letter (first letter only for multi-letter forms).
pub fn transliterate(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, &c) in chars.iter().enumerate() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let upper = c != lower;
        // A letter begins a word when what precedes it is not a letter (an apostrophe
        // inside a word does not start a new one: «Знам'янка» → Znamianka).
        let word_start = i == 0 || {
            let p = chars[i - 1];
            !(p.is_alphabetic() || is_apostrophe(p))
        };
        let prev_lower = if i > 0 {
            chars[i - 1].to_lowercase().next()
        } else {
            None
        };
        let mapped: &str = match lower {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            // «зг» is written zgh to keep it apart from «ж» (zh).
            'г' if prev_lower == Some('з') => "gh",
            'г' => "h",
            'ґ' => "g",
            'д' => "d",
            'е' => "e",
            'є' if word_start => "ye",
            'є' => "ie",
            'ж' => "zh",
            'з' => "z",
            'и' => "y",
            'і' => "i",
            'ї' if word_start => "yi",
            'ї' => "i",
            'й' if word_start => "y",
            'й' => "i",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ь' => "",
            'ю' if word_start => "yu",
            'ю' => "iu",
            'я' if word_start => "ya",
            'я' => "ia",
            // Russian letters sometimes appear in names; give them a plain reading.
            'ё' => "io",
            'ы' => "y",
            'э' => "e",
            'ъ' => "",
            _ if is_apostrophe(c) && i > 0 && chars[i - 1].is_alphabetic() => "",
            _ => {
                out.push(c);
                continue;
            }
        };
        if upper {
            let mut it = mapped.chars();
            if let Some(first) = it.next() {
                out.extend(first.to_uppercase());
                out.push_str(it.as_str());
            }
        } else {
            out.push_str(mapped);
        }
    }
    out
}

/// A URL slug: look-alike letters fixed, romanised, lower-case ASCII letters and digits
/// joined by single hyphens.
pub fn slugify(text: &str) -> String {
    let fixed = fix_lookalikes(text);
    let text = fixed.as_deref().unwrap_or(text);
    let latin = transliterate(text);
    let mut slug = String::with_capacity(latin.len());
    let mut pending_dash = false;
    for c in latin.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else if is_apostrophe(c) {
            // dropped, as the resolution says
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// Whether `s` is already a slug: small Latin letters and digits joined by single hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The examples printed in the resolution's own table.
    #[test]
    fn resolution_examples() {
        let cases = [
            ("Алушта", "Alushta"),
            ("Андрій", "Andrii"),
            ("Борщагівка", "Borshchahivka"),
            ("Борисенко", "Borysenko"),
            ("Вінниця", "Vinnytsia"),
            ("Володимир", "Volodymyr"),
            ("Гадяч", "Hadiach"),
            ("Богдан", "Bohdan"),
            ("Згурський", "Zghurskyi"),
            ("Ґалаґан", "Galagan"),
            ("Ґорґани", "Gorgany"),
            ("Донецьк", "Donetsk"),
            ("Дмитро", "Dmytro"),
            ("Рівне", "Rivne"),
            ("Олег", "Oleh"),
            ("Есмань", "Esman"),
            ("Єнакієве", "Yenakiieve"),
            ("Гаєвич", "Haievych"),
            ("Короп'є", "Koropie"),
            ("Житомир", "Zhytomyr"),
            ("Жанна", "Zhanna"),
            ("Жежелів", "Zhezheliv"),
            ("Закарпаття", "Zakarpattia"),
            ("Казимирчук", "Kazymyrchuk"),
            ("Медвин", "Medvyn"),
            ("Михайленко", "Mykhailenko"),
            ("Іванків", "Ivankiv"),
            ("Іващенко", "Ivashchenko"),
            ("Їжакевич", "Yizhakevych"),
            ("Кадиївка", "Kadyivka"),
            ("Мар'їне", "Marine"),
            ("Йосипівка", "Yosypivka"),
            ("Стрий", "Stryi"),
            ("Олексій", "Oleksii"),
            ("Київ", "Kyiv"),
            ("Коваленко", "Kovalenko"),
            ("Лебедин", "Lebedyn"),
            ("Леонід", "Leonid"),
            ("Миколаїв", "Mykolaiv"),
            ("Маринич", "Marynych"),
            ("Ніжин", "Nizhyn"),
            ("Наталія", "Nataliia"),
            ("Одеса", "Odesa"),
            ("Онищенко", "Onyshchenko"),
            ("Полтава", "Poltava"),
            ("Петро", "Petro"),
            ("Решетилівка", "Reshetylivka"),
            ("Рибчинський", "Rybchynskyi"),
            ("Суми", "Sumy"),
            ("Соломія", "Solomiia"),
            ("Тернопіль", "Ternopil"),
            ("Троць", "Trots"),
            ("Ужгород", "Uzhhorod"),
            ("Уляна", "Uliana"),
            ("Фастів", "Fastiv"),
            ("Філіпчук", "Filipchuk"),
            ("Харків", "Kharkiv"),
            ("Христина", "Khrystyna"),
            ("Біла Церква", "Bila Tserkva"),
            ("Стеценко", "Stetsenko"),
            ("Чернівці", "Chernivtsi"),
            ("Шевченко", "Shevchenko"),
            ("Шостка", "Shostka"),
            ("Кишеньки", "Kyshenky"),
            ("Щербухи", "Shcherbukhy"),
            ("Гоща", "Hoshcha"),
            ("Гаращенко", "Harashchenko"),
            ("Юрій", "Yurii"),
            ("Корюківка", "Koriukivka"),
            ("Яготин", "Yahotyn"),
            ("Ярошенко", "Yaroshenko"),
            ("Костянтин", "Kostiantyn"),
            ("Знам'янка", "Znamianka"),
            ("Феодосія", "Feodosiia"),
            ("Згорани", "Zghorany"),
            ("Розгон", "Rozghon"),
        ];
        for (uk, latin) in cases {
            assert_eq!(transliterate(uk), latin, "{uk}");
        }
    }

    #[test]
    fn word_initial_forms_apply_after_spaces_and_hyphens() {
        assert_eq!(transliterate("Нова Ярославка"), "Nova Yaroslavka");
        assert_eq!(transliterate("Лозова-Юріївка"), "Lozova-Yuriivka");
        assert_eq!(transliterate("моя їжа"), "moia yizha");
    }

    #[test]
    fn all_apostrophe_forms_are_dropped() {
        for a in ["'", "\u{2019}", "\u{02BC}"] {
            assert_eq!(slugify(&format!("Знам{a}янка")), "znamianka");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Як встановити Дію"), "yak-vstanovyty-diiu");
        assert_eq!(
            slugify("Дія.Підпис: крок за кроком!"),
            "diia-pidpys-krok-za-krokom"
        );
        assert_eq!(slugify("  «Цифрограм» — тест  "), "tsyfrohram-test");
        assert_eq!(slugify("Згорани"), "zghorany");
        assert_eq!(slugify("ЦНАП online 2026"), "tsnap-online-2026");
        assert_eq!(slugify("---"), "");
        assert!(is_slug("diia-pidpys-2"));
        assert!(!is_slug("Diia") && !is_slug("a--b") && !is_slug("-a") && !is_slug(""));
    }

    #[test]
    fn lookalike_letters_do_not_fool_slugs() {
        // Latin p, o and a inside a Cyrillic word, as in the ministry's data.
        let dirty = "Кpoпивницькa";
        assert_eq!(fix_lookalikes(dirty).as_deref(), Some("Кропивницька"));
        assert_eq!(slugify(dirty), "kropyvnytska");
        assert_eq!(fix_lookalikes("Кропивницька"), None);
        // A wholly Latin word is left as it is.
        assert_eq!(fix_lookalikes("Cool Кропивницький"), None);
    }
}
