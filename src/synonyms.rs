//! Residents' words for what the site's texts say otherwise: groups of words and phrases that
//! mean the same to a search («пенсіонер» and «люди старшого віку», «комуналка» and
//! «комунальні послуги»). A default for Ukrainian is built in ([`DEFAULT`]); a site adds its
//! own in `data/synonyms.yaml`, a list of groups, each a list of words or phrases:
//!
//! ```yaml
//! - [Кропивницький, Кіровоград, Єлисаветград]
//! - [ЦНАП, центр надання адміністративних послуг]
//! ```
//!
//! Groups that share a word or phrase are one group. Each word or phrase is folded and
//! stemmed as the search index folds text ([`crate::search::terms`]), so one form stands
//! for the forms the stemmer joins («пенсіонер», «пенсіонери», «пенсіонерів»). The index
//! gives a text that holds one of a group every other too (`render/search.rs`), and the
//! search page's script reads a phrase of a group in a query as one word
//! (`themes/default/assets/search.js`): either way «пенсіонерів» finds «Люди старшого віку».

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::source::SourceFile;
use crate::yaml;

/// Where a site keeps its own groups, relative to its root.
pub const SYNONYMS_FILE: &str = "data/synonyms.yaml";

/// The groups every site has: residents' words for the words of e-services and of the
/// default audiences.
pub const DEFAULT: &[&[&str]] = &[
    &[
        "пенсіонер",
        "пенсіонерка",
        "пенсіонери",
        "пенсіонерам",
        "людина старшого віку",
        "люди старшого віку",
        "старшого віку",
        "літні люди",
        "літня людина",
        "старше покоління",
        "сеньйори",
    ],
    &[
        "комуналка",
        "комунальні послуги",
        "комунальні платежі",
        "оплата комунальних",
        "ЖКГ",
    ],
    &["паспорт", "ID-картка", "айді-картка", "ID картка"],
    &[
        "ЦНАП",
        "центр надання адміністративних послуг",
        "адмінпослуги",
        "адміністративні послуги",
    ],
    &[
        "електронний підпис",
        "Дія.Підпис",
        "цифровий підпис",
        "КЕП",
        "ЕЦП",
        "кваліфікований електронний підпис",
    ],
    &["смартфон", "мобільний телефон", "мобілка"],
    &["компʼютер", "ПК", "ноутбук", "комп"],
    &["Wi-Fi", "вайфай", "вай-фай", "бездротовий інтернет"],
    &["шахраї", "шахрайство", "аферисти", "ошуканці", "махінації"],
    &["пароль", "код доступу", "пін-код"],
    &[
        "переселенці",
        "ВПО",
        "внутрішньо переміщені особи",
        "вимушені переселенці",
    ],
    &[
        "ветерани",
        "ветеранки",
        "УБД",
        "учасники бойових дій",
        "захисники",
    ],
    &[
        "люди з інвалідністю",
        "інвалідність",
        "маломобільні",
        "особи з інвалідністю",
    ],
    &["діти", "дитина", "школярі", "підлітки"],
    &[
        "відеодзвінок",
        "відеозвʼязок",
        "відеочат",
        "дзвінок по відео",
    ],
    &["оплата", "платіж", "платежі", "розрахунок карткою"],
    &[
        "ФОП",
        "фізична особа-підприємець",
        "підприємець",
        "підприємці",
    ],
    &[
        "фейки",
        "фейк",
        "дезінформація",
        "неправдиві новини",
        "брехня",
    ],
    &["субсидія", "соціальна допомога", "пільги", "соцдопомога"],
    &["довідка", "виписка", "витяг"],
    &["сімейний лікар", "декларація з лікарем", "лікар"],
    &["курси", "навчання", "заняття", "тренінг", "уроки"],
    &["безкоштовно", "безоплатно", "без оплати", "задарма"],
];

/// The groups, each its members' terms joined by spaces («старш вік»), in a fixed order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synonyms {
    pub groups: Vec<Vec<String>>,
}

/// A word or phrase as the index knows it: its terms joined by spaces.
pub fn key(phrase: &str) -> String {
    crate::search::terms(phrase).join(" ")
}

