//! The site's colours: `[colors]` and `[colors.dark]` in `site.toml` over the default theme's,
//! the colours derived from them (surfaces, muted text, borders), and the WCAG 2.1 contrast
//! checks that make a low-contrast choice an error naming the setting.

use serde::Deserialize;
use toml::Spanned;

use crate::i18n::Msg;

/// A colour in sRGB, 8 bits per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rgb` or `#rrggbb` (any case).
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.trim().strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize, len: usize| {
            let v = u8::from_str_radix(&hex[i * len..(i + 1) * len], 16).ok()?;
            Some(if len == 1 { v * 17 } else { v })
        };
        let len = match hex.len() {
            3 => 1,
            6 => 2,
            _ => return None,
        };
        Some(Rgb(channel(0, len)?, channel(1, len)?, channel(2, len)?))
    }

    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance (WCAG 2.1).
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// Contrast ratio with another colour (1 to 21).
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }

    /// `share` of `other` mixed into this colour, channel by channel in sRGB (what CSS
    /// `color-mix(in srgb, …)` does).
    pub fn mix(self, other: Rgb, share: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) * (1.0 - share) + f64::from(b) * share).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

pub const WHITE: Rgb = Rgb(255, 255, 255);
pub const BLACK: Rgb = Rgb(0, 0, 0);

/// WCAG 2.1 AA for normal text.
pub const AA: f64 = 4.5;
/// WCAG 2.1 AAA for normal text (the theme's body text).
pub const AAA: f64 = 7.0;

/// The colours a hromada may set, for one colour scheme.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScheme {
    pub text: Option<Spanned<String>>,
    pub background: Option<Spanned<String>>,
    pub accent: Option<Spanned<String>>,
}

/// `[colors]` (the light scheme) with `[colors.dark]` inside it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawColors {
    pub text: Option<Spanned<String>>,
    pub background: Option<Spanned<String>>,
    pub accent: Option<Spanned<String>>,
    #[serde(default)]
    pub dark: RawScheme,
}

/// One colour scheme with everything derived from its three colours.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Scheme {
    pub text: Rgb,
    pub background: Rgb,
    pub accent: Rgb,
}

impl serde::Serialize for Rgb {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.hex())
    }
}

/// The default theme's schemes.
pub const LIGHT: Scheme = Scheme {
    text: Rgb(0x1b, 0x1b, 0x1b),
    background: Rgb(0xff, 0xff, 0xff),
    accent: Rgb(0x0a, 0x4f, 0x8f),
};
pub const DARK: Scheme = Scheme {
    text: Rgb(0xf2, 0xf2, 0xf2),
    background: Rgb(0x12, 0x14, 0x17),
    accent: Rgb(0x8c, 0xc4, 0xff),
};

impl Scheme {
    /// Cards, fact boxes and the footer: the background with a little of the text colour.
    pub fn surface(&self) -> Rgb {
        self.background.mix(self.text, 0.06)
    }
    /// Secondary text (dates, counts): the text colour softened towards the background, as
    /// far as it stays readable on cards.
    pub fn muted(&self) -> Rgb {
        let surface = self.surface();
        [0.22, 0.15, 0.08]
            .iter()
            .map(|&share| self.text.mix(self.background, share))
            .find(|c| c.contrast(surface) >= AA)
            .unwrap_or(self.text)
    }
    /// Borders of cards and tables.
    pub fn border(&self) -> Rgb {
        self.text.mix(self.background, 0.45)
    }
    /// Text on the accent colour (header, buttons): black or white, whichever reads better.
    pub fn on_accent(&self) -> Rgb {
        if self.accent.contrast(WHITE) >= self.accent.contrast(BLACK) {
            WHITE
        } else {
            BLACK
        }
    }
    /// The demo banner and notices: the background tinted amber.
    pub fn warn_background(&self) -> Rgb {
        self.background.mix(Rgb(0xff, 0xbf, 0x1f), 0.18)
    }

