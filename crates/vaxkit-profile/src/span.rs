//! Ages and intervals as schedules write them: `"6 weeks - 4 days"`, `"3 months + 4 weeks"`.
//!
//! A span keeps years, months and days apart because they do not convert: a month is 28 to 31
//! days. Adding one to a date follows the CDC's CDSi date rules (CALCDT-1 to 6): years and
//! months first with the day of the month held, a day that does not exist moves to the first of
//! the next month, then weeks and days are added as days.

use std::fmt;

use chrono::{Datelike, Days, NaiveDate};

/// A calendar span: whole years, months and days (weeks count as 7 days); parts may be negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Years.
    pub years: i32,
    /// Months.
    pub months: i32,
    /// Days (weeks already turned into days).
    pub days: i32,
}

impl Span {
    /// A span of whole days.
    pub const fn days(days: i32) -> Self {
        Self {
            years: 0,
            months: 0,
            days,
        }
    }

    /// A span of whole years.
    pub const fn years(years: i32) -> Self {
        Self {
            years,
            months: 0,
            days: 0,
        }
    }

    /// Parses `"<n> <unit> [(+|-) <n> <unit>]..."` with units year(s), month(s), week(s), day(s).
    pub fn parse(text: &str) -> Result<Span, String> {
        let mut span = Span::default();
        let mut sign = 1i32;
        let mut expect_number = true;
        let mut number: Option<i32> = None;
        let mut terms = 0;
        let mut dangling_sign = false;
        for word in text.split_whitespace() {
            if expect_number {
                if dangling_sign && (word == "+" || word == "-") {
                    return Err("two signs in a row".into());
                }
                match word {
                    "+" if terms > 0 => {
                        sign = 1;
                        dangling_sign = true;
                    }
                    "-" => {
                        sign = -1;
                        dangling_sign = true;
                    }
                    _ => {
                        let n: i32 = word
                            .parse()
                            .map_err(|_| format!("`{word}` is not a whole number"))?;
                        if n < 0 {
                            return Err(format!("write `- {}` rather than `{n}`", -n));
                        }
                        number = Some(n.checked_mul(sign).ok_or("the number is too large")?);
                        expect_number = false;
                        dangling_sign = false;
                    }
                }
                continue;
            }
            let n = number.take().unwrap_or(0);
            match word.trim_end_matches('s') {
                "year" => span.years = span.years.saturating_add(n),
                "month" => span.months = span.months.saturating_add(n),
                "week" => span.days = span.days.saturating_add(n.saturating_mul(7)),
                "day" => span.days = span.days.saturating_add(n),
                other => {
                    return Err(format!(
                        "`{other}` is not a unit: use years, months, weeks or days"
                    ));
                }
            }
            terms += 1;
            sign = 1;
            expect_number = true;
        }
        if terms == 0 || !expect_number || number.is_some() || dangling_sign {
            return Err(
                "write a span such as \"6 weeks\", \"9 months\" or \"6 weeks - 4 days\"".into(),
            );
        }
        Ok(span)
    }

    /// The date this span after `date` (CDSi CALCDT-1 to 6); `None` beyond the calendar.
    pub fn after(&self, date: NaiveDate) -> Option<NaiveDate> {
        let base = if self.years == 0 && self.months == 0 {
            date
        } else {
            let total = date
                .year()
                .checked_mul(12)?
                .checked_add(date.month0() as i32)?;
            let total = total
                .checked_add(self.years.checked_mul(12)?)?
                .checked_add(self.months)?;
            let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
            let month = u32::try_from(month0).ok()? + 1;
            match NaiveDate::from_ymd_opt(year, month, date.day()) {
                Some(d) => d,
                // 31 September is 1 October (CALCDT-5).
                None if month == 12 => NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?,
                None => NaiveDate::from_ymd_opt(year, month + 1, 1)?,
            }
        };
        if self.days >= 0 {
            base.checked_add_days(Days::new(u64::try_from(self.days).ok()?))
        } else {
            base.checked_sub_days(Days::new(u64::from(self.days.unsigned_abs())))
        }
    }

