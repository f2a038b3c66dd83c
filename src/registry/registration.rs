//! Registration for an event: how to sign up (phone, address, note), how many places, and
//! when it closes — `registration.until` read and checked against the event's times, and the
//! warning for a note that names a date the site cannot read.

use jiff::civil::Date;

use super::model::{Deadline, Event};
use super::record_check::At;
use super::records::RegistrationRecord;
use super::time::{self, Occurrence};
use crate::diag::Diagnostics;

/// Registration, when given, has a working phone and address, says how to sign up (E0623),
/// closes at a date (E0629) and counts places in people (E0630). Its deadline, read.
pub(super) fn check_registration(
    at: &mut At,
    registration: Option<&RegistrationRecord>,
) -> Option<Deadline> {
    let reg = registration?;
    at.phone("registration.phone", reg.phone.as_deref());
    at.url("registration.url", reg.url.as_deref());
    if reg.phone.is_none() && reg.url.is_none() && reg.note.is_none() {
        let message = if reg == &RegistrationRecord::default() {
            tr!(
                "registration says nothing",
                "у registration нічого не сказано"
            )
        } else {
            tr!(
                "registration does not say how to sign up",
                "у registration не сказано, як записатися"
            )
        };
        at.error(
            "E0623",
            "registration",
            message,
            tr!(
                "add phone, url or note under it; when anyone can just come, say so: note: \"Не потрібна — просто приходьте\"",
                "додайте під ним phone, url або note; якщо можна просто прийти, так і напишіть: note: \"Не потрібна — просто приходьте\""
            ),
        );
    }
    if let Some(p) = reg.places
        && p < 1
    {
        let hint = if p == 0 {
            tr!(
                "when every place is taken, keep the number and write full: true",
                "коли всі місця зайняті, залиште число й напишіть full: true"
            )
        } else {
            tr!(
                "write how many people can take part, for example places: 10",
                "напишіть, скільки людей може взяти участь, наприклад places: 10"
            )
        };
        at.error(
            "E0630",
            "registration.places",
            tr!(
                "{p} places is not a number of people",
                "{p} місць — не кількість людей"
            ),
            hint,
        );
    }
    let text = reg.until.as_deref()?;
    let deadline = parse_deadline(text);
    if deadline.is_none() {
        at.error(
            "E0629",
            "registration.until",
            tr!(
                "«{text}» is not a date or a date and time",
                "«{text}» — не дата й не дата з часом"
            ),
            tr!(
                "write the last day to sign up, \"2026-11-27\" (to the end of that day), or the hour too, \"2026-11-27 18:00\" (Kyiv time)",
                "напишіть останній день запису, \"2026-11-27\" (до кінця дня), або й годину, \"2026-11-27 18:00\" (за київським часом)"
            ),
        );
    }
    deadline
}

/// `registration.until`: "2026-11-27" or "2026-11-27 18:00".
fn parse_deadline(text: &str) -> Option<Deadline> {
    if let Some(date) = crate::dates::parse(text) {
        return Some(Deadline { date, time: None });
    }
    let dt = time::parse_local(text)?;
    Some(Deadline {
        date: dt.date(),
        time: Some(dt.time()),
    })
}

/// Registration closes no later than the last time the event starts (E0629): a date alone
/// may be that day. For a weekly event people may join after the first time.
pub(super) fn deadline_in_time(
    at: &mut At,
    deadline: Deadline,
    occurrences: &[Occurrence],
) -> bool {
    let Some(last) = occurrences.last() else {
        return true;
    };
    let late = match deadline.time {
        Some(t) => deadline.date.to_datetime(t) > last.start,
        None => deadline.date > last.start.date(),
    };
    if late {
        let (until, starts) = (
            deadline_text(deadline),
            last.start.strftime("%Y-%m-%d %H:%M").to_string(),
        );
        let message = if occurrences.len() > 1 {
            tr!(
                "registration closes ({until}) after the event's last time starts ({starts})",
                "запис закривається ({until}) пізніше, ніж починається остання зустріч ({starts})"
            )
        } else {
            tr!(
                "registration closes ({until}) after the event starts ({starts})",
                "запис закривається ({until}) пізніше, ніж починається подія ({starts})"
            )
        };
        at.error(
            "E0629",
            "registration.until",
            message,
            tr!(
                "`until` is the last day (and hour) residents can sign up: check the date; it may be the event's own day",
                "`until` — останній день (і година), коли можна записатися: перевірте дату; це може бути й день самої події"
            ),
        );
    }
    !late
}