impl Synonyms {
    /// The groups of `lists` (words and phrases), joined where they share one.
    pub fn new<'a>(lists: impl IntoIterator<Item = Vec<&'a str>>) -> Synonyms {
        // Union-find over the keys: a key in two lists makes them one group.
        let mut parent: BTreeMap<String, String> = BTreeMap::new();
        fn root(parent: &mut BTreeMap<String, String>, k: &str) -> String {
            let mut r = k.to_string();
            while let Some(p) = parent.get(&r).filter(|p| **p != r) {
                r = p.clone();
            }
            r
        }
        for list in lists {
            let keys: Vec<String> = list
                .iter()
                .map(|p| key(p))
                .filter(|k| !k.is_empty())
                .collect();
            for k in &keys {
                parent.entry(k.clone()).or_insert_with(|| k.clone());
            }
            for pair in keys.windows(2) {
                let (a, b) = (root(&mut parent, &pair[0]), root(&mut parent, &pair[1]));
                if a != b {
                    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                    parent.insert(hi, lo);
                }
            }
        }
        let mut groups: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let keys: Vec<String> = parent.keys().cloned().collect();
        for k in keys {
            let r = root(&mut parent, &k);
            groups.entry(r).or_default().insert(k);
        }
        Synonyms {
            groups: groups
                .into_values()
                .filter(|g| g.len() > 1)
                .map(|g| g.into_iter().collect())
                .collect(),
        }
    }

    /// What finds a group's members in a text's terms.
    pub fn matcher(&self) -> Matcher<'_> {
        let mut by_first: HashMap<&str, Vec<(usize, Vec<&str>)>> = HashMap::new();
        for (g, members) in self.groups.iter().enumerate() {
            for m in members {
                let terms: Vec<&str> = m.split(' ').collect();
                by_first.entry(terms[0]).or_default().push((g, terms));
            }
        }
        Matcher {
            synonyms: self,
            by_first,
        }
    }
}

/// Finds the groups whose members a text holds.
pub struct Matcher<'a> {
    synonyms: &'a Synonyms,
    /// A member's first term → (its group, all its terms).
    by_first: HashMap<&'a str, Vec<(usize, Vec<&'a str>)>>,
}

impl<'a> Matcher<'a> {
    /// The groups one of whose members is in `terms` (a text's terms, in order), each once.
    pub fn groups_in<S: AsRef<str>>(&self, terms: &[S]) -> BTreeSet<usize> {
        let mut found = BTreeSet::new();
        for i in 0..terms.len() {
            self.groups_at(terms, i, &mut found);
        }
        found
    }

    /// Whether some member starts with `term`: only there can [`Self::groups_at`] find one.
    pub fn starts(&self, term: &str) -> bool {
        self.by_first.contains_key(term)
    }

    /// Adds to `found` the groups of the members that start at `terms[i]`.
    pub fn groups_at<S: AsRef<str>>(&self, terms: &[S], i: usize, found: &mut BTreeSet<usize>) {
        let Some(candidates) = self.by_first.get(terms[i].as_ref()) else {
            return;
        };
        let rest = &terms[i..];
        for (g, member) in candidates {
            if rest.len() >= member.len() && member.iter().zip(rest).all(|(m, t)| *m == t.as_ref())
            {
                found.insert(*g);
            }
        }
    }

    /// Every member of group `g`.
    pub fn members(&self, g: usize) -> &'a [String] {
        &self.synonyms.groups[g]
    }
}

/// The built-in groups with the site's (`file`, when it has one), and every problem of it.
pub fn parse(file: Option<&SourceFile>) -> (Synonyms, Diagnostics) {
    let mut diags = Diagnostics::new();
    let defaults = DEFAULT.iter().map(|g| g.to_vec());
    let Some(file) = file else {
        return (Synonyms::new(defaults), diags);
    };
    let path = Path::new(SYNONYMS_FILE);
    let own: Vec<Vec<String>> = match yaml::parse::<Option<Vec<Vec<String>>>>(&file.text, path, 0) {
        Ok((lists, positions)) => {
            let lists = lists.unwrap_or_default();
            check(&lists, &positions, &mut diags);
            lists
        }
        Err(d) => {
            diags.push(d);
            Vec::new()
        }
    };
    let own = own
        .iter()
        .map(|g| g.iter().map(String::as_str).collect::<Vec<&str>>());
    (Synonyms::new(defaults.chain(own)), diags)
}

