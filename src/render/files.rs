//! Files copied as they are: the theme's and the site's `static/`, and the files that sit
//! beside pages under `content/`.

use super::{Content, Output, Renderer, Scope, Templates};
use crate::diag::Diagnostics;
use crate::model::Site;

pub struct Files;

impl Renderer for Files {
    fn name(&self) -> &'static str {
        "files"
    }

    fn render(&self, site: &Site, _: &Templates, _: &Scope, out: &mut Output) -> Diagnostics {
        let mut diags = Diagnostics::new();
        for (path, source) in &site.sources.static_files {
            if let Err(d) = out.insert(
                path.clone(),
                Content::Copy(site.sources.root.join(source)),
                source,
            ) {
                diags.push(d);
            }
        }
        for a in &site.sources.assets {
            if let Err(d) = out.insert(
                a.output.clone(),
                Content::Copy(site.sources.root.join(&a.source)),
                &a.source,
            ) {
                diags.push(d);
            }
        }
        diags
    }
}