fn deadline_text(d: Deadline) -> String {
    match d.time {
        Some(t) => format!("{} {}", d.date, t.strftime("%H:%M")),
        None => d.date.to_string(),
    }
}

/// An upcoming event whose registration note names a date but that has no
/// `registration.until` (W0631): the site cannot tell when registration closes, so it keeps
/// inviting after the date. Past events are history and left alone.
pub fn deadline_warnings(events: &[Event], now: Date, diags: &mut Diagnostics) {
    for e in events.iter().filter(|e| !e.is_past(now)) {
        let Some(reg) = &e.registration else {
            continue;
        };
        let (Some(note), None) = (&reg.note, &reg.until) else {
            continue;
        };
        let Some(said) = date_in_note(note) else {
            continue;
        };
        let until = said.date_before(e.start.date());
        diags.push(
            crate::diag::Diagnostic::warning(
                "W0631",
                &e.source.file,
                tr!(
                    "the registration note of event `{}` names a date («{}»), but the event has no registration.until",
                    "у примітці до запису на подію `{}` є дата («{}»), але немає registration.until",
                    e.id,
                    said.text
                ),
            )
            .at_opt(e.registration_note_at)
            .hint(tr!(
                "the site cannot read a date in a note, so it keeps inviting after it: add until: {until} under registration, and the page, cards and posters say «Запис закрито» from the next day",
                "сайт не читає дат у примітці й запрошує й після неї: додайте until: {until} під registration — з наступного дня сторінка, картки й афіші скажуть «Запис закрито»"
            )),
        );
    }
}

/// A date found in a note: what was written, and the day and month (and year, when given).
#[derive(Debug, PartialEq)]
struct NoteDate {
    text: String,
    day: i8,
    month: i8,
    year: Option<i16>,
}

impl NoteDate {
    /// The date meant, as YYYY-MM-DD: with its year, or the last such day on or before the
    /// event's first day (a deadline comes before the event).
    fn date_before(&self, first: Date) -> String {
        let date = |y: i16| Date::new(y, self.month, self.day).ok();
        let found = match self.year {
            Some(y) => date(y),
            None => date(first.year())
                .filter(|d| *d <= first)
                .or_else(|| date(first.year() - 1)),
        };
        found.map_or_else(
            || format!("YYYY-{:02}-{:02}", self.month, self.day),
            |d| d.to_string(),
        )
    }
}

/// The beginnings of month names a note may use, Ukrainian and English («27 листопада»,
/// «27 Nov», «November 27»).
const MONTH_WORDS: [[&str; 2]; 12] = [
    ["січ", "jan"],
    ["лют", "feb"],
    ["берез", "mar"],
    ["квіт", "apr"],
    ["трав", "may"],
    ["черв", "jun"],
    ["лип", "jul"],
    ["серп", "aug"],
    ["верес", "sep"],
    ["жовт", "oct"],
    ["листоп", "nov"],
    ["груд", "dec"],
];

/// The month (1–12) a word names by its beginning.
fn month_of(word: &str) -> Option<i8> {
    let w = word.to_lowercase();
    let i = MONTH_WORDS
        .iter()
        .position(|[uk, en]| w.starts_with(uk) || w.starts_with(en))?;
    i8::try_from(i + 1).ok()
}

