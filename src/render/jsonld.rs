//! Structured data (schema.org JSON-LD): `HowTo` with the numbered steps for instructions,
//! `WebSite` and `GovernmentOrganization` for the home page.

use serde_json::{Value, json};

use crate::model::{Page, PageKind, Site};

/// JSON that is safe inside `<script type="application/ld+json">`.
fn script_safe(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn organization(site: &Site) -> Value {
    let c = &site.config;
    let mut contact = json!({
        "@type": "ContactPoint",
        "telephone": c.hotline.phone,
        "contactType": "hotline",
        "availableLanguage": c.language,
    });
    if !c.hotline.hours.is_empty() {
        contact["hoursAvailable"] = json!(c.hotline.hours);
    }
    if let Some(e) = &c.hotline.email {
        contact["email"] = json!(e);
    }
    json!({
        "@type": "GovernmentOrganization",
        "@id": format!("{}#organization", c.base_url),
        "name": c.hromada,
        "url": c.base_url,
        "telephone": c.hotline.phone,
        "contactPoint": contact,
    })
}

pub fn for_page(site: &Site, p: &Page) -> String {
    let c = &site.config;
    let url = site.permalink(&p.path);
    let v = if p.is_home() {
        json!({
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "WebSite",
                    "@id": format!("{}#website", c.base_url),
                    "name": c.title,
                    "description": c.description,
                    "url": c.base_url,
                    "inLanguage": c.language,
                    "publisher": {"@id": format!("{}#organization", c.base_url)},
                },
                organization(site),
            ]
        })
    } else if p.kind == PageKind::Instruction {
        let steps: Vec<Value> = p
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                json!({
                    "@type": "HowToStep",
                    "position": i + 1,
                    "text": s,
                    "url": format!("{url}#krok-{}", i + 1),
                })
            })
            .collect();
        let mut v = json!({
            "@context": "https://schema.org",
            "@type": "HowTo",
            "name": p.title,
            "description": p.summary,
            "url": url,
            "inLanguage": c.language,
            "step": steps,
            "publisher": organization(site),
        });
        if let Some(d) = p.duration {
            v["totalTime"] = json!(format!("PT{d}M"));
        }
        if let Some(r) = p.reviewed {
            v["dateModified"] = json!(r.to_string());
        }
        if let Some(s) = p.service.as_deref().and_then(|k| site.service(k)) {
            v["about"] = json!({
                "@type": "GovernmentService",
                "name": s.name,
                "url": s.url,
                "provider": {"@type": "GovernmentOrganization", "name": s.operator},
            });
        }
        if !p.audience.is_empty() {
            let labels: Vec<String> = p
                .audience
                .iter()
                .map(|a| super::context::term(site, "audience", a).label)
                .collect();
            v["audience"] = json!({"@type": "Audience", "audienceType": labels.join(", ")});
        }
        if let Some(l) = &p.level {
            v["educationalLevel"] = json!(super::context::term(site, "level", l).label);
        }
        v
    } else {
        json!({
            "@context": "https://schema.org",
            "@type": if p.kind == PageKind::Section { "CollectionPage" } else { "WebPage" },
            "name": p.title,
            "description": p.summary,
            "url": url,
            "inLanguage": c.language,
        })
    };
    script_safe(&v)
}