    /// The custom properties the theme's CSS reads.
    pub fn css_properties(&self) -> String {
        [
            ("text", self.text),
            ("bg", self.background),
            ("accent", self.accent),
            ("accent-text", self.on_accent()),
            ("surface", self.surface()),
            ("muted", self.muted()),
            ("border", self.border()),
            ("warn-bg", self.warn_background()),
        ]
        .iter()
        .map(|(k, c)| format!("--{k}:{};", c.hex()))
        .collect()
    }

    /// Pairs that must reach AA: (what, foreground, background, needed).
    fn pairs(&self) -> [(&'static str, Rgb, Rgb, f64); 5] {
        [
            ("text on the background", self.text, self.background, AA),
            ("links on the background", self.accent, self.background, AA),
            ("links on cards", self.accent, self.surface(), AA),
            ("secondary text on cards", self.muted(), self.surface(), AA),
            ("text on notices", self.text, self.warn_background(), AA),
        ]
    }
}

/// The site's two colour schemes.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Colors {
    pub light: Scheme,
    pub dark: Scheme,
}

impl Default for Colors {
    fn default() -> Self {
        Colors {
            light: LIGHT,
            dark: DARK,
        }
    }
}

impl Colors {
    /// The palette as CSS: light by default, dark when the reader's system asks for it.
    pub fn css(&self) -> String {
        format!(
            ":root{{{}}}@media (prefers-color-scheme:dark){{:root{{{}}}}}",
            self.light.css_properties(),
            self.dark.css_properties()
        )
    }
}

/// A problem with a colour setting: the setting's name, its span in `site.toml`, the
/// message, the hint, and whether it stops the build.
#[derive(Debug)]
pub struct Problem {
    pub setting: String,
    pub span: std::ops::Range<usize>,
    pub message: Msg,
    pub hint: Msg,
    pub error: bool,
}

/// A pair's name in the run's language.
fn pair_name(what: &str) -> Msg {
    match what {
        "text on the background" => tr!("text on the background", "тексту на тлі"),
        "links on the background" => tr!("links on the background", "посиланням на тлі"),
        "links on cards" => tr!("links on cards", "посиланням на картках"),
        "secondary text on cards" => {
            tr!("secondary text on cards", "допоміжному тексту на картках")
        }
        "text on notices" => tr!("text on notices", "тексту в оголошеннях"),
        other => Msg::verbatim(other),
    }
}

/// Resolves `[colors]` over the defaults and checks every pair the theme puts together.
pub fn resolve(raw: &RawColors) -> (Colors, Vec<Problem>) {
    let mut problems = Vec::new();
    let own = RawScheme {
        text: raw.text.clone(),
        background: raw.background.clone(),
        accent: raw.accent.clone(),
    };
    let light = scheme(&own, LIGHT, "colors", &mut problems);
    let dark = scheme(&raw.dark, DARK, "colors.dark", &mut problems);
    (Colors { light, dark }, problems)
}

