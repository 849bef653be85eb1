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
/// `125000.50`, `125 000,50`, `125,000.50`, with or without its currency
/// (`80 000 ₽`, `$1,500`, `EUR 99,90`; which one is not looked at: see
/// [`parse_marked`]). A separator followed by exactly three digits groups
/// thousands; one followed by one or two digits at the end is the decimal
/// point.
pub fn parse_amount(input: &str) -> Result<i64, Error> {
    parse_marked(input).map(|typed| typed.minor)
}

/// An amount as a person typed it: its minor units, the currency written
/// with it, if any, and whether it was counted in thousands or millions
/// (`150 тыс.`, `1,5 млн`, `20k`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    pub minor: i64,
    pub currency: Option<String>,
    pub scaled: bool,
}

impl Typed {
    /// [`parse_marked`].
    pub fn parse(input: &str) -> Result<Typed, Error> {
        parse_marked(input)
    }

    /// The money: in the currency written with it, else in `otherwise`.
    pub fn or_in(self, otherwise: &str) -> Money {
        Money {
            minor: self.minor,
            currency: self.currency.unwrap_or_else(|| otherwise.to_string()),
        }
    }
}

/// An amount as [`parse_amount`] reads it, with the currency written
/// before or after it, if any (`$1,500.00`, `1 500 €`, `EUR 99,90`,
/// `500руб`).
pub fn parse_marked(input: &str) -> Result<Typed, Error> {
    let text = input.trim();
    let digits_end = text
        .rfind(|c: char| c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    // A count in thousands or millions right after the digits, then maybe
    // a currency: `150 тыс. руб.`, `т.р.`, `$1.5M`.
    let scaled = split_scale(&text[digits_end..]).map(|(scale, rest)| {
        let mut unscaled = text[..digits_end].to_string();
        if !rest.is_empty() {
            unscaled.push(' ');
            unscaled.push_str(rest);
        }
        (scale, unscaled)
    });
    let text = scaled
        .as_ref()
        .map_or(text, |(_, unscaled)| unscaled.as_str());
    let (number, currency) = match split_currency(text) {
        Some((number, code)) => (number, Some(code)),
        None => (text, None),
    };
    let Some((scale, _)) = scaled else {
        let minor = parse_number(number, input)?;
        return Ok(Typed {
            minor,
            currency,
            scaled: false,
        });
    };
    // `1,250 тыс.` is 1.25 thousand in Russian and 1 250 thousand in
    // English: refused rather than guessed.
    let (whole, fraction) = number
        .trim()
        .rsplit_once(['.', ','])
        .unwrap_or((number, ""));
    if fraction.len() == 3 && !whole.contains(['.', ',', ' ']) {
        return Err(Error::BadAmount(input.to_string()));
    }
    let minor = parse_number(number, input)?
        .checked_mul(scale)
        .filter(|m| *m <= MAX_MINOR)
        .ok_or_else(|| Error::AmountTooLarge(input.to_string()))?;
    Ok(Typed {
        minor,
        currency,
        scaled: true,
    })
}

/// A word that counts an amount in thousands or millions, and how many:
/// `тыс.`, `т`, `к`, `k`, `thousand`; `млн`, `m`, `million`.
pub fn scale_named(word: &str) -> Option<i64> {
    let word = word.trim().trim_end_matches('.').to_lowercase();
    match word.as_str() {
        "тыс" | "тысяч" | "тысячи" | "тысяча" | "т" | "к" | "k" | "thousand" | "thousands" => {
            Some(1_000)
        }
        "млн" | "миллион" | "миллиона" | "миллионов" | "m" | "mln" | "million" | "millions" => {
            Some(1_000_000)
        }
        _ => None,
    }
}

/// The scale an amount's tail begins with (`тыс. руб.`, `k`, `т.р.`), and
/// what follows it.
fn split_scale(tail: &str) -> Option<(i64, &str)> {
    let tail = tail.trim_start();
    let end = tail
        .find(|c: char| c.is_whitespace() || c == '.')
        .unwrap_or(tail.len());
    let scale = scale_named(&tail[..end])?;
    Some((scale, tail[end..].trim_start_matches('.').trim()))
}

/// Money as a person types it where `given` may name its currency (an
/// option such as `--currency`): the amount in `given`, else in the
/// currency written with it, else in `default`. An amount written in
/// another currency than `given` is refused rather than taken as `given`.
pub fn parse_money(input: &str, given: Option<&str>, default: &str) -> Result<Money, Error> {
    let Typed {
        minor, currency, ..
    } = parse_given(input, given)?;
    let currency = match currency {
        Some(code) => code,
        None => parse_currency(default)?,
    };
    Ok(Money { minor, currency })
}

/// An amount as a person types it where `given` may name its currency:
/// in `given`, else in the currency written with it, else in none yet
/// (the caller's to choose). An amount written in another currency than
/// `given` is refused rather than taken as `given`.
pub fn parse_given(input: &str, given: Option<&str>) -> Result<Typed, Error> {
    let Typed {
        minor,
        currency: named,
        scaled,
    } = parse_marked(input)?;
    let given = given.map(parse_currency).transpose()?;
    let currency = match (named, given) {
        (Some(named), Some(given)) if named != given => {
            return Err(Error::CurrencyConflict {
                amount: input.trim().to_string(),
                named,
                wanted: given,
            });
        }
        (_, Some(code)) | (Some(code), None) => Some(code),
        (None, None) => None,
    };
    Ok(Typed {
        minor,
        currency,
        scaled,
    })
}

/// The currency written before or after an amount's digits, and the
/// amount without it: a sign (`$`, `€`), a code (`usd`) or a word
/// (`руб.`, `доллар`). `None` when nothing, or nothing konveyer reads as
/// a currency, is written around the digits.
fn split_currency(input: &str) -> Option<(&str, String)> {
    let text = input.trim();
    let first = text.find(|c: char| c.is_ascii_digit())?;
    let last = text.rfind(|c: char| c.is_ascii_digit())? + 1;
    let (head, tail) = (text[..first].trim(), text[last..].trim());
    let (number, mark) = match (head.is_empty(), tail.is_empty()) {
        (false, true) => (&text[first..], head),
        (true, false) => (&text[..last], tail),
        _ => return None,
    };
    // Three letters beside an amount are a currency only if ISO 4217 has
    // them: "100 abc" is a typo, not 100 ABC (an option or a column may
    // name any code: `--currency BTC`).
    let code = currency_named(mark)?;
    let known =
        code != mark.trim().to_uppercase() || iso_currency::Currency::from_code(&code).is_some();
    known.then_some((number, code))
}

/// The digits of an amount with nothing around them (`input`: as typed,
/// for the error).
fn parse_number(number: &str, input: &str) -> Result<i64, Error> {
    let bad = || Error::BadAmount(input.to_string());
    let text = number.trim();
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

/// Validates and normalises a currency: a three-letter code (any case),
/// or a sign or word konveyer reads as one (`$`, `руб.`, `евро`).
pub fn parse_currency(input: &str) -> Result<String, Error> {
    currency_named(input).ok_or_else(|| Error::BadCurrency(input.to_string()))
}

/// A currency as a person, a column or an amount writes it: a code
/// (`usd`), a sign (`$`, `€`), a word (`руб.`) or its name (Bitrix24's
/// `Российский рубль`).
pub fn currency_named(text: &str) -> Option<String> {
    let folded = text.trim().trim_end_matches('.').to_lowercase();
    let code = match folded.as_str() {
        "₽"
        | "р"
        | "руб"
        | "рубль"
        | "рубля"
        | "рублей"
        | "рубли"
        | "rur"
        | "российский рубль"
        | "russian ruble"
        | "russian rouble" => "RUB",
        "$"
        | "us$"
        | "доллар"
        | "доллара"
        | "доллары"
        | "долларов"
        | "долл"
        | "доллар сша"
        | "us dollar"
        | "dollar"
        | "dollars" => "USD",
        "€" | "евро" | "euro" => "EUR",
        "£" | "фунт стерлингов" | "british pound" | "pound sterling" => "GBP",
        "₸" | "тенге" | "казахстанский тенге" | "kazakhstani tenge" => {
            "KZT"
        }
        "белорусский рубль" | "belarusian ruble" => "BYN",
        "гривна" | "украинская гривна" | "ukrainian hryvnia" => "UAH",
        _ => {
            let code = text.trim().to_uppercase();
            let letters = code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase());
            return letters.then_some(code);
        }
    };
    Some(code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Thousands and millions as people write them beside an amount, its
    /// currency after; a three-digit fraction with them is refused (a
    /// thousand and a quarter, or twelve hundred and fifty thousand?).
    #[test]
    fn an_amount_counted_in_thousands_or_millions() {
        let read = |t: &str| parse_marked(t).map(|t| (t.minor, t.currency, t.scaled));
        let rub = |minor: i64| Ok((minor, Some("RUB".to_string()), true));
        let bare = |minor: i64| Ok((minor, None, true));
        assert_eq!(read("150 тыс."), bare(15_000_000));
        assert_eq!(read("150 тыс. руб."), rub(15_000_000));
        assert_eq!(read("150 т.р."), rub(15_000_000));
        assert_eq!(read("150к"), bare(15_000_000));
        assert_eq!(read("150 тысяч рублей"), rub(15_000_000));
        assert_eq!(read("1,5 млн"), bare(150_000_000));
        assert_eq!(read("1,5 млн ₽"), rub(150_000_000));
        assert_eq!(read("2 миллиона"), bare(200_000_000));
        assert_eq!(
            read("$1.5M"),
            Ok((150_000_000, Some("USD".to_string()), true))
        );
        assert_eq!(
            read("20k EUR"),
            Ok((2_000_000, Some("EUR".to_string()), true))
        );
        assert_eq!(read("1 250 тыс"), bare(125_000_000));
        assert_eq!(read("150"), Ok((15_000, None, false)));
        assert!(matches!(read("1,250 тыс"), Err(Error::BadAmount(_))));
        assert!(matches!(read("2 млн 500"), Err(Error::BadAmount(_))));
        assert!(matches!(
            read("999999999 млн"),
            Err(Error::AmountTooLarge(_))
        ));
        assert_eq!(read("0 k"), Err(Error::ZeroAmount));
        assert!(read("тыс").is_err());
    }

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

    /// The currency written before or after the digits, in any of the
    /// ways people write it; three letters only when ISO 4217 has them.
    #[test]
    fn reads_the_currency_written_with_an_amount() {
        for (input, minor, code) in [
            ("$1,500.00", 150_000, Some("USD")),
            ("US$ 20", 2_000, Some("USD")),
            ("1 500 €", 150_000, Some("EUR")),
            ("EUR 99,90", 9_990, Some("EUR")),
            ("99.90 gbp", 9_990, Some("GBP")),
            ("1 500 р.", 150_000, Some("RUB")),
            ("500руб", 50_000, Some("RUB")),
            ("80 000 ₽", 8_000_000, Some("RUB")),
            ("100 chf", 10_000, Some("CHF")),
            ("10 долларов", 1_000, Some("USD")),
            ("2 доллара", 200, Some("USD")),
            ("5 долл.", 500, Some("USD")),
            ("150 000", 15_000_000, None),
        ] {
            let currency = code.map(str::to_string);
            assert_eq!(
                parse_marked(input),
                Ok(Typed {
                    minor,
                    currency,
                    scaled: false
                }),
                "{input}"
            );
        }
        for bad in ["100 abc", "$", "lots of $", "$100 USD", "- 5", "1."] {
            assert!(
                matches!(parse_marked(bad), Err(Error::BadAmount(_))),
                "{bad:?} was accepted"
            );
        }
    }

    /// An option's currency, else the amount's own, else the default; an
    /// amount in another currency than the option's is refused.
    #[test]
    fn money_in_the_currency_asked_for() {
        let money = |minor: i64, currency: &str| Money {
            minor,
            currency: currency.to_string(),
        };
        assert_eq!(parse_money("100", None, "RUB"), Ok(money(10_000, "RUB")));
        assert_eq!(parse_money("$100", None, "RUB"), Ok(money(10_000, "USD")));
        assert_eq!(
            parse_money("100", Some("$"), "RUB"),
            Ok(money(10_000, "USD"))
        );
        assert_eq!(
            parse_money("100 usd", Some("USD"), "RUB"),
            Ok(money(10_000, "USD"))
        );
        assert_eq!(
            parse_money(" 100 ₽ ", Some("usd"), "RUB"),
            Err(Error::CurrencyConflict {
                amount: "100 ₽".to_string(),
                named: "RUB".to_string(),
                wanted: "USD".to_string(),
            })
        );
        assert!(matches!(
            parse_money("100", Some("rubles"), "RUB"),
            Err(Error::BadCurrency(_))
        ));
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
        assert_eq!(parse_currency("BTC").unwrap(), "BTC");
        assert_eq!(parse_currency("€").unwrap(), "EUR");
        assert_eq!(parse_currency("Российский рубль").unwrap(), "RUB");
        assert_eq!(parse_currency("dollars").unwrap(), "USD");
        assert!(matches!(
            parse_currency("doubloons"),
            Err(Error::BadCurrency(_))
        ));
        assert_eq!(currency_sign("RUB"), "₽");
        assert_eq!(currency_sign("CHF"), "CHF");
    }

    proptest::proptest! {
        /// A whole number counted in thousands or millions is that many;
        /// nothing a person types panics.
        #[test]
        fn a_counted_amount_is_that_many(n in 1i64..1_000_000, junk in ".{0,24}") {
            for (word, scale) in [("тыс.", 1_000), ("k", 1_000), ("млн", 1_000_000), ("M", 1_000_000)] {
                let typed = parse_marked(&format!("{n} {word}"));
                let minor = n * scale * 100;
                match minor <= MAX_MINOR {
                    true => proptest::prop_assert_eq!(typed.map(|t| t.minor), Ok(minor)),
                    false => proptest::prop_assert!(typed.is_err()),
                }
            }
            let _ = parse_marked(&junk);
        }
    }
}
