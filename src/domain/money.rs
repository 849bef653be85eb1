//! AMOUNT: money as integer minor units, never floats.

use serde::Serialize;

use super::error::DomainError as Error;

/// The currency used when none is given.
pub const DEFAULT_CURRENCY: &str = "RUB";

/// An amount in minor units (kopecks, cents) of a currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Money {
    pub minor: i64,
    pub currency: String,
}

/// The largest amount taken: 10^12 major units. Anything above is a typo.
pub const MAX_MINOR: i64 = 100 * 1_000_000_000_000;

/// Parses what a person types for an amount: `125000`, `125 000`,
/// `125000.50`, `125 000,50`, `125,000.50`, optionally with `₽`/`руб`.
/// A separator followed by exactly three digits groups thousands; one
/// followed by one or two digits at the end is the decimal point.
pub fn parse_amount(input: &str) -> Result<i64, Error> {
    let bad = || Error::BadAmount(input.to_string());
    let mut text = input.trim().to_string();
    let lower = text.to_lowercase();
    for suffix in ["₽", "руб.", "руб", "р.", "rub"] {
        if lower.ends_with(suffix) {
            text.truncate(text.len() - suffix.len());
            text.truncate(text.trim_end().len());
            break;
        }
    }
    // A space (or an apostrophe) only groups thousands: it must be
    // followed by exactly three digits. "1 2 3" is not 123.
    let is_gap = |c: char| c.is_whitespace() || c == '\u{202f}' || c == '\'';
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if is_gap(chars[i]) {
            let before = i > 0 && chars[i - 1].is_ascii_digit();
            let mut j = i;
            while j < chars.len() && is_gap(chars[j]) {
                j += 1;
            }
            let group = chars[j..].iter().take_while(|c| c.is_ascii_digit()).count();
            if !before || group != 3 {
                return Err(bad());
            }
            i = j;
        } else {
            i += 1;
        }
    }
    let text: String = chars.into_iter().filter(|c| !is_gap(*c)).collect();
    if text.is_empty()
        || !text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(bad());
    }
    // Split into runs of digits separated by single '.' or ','.
    let parts: Vec<&str> = text.split(['.', ',']).collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(bad());
    }
    let (whole_parts, cents) = match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() && last.len() <= 2 => (rest, Some(*last)),
        _ => (&parts[..], None),
    };
    let (head, groups) = whole_parts.split_first().ok_or_else(bad)?;
    if groups.iter().any(|g| g.len() != 3) || (!groups.is_empty() && head.len() > 3) {
        return Err(bad());
    }
    let whole: String = whole_parts.concat();
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let cents: i64 = match cents {
        None => 0,
        Some(c) if c.len() == 1 => c.parse::<i64>().map_err(|_| bad())? * 10,
        Some(c) => c.parse().map_err(|_| bad())?,
    };
    let minor = whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(cents))
        .ok_or_else(bad)?;
    if minor == 0 {
        return Err(Error::ZeroAmount);
    }
    if minor > MAX_MINOR {
        return Err(Error::AmountTooLarge(input.to_string()));
    }
    Ok(minor)
}

/// Groups the digits of a non-negative integer by thousands with `sep`.
pub fn group_thousands(value: u64, sep: &str) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(ch);
    }
    out
}

/// The sign shown for a currency code, or the code itself.
pub fn currency_sign(code: &str) -> &str {
    match code {
        "RUB" => "₽",
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "KZT" => "₸",
        _ => code,
    }
}

/// Validates and normalises a currency code (three letters, upper case).
pub fn parse_currency(input: &str) -> Result<String, Error> {
    let code = input.trim().to_uppercase();
    if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(Error::BadCurrency(input.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_usual_ways_of_writing_money() {
        assert_eq!(parse_amount("125000").unwrap(), 12_500_000);
        assert_eq!(parse_amount("125 000").unwrap(), 12_500_000);
        assert_eq!(parse_amount("125\u{a0}000").unwrap(), 12_500_000);
        assert_eq!(parse_amount("125000.50").unwrap(), 12_500_050);
        assert_eq!(parse_amount("125 000,50").unwrap(), 12_500_050);
        assert_eq!(parse_amount("125,000.50").unwrap(), 12_500_050);
        assert_eq!(parse_amount("1.234.567,5").unwrap(), 123_456_750);
        assert_eq!(parse_amount("125,000").unwrap(), 12_500_000);
        assert_eq!(parse_amount("99,9").unwrap(), 9_990);
        assert_eq!(parse_amount("80 000 ₽").unwrap(), 8_000_000);
        assert_eq!(parse_amount("500руб").unwrap(), 50_000);
    }

    #[test]
    fn rejects_what_is_not_money() {
        for bad in [
            "",
            "abc",
            "12a",
            "-5",
            "1,2,3",
            "12,,5",
            "1.2345",
            "1234,000",
            "12 34,5.6",
            "99999999999999999999",
            "1.",
            ".5",
            "1 2 3",
            "12 34",
            "1 0000",
            "125 00",
        ] {
            assert!(
                matches!(parse_amount(bad), Err(Error::BadAmount(_))),
                "{bad:?} was accepted"
            );
        }
        assert!(matches!(parse_amount("0"), Err(Error::ZeroAmount)));
        assert!(matches!(
            parse_amount("5 000 000 000 000 000"),
            Err(Error::AmountTooLarge(_))
        ));
        assert_eq!(parse_amount("1 000 000 000 000").unwrap(), MAX_MINOR);
        assert!(matches!(
            parse_amount("1000000000000.01"),
            Err(Error::AmountTooLarge(_))
        ));
        assert!(matches!(parse_amount("0,00"), Err(Error::ZeroAmount)));
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(0, " "), "0");
        assert_eq!(group_thousands(999, ","), "999");
        assert_eq!(group_thousands(1000, ","), "1,000");
        assert_eq!(group_thousands(125_000, " "), "125 000");
        assert_eq!(group_thousands(1_234_567, ","), "1,234,567");
    }

    #[test]
    fn currency_codes() {
        assert_eq!(parse_currency("usd").unwrap(), "USD");
        assert!(matches!(
            parse_currency("dollars"),
            Err(Error::BadCurrency(_))
        ));
        assert_eq!(currency_sign("RUB"), "₽");
        assert_eq!(currency_sign("CHF"), "CHF");
    }
}
