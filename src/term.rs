//! A key an editor wrote (`library`, `seniors`, `diia`) resolved once, in the model, to the
//! label residents read. Renderers show `label` and use `key` in addresses and filters; none
//! looks a key up in a vocabulary again. A leaf module.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Term {
    pub key: String,
    pub label: String,
}

impl Term {
    /// `key` with its label from `vocabulary` (the key itself when the vocabulary has none:
    /// the model reports unknown keys as errors, so a built site never shows one).
    pub fn resolve(key: &str, vocabulary: &BTreeMap<String, String>) -> Term {
        Term {
            key: key.to_string(),
            label: vocabulary
                .get(key)
                .cloned()
                .unwrap_or_else(|| key.to_string()),
        }
    }

    /// Every key of `keys`, resolved.
    pub fn all(keys: &[String], vocabulary: &BTreeMap<String, String>) -> Vec<Term> {
        keys.iter().map(|k| Term::resolve(k, vocabulary)).collect()
    }

    /// The keys of `terms`, as written.
    pub fn keys(terms: &[Term]) -> Vec<&str> {
        terms.iter().map(|t| t.key.as_str()).collect()
    }

    /// The keys of `terms` joined by `sep` (`wifi;computers`).
    pub fn join_keys(terms: &[Term], sep: &str) -> String {
        Term::keys(terms).join(sep)
    }
}

impl std::fmt::Display for Term {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// What an event is about: an e-service (its name as the label) or a competence area.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Topic {
    Service(Term),
    Competence(Term),
}

impl Topic {
    pub fn key(&self) -> &str {
        &self.term().key
    }

    /// The keys of `topics`, as written.
    pub fn keys(topics: &[Topic]) -> Vec<&str> {
        topics.iter().map(Topic::key).collect()
    }

    pub fn term(&self) -> &Term {
        match self {
            Topic::Service(t) | Topic::Competence(t) => t,
        }
    }
}
