//! `data/services.yaml`: the catalogue of e-services the instructions teach, each key once,
//! each with its official web address.

use std::collections::BTreeMap;
use std::path::Path;

use super::records::Service;
use crate::diag::{Diagnostic, Diagnostics};
use crate::source::SourceFile;
use crate::yaml::{self, Positions};

/// Where the catalogue is kept, relative to the site root.
pub const SERVICES_FILE: &str = "data/services.yaml";

/// The services of `file` (none without one), with every problem of the catalogue.
pub fn parse(file: Option<&SourceFile>) -> (Vec<Service>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let Some(file) = file else {
        return (Vec::new(), diags);
    };
    match yaml::parse::<Vec<Service>>(&file.text, Path::new(SERVICES_FILE), 0) {
        Ok((services, positions)) => {
            check(&services, &positions, &mut diags);
            (services, diags)
        }
        Err(d) => {
            diags.push(d);
            (Vec::new(), diags)
        }
    }
}

/// Each key once, a slug; each address a web address.
fn check(services: &[Service], positions: &Positions, diags: &mut Diagnostics) {
    let path = Path::new(SERVICES_FILE);
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, s) in services.iter().enumerate() {
        if let Some(first) = seen.insert(&s.key, i) {
            diags.push(
                Diagnostic::error(
                    "E0301",
                    path,
                    tr!(
                        "service key `{}` is used twice",
                        "ключ послуги `{}` використано двічі",
                        s.key
                    ),
                )
                .at_opt(positions.value(&format!("{i}.key")))
                .related(
                    path,
                    positions.value(&format!("{first}.key")),
                    tr!("first used here", "уперше використано тут"),
                )
                .hint(tr!(
                    "every service needs its own key; rename one of them",
                    "кожній послузі потрібен свій ключ; перейменуйте одну з них"
                )),
            );
        }
        if !s.url.starts_with("https://") && !s.url.starts_with("http://") {
            diags.push(
                Diagnostic::error(
                    "E0302",
                    path,
                    tr!(
                        "the address of service `{}` is not a web address",
                        "адреса послуги `{}` — не вебадреса",
                        s.key
                    ),
                )
                .at_opt(positions.value(&format!("{i}.url")))
                .hint(tr!(
                    "write the full official address, starting with https://",
                    "напишіть повну офіційну адресу, що починається з https://"
                )),
            );
        }
        if !crate::slug::is_slug(&s.key) {
            diags.push(
                Diagnostic::error(
                    "E0303",
                    path,
                    tr!(
                        "service key `{}` may use only small Latin letters, digits and hyphens",
                        "у ключі послуги `{}` можуть бути лише малі латинські літери, цифри й дефіси",
                        s.key
                    ),
                )
                .at_opt(positions.value(&format!("{i}.key")))
                .hint(tr!(
                    "for example `{}`",
                    "наприклад `{}`",
                    crate::slug::slugify(&s.key)
                )),
            );
        }
    }
}
