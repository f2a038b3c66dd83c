//! The periods a plan reports on: half-years (`2026-H2`), the way the responsible bodies
//! report, or any span of days.

use jiff::civil::{Date, date};

/// A span of days, both ends included, with the name it is reported under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// `2026-H2`, or `2026-07-01 — 2026-09-30`.
    pub label: String,
    pub from: Date,
    pub to: Date,
}

impl Period {
    /// A half-year written as `2026-H1` or `2026-H2`.
    pub fn half_year(text: &str) -> Option<Period> {
        let (year, half) = text.trim().split_once("-H")?;
        if year.len() != 4 {
            return None;
        }
        let year: i16 = year.parse().ok()?;
        let (from, to) = match half {
            "1" => (date(year, 1, 1), date(year, 6, 30)),
            "2" => (date(year, 7, 1), date(year, 12, 31)),
            _ => return None,
        };
        (1900..=2999).contains(&year).then(|| Period {
            label: format!("{year}-H{half}"),
            from,
            to,
        })
    }

    /// The days `from..=to`.
    pub fn span(from: Date, to: Date) -> Period {
        Period {
            label: format!("{from} — {to}"),
            from,
            to,
        }
    }

    /// Whether `other` lies wholly inside this period.
    pub fn holds(&self, other: &Period) -> bool {
        self.from <= other.from && other.to <= self.to
    }

    pub fn contains(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_years_are_read_and_other_text_is_not() {
        let h2 = Period::half_year("2026-H2").unwrap();
        assert_eq!((h2.from, h2.to), (date(2026, 7, 1), date(2026, 12, 31)));
        let h1 = Period::half_year("2027-H1").unwrap();
        assert_eq!((h1.from, h1.to), (date(2027, 1, 1), date(2027, 6, 30)));
        for bad in ["2026-H3", "2026", "26-H1", "2026-h1", "H1-2026", "2026-H"] {
            assert_eq!(Period::half_year(bad), None, "{bad}");
        }
        assert!(Period::span(date(2026, 1, 1), date(2026, 12, 31)).holds(&h2));
        assert!(!h2.holds(&h1));
    }
}