    /// Whether every part is zero.
    pub fn is_zero(&self) -> bool {
        *self == Span::default()
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<(i32, &str)> = Vec::new();
        if self.years != 0 {
            parts.push((self.years, "year"));
        }
        if self.months != 0 {
            parts.push((self.months, "month"));
        }
        if self.days != 0 {
            if self.days % 7 == 0 {
                parts.push((self.days / 7, "week"));
            } else {
                parts.push((self.days, "day"));
            }
        }
        if parts.is_empty() {
            return f.write_str("0 days");
        }
        for (i, (n, unit)) in parts.iter().enumerate() {
            let plural = if n.abs() == 1 { "" } else { "s" };
            match (i, *n < 0) {
                (0, false) => write!(f, "{n} {unit}{plural}")?,
                (0, true) => write!(f, "- {} {unit}{plural}", n.abs())?,
                (_, false) => write!(f, " + {n} {unit}{plural}")?,
                (_, true) => write!(f, " - {} {unit}{plural}", n.abs())?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn after(span: &str, date: &str) -> NaiveDate {
        Span::parse(span).unwrap().after(d(date)).unwrap()
    }

    #[test]
    fn the_cdsi_examples() {
        assert_eq!(after("3 years", "2000-01-01"), d("2003-01-01"));
        assert_eq!(after("6 months", "2000-01-01"), d("2000-07-01"));
        assert_eq!(after("6 months", "2000-11-01"), d("2001-05-01"));
        assert_eq!(after("3 days", "2000-01-01"), d("2000-01-04"));
        assert_eq!(after("3 weeks", "2000-01-01"), d("2000-01-22"));
        assert_eq!(after("5 weeks", "2000-02-01"), d("2000-03-07"));
        assert_eq!(after("5 weeks", "2001-02-01"), d("2001-03-08"));
        assert_eq!(after("- 4 days", "2000-01-15"), d("2000-01-11"));
        assert_eq!(after("6 months", "2000-03-31"), d("2000-10-01"));
        assert_eq!(after("6 months", "2000-08-31"), d("2001-03-01"));
        assert_eq!(after("6 months - 4 days", "2000-01-31"), d("2000-07-27"));
    }

    #[test]
    fn combined_terms_and_leap_days() {
        assert_eq!(after("3 months + 4 weeks", "2021-03-06"), d("2021-07-04"));
        assert_eq!(after("1 year", "2020-02-29"), d("2021-03-01"));
        assert_eq!(after("4 years", "2020-02-29"), d("2024-02-29"));
        assert_eq!(after("1 month", "2021-12-31"), d("2022-01-31"));
        assert_eq!(after("1 month", "2021-01-31"), d("2021-03-01"));
        assert_eq!(after("11 months", "2021-01-31"), d("2021-12-31"));
        assert_eq!(after("0 days", "2021-01-31"), d("2021-01-31"));
    }

    #[test]
    fn parses_and_prints() {
        let s = Span::parse("6 weeks - 4 days").unwrap();
        assert_eq!(s, Span::days(38));
        assert_eq!(s.to_string(), "38 days");
        let s = Span::parse("3 months + 4 weeks").unwrap();
        assert_eq!(s.to_string(), "3 months + 4 weeks");
        assert_eq!(Span::parse("1 year").unwrap().to_string(), "1 year");
        assert_eq!(Span::parse("- 4 days").unwrap().to_string(), "- 4 days");
        for bad in [
            "",
            "6",
            "6 weeks -",
            "six weeks",
            "6 fortnights",
            "+ 6 weeks",
            "-6 days",
        ] {
            assert!(Span::parse(bad).is_err(), "{bad:?} parsed");
        }
    }
}
