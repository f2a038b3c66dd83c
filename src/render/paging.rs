//! Long lists split into pages of `per_page` items (site.toml): the list's own address is its
//! first page, then `storinka/2/` …; each page links the others (first, last, and the two
//! beside the current one) and tells browsers and search engines its neighbours.

use serde::Serialize;

use crate::model::Site;

/// How many pages a list of `len` items takes (an empty list is one page that says so).
pub fn count(len: usize, per_page: usize) -> usize {
    len.div_ceil(per_page.max(1)).max(1)
}

/// The items of page `n` (from 1).
pub fn slice<T>(items: &[T], n: usize, per_page: usize) -> &[T] {
    let start = (n.saturating_sub(1) * per_page).min(items.len());
    let end = (start + per_page).min(items.len());
    &items[start..end]
}

/// What a list's template needs to link a page to the others.
#[derive(Debug, Serialize)]
pub struct Paging {
    pub number: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The pages to link by number; `None` stands for a gap («…»).
    pub links: Vec<Option<PageLink>>,
}

#[derive(Debug, Serialize)]
pub struct PageLink {
    pub number: usize,
    /// «Сторінка 3», for screen readers.
    pub label: String,
    pub url: String,
    pub current: bool,
}

impl Paging {
    /// Page `n` of `total` of the list at `list` (its first page's path).
    pub fn new(site: &Site, list: &str, n: usize, total: usize) -> Paging {
        let url = |k: usize| site.url(&crate::urls::list_page(list, k));
        let mut links = Vec::new();
        let mut last = 0;
        for k in 1..=total {
            if k == 1 || k == total || k.abs_diff(n) <= 1 {
                if k > last + 1 {
                    links.push(None);
                }
                links.push(Some(PageLink {
                    number: k,
                    label: site
                        .theme
                        .strings
                        .page_number
                        .replace("{n}", &k.to_string()),
                    url: url(k),
                    current: k == n,
                }));
                last = k;
            }
        }
        Paging {
            number: n,
            total,
            prev: (n > 1).then(|| url(n - 1)),
            next: (n < total).then(|| url(n + 1)),
            links,
        }
    }

    /// The title of page `n`: the list's own on the first page, «…, сторінка 2 з 5» after.
    pub fn title(&self, site: &Site, title: &str) -> String {
        if self.number <= 1 {
            return title.to_string();
        }
        let of = site
            .theme
            .strings
            .list_page_of
            .replace("{n}", &self.number.to_string())
            .replace("{total}", &self.total.to_string());
        format!("{title}, {of}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_slices_cover_every_item_once() {
        assert_eq!(count(0, 40), 1);
        assert_eq!(count(40, 40), 1);
        assert_eq!(count(41, 40), 2);
        let items: Vec<usize> = (0..95).collect();
        let all: Vec<usize> = (1..=count(95, 40))
            .flat_map(|n| slice(&items, n, 40).to_vec())
            .collect();
        assert_eq!(all, items);
        assert!(slice(&items, 4, 40).is_empty());
    }
}