/// The first date a note mentions: «до 27 листопада», «27.11», «27.11.2026», «2026-11-27»,
/// «27 Nov», «November 27». Times («10.00», «9:30») and phone numbers are not dates.
fn date_in_note(note: &str) -> Option<NoteDate> {
    let c: Vec<char> = note.chars().collect();
    // The end of the run of digits from `i`, and its value.
    let digits = |i: usize| {
        let end = (i..c.len())
            .find(|&k| !c[k].is_ascii_digit())
            .unwrap_or(c.len());
        let value = c[i..end].iter().collect::<String>().parse::<i16>().ok();
        (end, end - i, value.unwrap_or(-1))
    };
    let is = |k: usize, ch: char| c.get(k) == Some(&ch);
    let digit_or = |k: usize, chs: &[char]| {
        c.get(k)
            .is_some_and(|x| x.is_ascii_digit() || chs.contains(x))
    };
    let found = |from: usize, to: usize, d: i16, m: i16, year: Option<i16>| {
        ((1..=31).contains(&d) && (1..=12).contains(&m)).then(|| NoteDate {
            text: c[from..to].iter().collect(),
            day: d as i8,
            month: m as i8,
            year,
        })
    };
    let mut i = 0;
    while i < c.len() {
        if !c[i].is_ascii_digit() || (i > 0 && (c[i - 1].is_ascii_digit() || c[i - 1] == '.')) {
            i += 1;
            continue;
        }
        let (end, len, n) = digits(i);
        // 2026-11-27
        if len == 4 && is(end, '-') {
            let (m_end, m_len, m) = digits(end + 1);
            if m_len == 2 && is(m_end, '-') {
                let (d_end, d_len, d) = digits(m_end + 1);
                if d_len == 2
                    && !digit_or(d_end, &[])
                    && let Some(date) = found(i, d_end, d, m, Some(n))
                {
                    return Some(date);
                }
            }
        }
        if len <= 2 {
            // 27.11 or 27.11.2026, but not 10.00 or 9.30 (no such month), nor 1.2.3.
            if is(end, '.') {
                let (m_end, m_len, m) = digits(end + 1);
                if (1..=2).contains(&m_len) {
                    let (mut to, mut year) = (m_end, None);
                    if is(m_end, '.') {
                        let (y_end, y_len, y) = digits(m_end + 1);
                        if y_len == 4 {
                            (to, year) = (y_end, Some(y));
                        }
                    }
                    // Not followed by more digits, a colon, or a dot and digits.
                    let more = digit_or(to, &[':']) || (is(to, '.') && digit_or(to + 1, &[]));
                    if !more && let Some(date) = found(i, to, n, m, year) {
                        return Some(date);
                    }
                }
            }
            // 27 листопада, 27 Nov
            let word_from = (end..c.len())
                .find(|&k| !c[k].is_whitespace())
                .unwrap_or(c.len());
            let word_to = (word_from..c.len())
                .find(|&k| !c[k].is_alphabetic())
                .unwrap_or(c.len());
            let word: String = c[word_from..word_to].iter().collect();
            if word_from > end
                && let Some(m) = month_of(&word)
                && let Some(date) = found(i, word_to, n, i16::from(m), None)
            {
                return Some(date);
            }
            // November 27
            let word_end = (0..i)
                .rev()
                .find(|&k| !c[k].is_whitespace())
                .map_or(0, |k| k + 1);
            let word_start = (0..word_end)
                .rev()
                .find(|&k| !c[k].is_alphabetic())
                .map_or(0, |k| k + 1);
            let word: String = c[word_start..word_end].iter().collect();
            if word_end < i
                && word.is_ascii()
                && !digit_or(end, &[])
                && !c.get(end).is_some_and(|x| x.is_alphabetic())
                && let Some(m) = month_of(&word)
                && let Some(date) = found(word_start, end, n, i16::from(m), None)
            {
                return Some(date);
            }
        }
        i = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(note: &str) -> Option<(String, i8, i8, Option<i16>)> {
        date_in_note(note).map(|d| (d.text, d.day, d.month, d.year))
    }

    #[test]
    fn dates_in_notes_are_found_and_times_and_phones_are_not() {
        let s = |t: &str| t.to_string();
        assert_eq!(
            said("Група до 10 людей, запис до 27 листопада"),
            Some((s("27 листопада"), 27, 11, None))
        );
        assert_eq!(said("запис до 27.11"), Some((s("27.11"), 27, 11, None)));
        assert_eq!(
            said("до 27.11.2026 включно"),
            Some((s("27.11.2026"), 27, 11, Some(2026)))
        );
        assert_eq!(
            said("deadline 2026-11-27"),
            Some((s("2026-11-27"), 27, 11, Some(2026)))
        );
        assert_eq!(said("by 3 Dec"), Some((s("3 Dec"), 3, 12, None)));
        assert_eq!(
            said("by November 27."),
            Some((s("November 27"), 27, 11, None))
        );
        for none in [
            "Не потрібна — просто приходьте",
            "з 10.00 до 12.30",
            "о 9:30",
            "+380 522 00 00 01",
            "Група до 10 людей",
            "версія 1.2.3",
            "кімната 12",
            "32 місця",
        ] {
            assert_eq!(said(none), None, "{none}");
        }
    }

    #[test]
    fn a_date_without_a_year_is_the_last_before_the_event() {
        let d = |t: &str| date_in_note(t).unwrap();
        let first = Date::constant(2026, 12, 1);
        assert_eq!(d("до 27 листопада").date_before(first), "2026-11-27");
        assert_eq!(
            d("до 28.12").date_before(Date::constant(2027, 1, 15)),
            "2026-12-28"
        );
        assert_eq!(d("до 1 грудня").date_before(first), "2026-12-01");
        assert_eq!(d("до 31.11").year, None);
    }
}
