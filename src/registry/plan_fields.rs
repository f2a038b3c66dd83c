//! The fields the plan's indicators read from the registries: an event's `participants`
//! (written after it was held) and a venue's `opened` date, checked at their positions.

use jiff::civil::Date;

use super::model::Participants;
use super::record_check::{At, Known};
use super::records::EventRecord;
use crate::config::Config;
use crate::term::Term;

/// The participants of an event: whole numbers, audiences the site knows, and no more
/// people by audience than in all (E0640, E0620).
pub(super) fn participants(
    at: &mut At,
    r: &EventRecord,
    config: &Config,
    audiences: &Known,
) -> Option<Participants> {
    let p = r.participants.as_ref()?;
    let mut ok = count(at, "participants.total", p.total);
    let labels = config
        .taxonomy("audience")
        .map(|t| t.terms.clone())
        .unwrap_or_default();
    let mut by_audience = Vec::new();
    for (key, &n) in &p.by_audience {
        let field = format!("participants.by_audience.{key}");
        at.key_in("E0620", &field, key, audiences);
        ok &= count(at, &field, n) && audiences.keys.contains(&key.as_str());
        by_audience.push((Term::resolve(key, &labels), n.max(0).unsigned_abs()));
    }
    let sum: u64 = by_audience.iter().map(|(_, n)| n).sum();
    if ok && sum > p.total.unsigned_abs() {
        at.error(
            "E0640",
            "participants.by_audience",
            tr!(
                "{sum} participants by audience, but {} in all",
                "за аудиторіями {sum} учасників, а всього {}",
                p.total
            ),
            tr!(
                "a person counts in one audience at most: check the numbers, or raise total",
                "кожна людина — щонайбільше в одній аудиторії: перевірте числа або збільшіть total"
            ),
        );
        ok = false;
    }
    ok.then(|| Participants {
        total: p.total.unsigned_abs(),
        by_audience,
    })
}

/// A count of people is 0 or more (E0640).
fn count(at: &mut At, field: &str, n: i64) -> bool {
    if n >= 0 {
        return true;
    }
    at.error(
        "E0640",
        field,
        tr!("{n} is not a number of people", "{n} — не кількість людей"),
        tr!(
            "write how many took part: a whole number, 0 or more",
            "напишіть, скільки людей узяли участь: ціле число, 0 чи більше"
        ),
    );
    false
}

/// The date a venue opened (E0641).
pub(super) fn opened(at: &mut At, text: Option<&str>) -> Option<Date> {
    let text = text?;
    let date = crate::dates::parse(text);
    if date.is_none() {
        at.error(
            "E0641",
            "opened",
            tr!("«{text}» is not a date", "«{text}» — не дата"),
            tr!(
                "write the day the place opened as \"2026-09-01\" (year, month, day)",
                "напишіть день відкриття як \"2026-09-01\" (рік, місяць, день)"
            ),
        );
    }
    date
}