fn scheme(raw: &RawScheme, default: Scheme, table: &str, problems: &mut Vec<Problem>) -> Scheme {
    let mut read = |field: &Option<Spanned<String>>, name: &str, default: Rgb| match field {
        None => default,
        Some(v) => Rgb::parse(v.get_ref()).unwrap_or_else(|| {
            problems.push(Problem {
                setting: format!("{table}.{name}"),
                span: v.span(),
                message: tr!(
                    "{table}.{name} is not a colour: `{}`",
                    "{table}.{name} — не колір: `{}`",
                    v.get_ref()
                ),
                hint: tr!(
                    "write it as a hex colour, for example \"#0a4f8f\"",
                    "запишіть колір у шістнадцятковому вигляді, наприклад \"#0a4f8f\""
                ),
                error: true,
            });
            default
        }),
    };
    let s = Scheme {
        text: read(&raw.text, "text", default.text),
        background: read(&raw.background, "background", default.background),
        accent: read(&raw.accent, "accent", default.accent),
    };
    // Name the setting the site set: the accent when it is involved and set, else the
    // other colour of the pair that the site set.
    let set = |name: &str| match name {
        "text" => raw.text.as_ref(),
        "background" => raw.background.as_ref(),
        _ => raw.accent.as_ref(),
    };
    for (what, fg, bg, needed) in s.pairs() {
        let ratio = fg.contrast(bg);
        let culprits: &[&str] = if what.starts_with("links") {
            &["accent", "background", "text"]
        } else {
            &["text", "background"]
        };
        let Some((name, value)) = culprits.iter().find_map(|n| set(n).map(|v| (*n, v))) else {
            continue;
        };
        let reported = |problems: &Vec<Problem>, setting: &str| {
            problems.iter().any(|p| p.error && p.setting == setting)
        };
        if ratio < needed && !reported(problems, &format!("{table}.{name}")) {
            problems.push(Problem {
                setting: format!("{table}.{name}"),
                span: value.span(),
                message: tr!(
                    "{table}.{name} gives {what} a contrast of {ratio:.2}:1; WCAG 2.1 AA needs {needed}:1",
                    "{table}.{name} дає {what} контраст {ratio:.2}:1; WCAG 2.1 AA вимагає {needed}:1",
                    what = pair_name(what)
                ),
                hint: tr!(
                    "choose a {} colour (text {}, background {}, accent {})",
                    "виберіть {} колір (текст {}, тло {}, акцент {})",
                    if name == "background" {
                        tr!("lighter or darker", "світліший або темніший")
                    } else {
                        tr!("darker or lighter", "темніший або світліший")
                    },
                    s.text.hex(),
                    s.background.hex(),
                    s.accent.hex()
                ),
                error: true,
            });
        } else if what == "text on the background" && ratio < AAA {
            problems.push(Problem {
                setting: format!("{table}.{name}"),
                span: value.span(),
                message: tr!(
                    "{table}.{name} gives body text a contrast of {ratio:.2}:1; the theme aims at {AAA}:1 (WCAG AAA)",
                    "{table}.{name} дає основному тексту контраст {ratio:.2}:1; тема розрахована на {AAA}:1 (WCAG AAA)"
                ),
                hint: tr!(
                    "older readers need strong contrast; choose a darker text or a lighter background",
                    "людям старшого віку потрібен сильний контраст; виберіть темніший текст або світліше тло"
                ),
                error: false,
            });
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex_colours() {
        assert_eq!(Rgb::parse("#0a4F8f"), Some(Rgb(10, 79, 143)));
        assert_eq!(Rgb::parse("#fff"), Some(WHITE));
        assert_eq!(Rgb::parse("0a4f8f"), None);
        assert_eq!(Rgb::parse("#0a4f8"), None);
        assert_eq!(Rgb::parse("#ggg"), None);
    }

    #[test]
    fn contrast_matches_wcag_examples() {
        assert!((BLACK.contrast(WHITE) - 21.0).abs() < 1e-9);
        assert!((WHITE.contrast(WHITE) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1.
        let grey = Rgb::parse("#767676").unwrap();
        assert!((grey.contrast(WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn default_schemes_pass_every_pair() {
        let (c, problems) = resolve(&RawColors::default());
        assert!(problems.is_empty());
        for s in [c.light, c.dark] {
            for (what, fg, bg, needed) in s.pairs() {
                assert!(fg.contrast(bg) >= needed, "{what}");
            }
            assert!(s.text.contrast(s.background) >= AAA);
            assert!(s.accent.contrast(s.on_accent()) >= AA);
        }
    }

    #[test]
    fn a_pale_accent_is_an_error_naming_it() {
        let raw: RawColors = toml::from_str("accent = \"#ffcc00\"\n[dark]\n").unwrap();
        let (_, problems) = resolve(&raw);
        assert!(
            problems
                .iter()
                .any(|p| p.error && p.setting == "colors.accent")
        );
    }

    #[test]
    fn grey_text_is_a_warning_below_aaa() {
        let raw: RawColors = toml::from_str("text = \"#666666\"").unwrap();
        let (_, problems) = resolve(&raw);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(!problems[0].error);
        assert_eq!(problems[0].setting, "colors.text");
    }
}