/// Each group two words or phrases at least, each with something a search can find.
fn check(lists: &[Vec<String>], positions: &yaml::Positions, diags: &mut Diagnostics) {
    let path = Path::new(SYNONYMS_FILE);
    for (i, group) in lists.iter().enumerate() {
        for (j, phrase) in group.iter().enumerate() {
            if key(phrase).is_empty() {
                diags.push(
                    Diagnostic::error(
                        "E0312",
                        path,
                        tr!(
                            "«{}» has no letters or digits a search could find",
                            "у «{}» немає ні літер, ні цифр, за якими шукати",
                            phrase
                        ),
                    )
                    .at_opt(positions.value(&format!("{i}.{j}")))
                    .hint(tr!(
                        "write a word or a phrase, or remove this one",
                        "напишіть слово чи словосполучення або приберіть це"
                    )),
                );
            }
        }
        let keys: BTreeSet<String> = group
            .iter()
            .map(|p| key(p))
            .filter(|k| !k.is_empty())
            .collect();
        if keys.len() < 2 {
            diags.push(
                Diagnostic::error(
                    "E0311",
                    path,
                    tr!(
                        "a group of synonyms needs two different words or phrases",
                        "у групі синонімів мають бути щонайменше два різні слова чи словосполучення"
                    ),
                )
                .at_opt(positions.value(&i.to_string()))
                .hint(tr!(
                    "write the words that mean the same in one list: - [пенсіонер, люди старшого віку] (forms of one word, like «пенсіонер» and «пенсіонера», are found anyway)",
                    "запишіть слова, що означають одне, в один список: - [пенсіонер, люди старшого віку] (форми одного слова, як «пенсіонер» і «пенсіонера», пошук і так знаходить)"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_groups_of_distinct_terms() {
        let s = Synonyms::new(DEFAULT.iter().map(|g| g.to_vec()));
        assert!(s.groups.len() >= 20, "{}", s.groups.len());
        let seniors = s
            .groups
            .iter()
            .find(|g| g.contains(&key("пенсіонерів")))
            .unwrap();
        assert!(seniors.contains(&key("Люди старшого віку")));
        assert!(seniors.contains(&"старш вік".to_string()));
        for g in &s.groups {
            assert!(g.iter().all(|k| !k.is_empty() && !k.starts_with(' ')));
        }
    }

    #[test]
    fn groups_that_share_a_word_are_one() {
        let s = Synonyms::new([vec!["а1", "б1"], vec!["в1", "г1"], vec!["Б1", "д1"]]);
        assert_eq!(s.groups, [vec!["а1", "б1", "д1"], vec!["в1", "г1"]]);
    }

    #[test]
    fn phrases_are_found_in_a_text_in_order() {
        let s = Synonyms::new(DEFAULT.iter().map(|g| g.to_vec()));
        let m = s.matcher();
        let found = |text: &str| {
            m.groups_in(&crate::search::terms(text))
                .into_iter()
                .map(|g| m.members(g)[0].clone())
                .collect::<Vec<_>>()
        };
        let seniors = found("Зустріч для людей старшого віку");
        assert_eq!(seniors.len(), 1);
        assert!(
            m.members(
                m.groups_in(&crate::search::terms("пенсіонерів"))
                    .into_iter()
                    .next()
                    .unwrap()
            )
            .contains(&"старш вік".to_string())
        );
        // The words apart, or in another order, are not the phrase.
        assert!(found("віку старшого").is_empty());
        assert!(found("старшого брата віку").is_empty());
        assert_eq!(found("Оплатіть комуналку онлайн").len(), 2);
    }

    #[test]
    fn a_sites_file_is_checked_where_it_is_wrong() {
        let file = SourceFile {
            path: SYNONYMS_FILE.into(),
            text: "- [Кропивницький, Кіровоград]\n- [самотнє]\n- [ЦНАП, \"…\"]\n".into(),
        };
        let (s, diags) = parse(Some(&file));
        let codes: Vec<(&str, usize)> = diags
            .iter()
            .map(|d| (d.code, d.location.map_or(0, |l| l.line)))
            .collect();
        // «…» has nothing to find, and leaves its group with one word.
        assert_eq!(codes, [("E0311", 2), ("E0312", 3), ("E0311", 3)]);
        let kr = s
            .groups
            .iter()
            .find(|g| g.contains(&key("Кропивницький")))
            .unwrap();
        assert!(kr.contains(&key("Кіровоград")));
        // The site's «ЦНАП» joined the built-in group.
        assert!(
            s.groups
                .iter()
                .any(|g| g.contains(&key("ЦНАП")) && g.contains(&key("адмінпослуги")))
        );
    }
}
