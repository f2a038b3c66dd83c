//! Checks of single values editors write (in registries and settings): phone numbers, web
//! addresses, e-mail, coordinates. Each returns what is wrong and a hint, or nothing. A leaf:
//! it uses no stage of the pipeline.

use crate::i18n::Msg;

/// What is wrong with a value, and a hint.
pub type Problem = (Msg, Msg);

/// Ukraine's bounding box (lon, lat), with a little margin.
pub const UKRAINE_LON: (f64, f64) = (22.0, 40.3);
pub const UKRAINE_LAT: (f64, f64) = (44.3, 52.4);

fn within(v: f64, (lo, hi): (f64, f64)) -> bool {
    v >= lo && v <= hi
}

/// `Ok(canonical)` for a Ukrainian number in the +380 format (spaces, hyphens and brackets
/// allowed between digits): "+380 52 222-33-44" → "+380522223344".
pub fn phone(text: &str) -> Result<String, Problem> {
    let t = text.trim();
    if t.chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')')))
    {
        return Err((
            tr!("«{t}» is not a phone number", "«{t}» — не номер телефону"),
            tr!(
                "write only digits, spaces and hyphens, like \"+380 52 222 33 44\"",
                "пишіть лише цифри, пробіли й дефіси, наприклад \"+380 52 222 33 44\""
            ),
        ));
    }
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    let hint = |d: &str| {
        let suggestion = match d.len() {
            10 if d.starts_with('0') => {
                tr!(" — did you mean \"+38{d}\"?", " — можливо, \"+38{d}\"?").into_string()
            }
            12 if d.starts_with("380") => {
                tr!(" — did you mean \"+{d}\"?", " — можливо, \"+{d}\"?").into_string()
            }
            _ => String::new(),
        };
        tr!(
            "write the number with the country code, like \"+380 52 222 33 44\"{suggestion}",
            "напишіть номер із кодом країни, наприклад \"+380 52 222 33 44\"{suggestion}"
        )
    };
    if !t.starts_with('+') || !digits.starts_with("380") || digits.len() != 12 {
        return Err((
            tr!(
                "«{t}» is not a phone number in the +380 format",
                "«{t}» — не номер телефону у форматі +380"
            ),
            hint(&digits),
        ));
    }
    Ok(format!("+{digits}"))
}

/// A web address residents can open: http(s), a host, no spaces.
pub fn url(text: &str) -> Result<(), Problem> {
    let t = text.trim();
    let rest = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"));
    let ok = rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
    }) && !t.contains(char::is_whitespace);
    if ok {
        Ok(())
    } else {
        Err((
            tr!("«{t}» is not a web address", "«{t}» — не вебадреса"),
            tr!(
                "write the full address, starting with https://, like \"https://diia.gov.ua/\"",
                "напишіть повну адресу, що починається з https://, наприклад \"https://diia.gov.ua/\""
            ),
        ))
    }
}

pub fn email(text: &str) -> Result<(), Problem> {
    let t = text.trim();
    let ok = match t.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !t.contains(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err((
            tr!(
                "«{t}» is not an e-mail address",
                "«{t}» — не адреса електронної пошти"
            ),
            tr!(
                "write it like \"biblioteka@example.ua\"",
                "напишіть так: \"biblioteka@example.ua\""
            ),
        ))
    }
}

/// Coordinates inside Ukraine, as `(lon, lat)`, and whether they were written latitude
/// first: inside Ukraine the two ranges do not overlap, so the order is never in doubt.
pub fn location(v: &[f64]) -> Result<((f64, f64), bool), Problem> {
    let [lon, lat] = v else {
        return Err((
            tr!(
                "a location is two numbers, not {}",
                "розташування — це два числа, а не {}",
                v.len()
            ),
            tr!(
                "write [longitude, latitude], like [32.2623, 48.5079]",
                "напишіть [довгота, широта], наприклад [32.2623, 48.5079]"
            ),
        ));
    };
    let (lon, lat) = (*lon, *lat);
    if within(lon, UKRAINE_LON) && within(lat, UKRAINE_LAT) {
        return Ok(((lon, lat), false));
    }
    if within(lat, UKRAINE_LON) && within(lon, UKRAINE_LAT) {
        return Ok(((lat, lon), true));
    }
    Err((
        tr!(
            "[{lon}, {lat}] is outside Ukraine",
            "[{lon}, {lat}] — за межами України"
        ),
        tr!(
            "write [longitude, latitude] in degrees, like [32.2623, 48.5079]; copy them from a map",
            "напишіть [довгота, широта] у градусах, наприклад [32.2623, 48.5079]; скопіюйте їх із карти"
        ),
    ))
}

/// The numbers of coordinates written as text, as a map gives them when copied
/// ("48.3185, 31.5206", "48.3185 31.5206"); anything else in the text is a problem.
pub fn coordinates_text(text: &str) -> Result<Vec<f64>, Problem> {
    let numbers: Option<Vec<f64>> = text
        .split([',', ' ', ';'])
        .filter(|w| !w.is_empty())
        .map(|w| w.parse::<f64>().ok().filter(|v| v.is_finite()))
        .collect();
    numbers.filter(|n| n.len() == 2).ok_or_else(|| {
        (
            tr!(
                "«{text}» is not a pair of coordinates",
                "«{text}» — не пара координат"
            ),
            tr!(
                "write [longitude, latitude], like [32.2623, 48.5079]",
                "напишіть [довгота, широта], наприклад [32.2623, 48.5079]"
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(phone("+380 52 222-33-44").unwrap(), "+380522223344");
        assert_eq!(phone("+38 (052) 222 33 44").unwrap(), "+380522223344");
        let (_, hint) = phone("052 222 33 44").unwrap_err();
        assert!(
            hint.as_str().contains("можливо, \"+380522223344\""),
            "{hint}"
        );
        assert!(phone("+380 52 222 33").is_err());
        assert!(phone("тел. 22-33-44").is_err());
    }

    #[test]
    fn urls_and_emails() {
        assert!(url("https://diia.gov.ua/").is_ok());
        assert!(url("http://lib.example.ua/path?x=1").is_ok());
        assert!(url("diia.gov.ua").is_err());
        assert!(url("https://").is_err());
        assert!(url("https://a b.ua").is_err());
        assert!(email("lib@example.ua").is_ok());
        assert!(email("lib@example").is_err());
        assert!(email("lib.example.ua").is_err());
    }

    #[test]
    fn coordinates() {
        assert_eq!(location(&[32.26, 48.51]).unwrap(), ((32.26, 48.51), false));
        assert_eq!(location(&[48.51, 32.26]).unwrap(), ((32.26, 48.51), true));
        assert!(
            location(&[2.35, 48.85])
                .unwrap_err()
                .0
                .as_str()
                .contains("за межами України")
        );
        assert!(location(&[32.0]).is_err());
        assert_eq!(
            coordinates_text("48.3185, 31.5206").unwrap(),
            [48.3185, 31.5206]
        );
        assert_eq!(coordinates_text(" 48.3 31.5 ").unwrap(), [48.3, 31.5]);
        assert!(coordinates_text("48.3185").is_err());
        assert!(coordinates_text("пн 48.3, 31.5").is_err());
        assert!(coordinates_text("NaN, 31.5").is_err());
    }
}
