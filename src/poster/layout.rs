//! Text in a poster's box: words wrapped to the box's width and the size lowered step by
//! step, down to a floor, until the text fits in the allowed lines. Nothing is cut: text that
//! cannot fit at the floor keeps all its lines (and the poster gets a warning).

use serde::Serialize;

/// A text laid out for a box.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Fit {
    pub lines: Vec<String>,
    pub size: f64,
    /// Distance between baselines.
    pub leading: f64,
    /// Height of all lines (first baseline to last, plus the first line's ascent).
    pub height: f64,
    /// The widest line, for tests and templates that centre a block.
    pub width: f64,
    pub fits: bool,
}

/// Lines of at most `width`, breaking at spaces; a word wider than the box is broken between
/// letters (a long web address), as a last resort.
pub fn wrap(text: &str, width: f64, measure: &dyn Fn(&str) -> f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(&candidate) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if measure(word) <= width {
            line = word.to_string();
            continue;
        }
        for c in word.chars() {
            let mut next = line.clone();
            next.push(c);
            if !line.is_empty() && measure(&next) > width {
                lines.push(std::mem::take(&mut line));
                line.push(c);
            } else {
                line = next;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Fits `text` into `max_lines` lines of `width`, at `size` or smaller down to `min_size`
/// (half a unit at a time). `measure(text, size)` is the width of a text at a size.
pub fn fit(
    text: &str,
    width: f64,
    max_lines: usize,
    size: f64,
    min_size: f64,
    measure: &dyn Fn(&str, f64) -> f64,
) -> Fit {
    let min_size = min_size.min(size);
    let mut s = size;
    loop {
        let lines = wrap(text, width, &|t| measure(t, s));
        let fits =
            lines.len() <= max_lines.max(1) && lines.iter().all(|l| measure(l, s) <= width + 1e-9);
        if fits || s - 0.5 < min_size - 1e-9 {
            let leading = (s * 1.2 * 10.0).round() / 10.0;
            let widest = lines.iter().map(|l| measure(l, s)).fold(0.0, f64::max);
            return Fit {
                height: s * 0.95 + leading * (lines.len().max(1) - 1) as f64,
                lines,
                size: s,
                leading,
                width: widest,
                fits,
            };
        }
        s -= 0.5;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character half the size wide.
    fn mono(t: &str, s: f64) -> f64 {
        t.chars().count() as f64 * s * 0.5
    }

    #[test]
    fn wraps_at_words_and_shrinks_to_fit() {
        let f = fit(
            "Цифрограм для людей старшого віку",
            80.0,
            2,
            10.0,
            6.0,
            &mono,
        );
        assert!(f.fits);
        assert_eq!(f.lines.len(), 2);
        assert!(f.size < 10.0);
        assert!(f.lines.iter().all(|l| mono(l, f.size) <= 80.0));
        assert_eq!(f.size, 8.0);
        assert_eq!(f.lines.join(" "), "Цифрограм для людей старшого віку");
        // A short title keeps its size.
        let f = fit("Дія", 100.0, 2, 10.0, 6.0, &mono);
        assert_eq!((f.size, f.lines.len()), (10.0, 1));
    }

    #[test]
    fn text_that_cannot_fit_keeps_every_word() {
        let long = "дуже ".repeat(40);
        let f = fit(&long, 100.0, 3, 10.0, 8.0, &mono);
        assert!(!f.fits);
        assert_eq!(f.size, 8.0);
        assert_eq!(f.lines.join(" "), long.trim());
        // A word wider than the box is broken between letters, not cut.
        let lines = wrap("https://diia.gov.ua/services/dovidka", 60.0, &|t| {
            mono(t, 10.0)
        });
        assert_eq!(lines.concat(), "https://diia.gov.ua/services/dovidka");
        assert!(lines.iter().all(|l| mono(l, 10.0) <= 60.0));
    }
}
