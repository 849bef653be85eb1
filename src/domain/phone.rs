//! Phone numbers as one key: E.164 (`+79991234567`), read with the
//! `phonenumber` crate in a default region, so that `8 (999) 123-45-67`,
//! `+7 999 123 45 67` and `79991234567` are one number.

use phonenumber::country::Id;

/// The country whose numbers may be written without a country code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region(Id);

impl Default for Region {
    fn default() -> Self {
        Region(Id::RU)
    }
}

impl Region {
    /// `RU`, `kz`, `US` …: a two-letter country code.
    pub fn parse(code: &str) -> Option<Region> {
        let code = code.trim().to_ascii_uppercase();
        (code.len() == 2)
            .then(|| code.parse::<Id>().ok())
            .flatten()
            .map(Region)
    }
}

/// The number in E.164, when it reads as a valid number of `region` (or
/// carries its own country code); `None` otherwise.
pub fn e164(input: &str, region: Region) -> Option<String> {
    let digits = input.chars().filter(char::is_ascii_digit).count();
    if !(5..=20).contains(&digits) {
        return None;
    }
    // `79991234567` with neither `+` nor a trunk prefix: an international
    // number written without its plus.
    let plus = (!input.trim_start().starts_with(['+', '8', '0']) && digits >= 11)
        .then(|| format!("+{}", input.trim()));
    let parsed = plus
        .as_deref()
        .and_then(|p| phonenumber::parse(None, p).ok())
        .filter(phonenumber::is_valid)
        .or_else(|| {
            phonenumber::parse(Some(region.0), input)
                .ok()
                .filter(phonenumber::is_valid)
        })?;
    // E.164 is the country code and the national number, leading zeros
    // kept: written from them, as the crate's formatter writes it, without
    // the formatter first matching the number against its country's
    // national formats (a regex search per number: an eighth of an
    // import's reading).
    Some(format!("+{}{}", parsed.country().code(), parsed.national()))
}

/// The key two spellings of one number share: its E.164 form, else its
/// digits alone (a number the region cannot read still matches itself).
pub fn key(input: &str, region: Region) -> Option<String> {
    // Already E.164 (as an import stores it): its own key.
    if input.starts_with('+') && input.len() > 5 && input[1..].bytes().all(|b| b.is_ascii_digit()) {
        return Some(input.to_string());
    }
    if let Some(n) = e164(input, region) {
        return Some(n);
    }
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 5).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_russian_number_in_every_spelling() {
        let ru = Region::default();
        for spelling in [
            "8 (999) 123-45-67",
            "+7 999 123-45-67",
            "79991234567",
            "+79991234567",
            "8-999-123-45-67",
            "(999) 123 45 67",
        ] {
            assert_eq!(
                e164(spelling, ru).as_deref(),
                Some("+79991234567"),
                "{spelling}"
            );
        }
    }

    /// Written from its parts, a number's E.164 is what the crate's own
    /// formatter writes, Italy's kept leading zero included.
    #[test]
    fn e164_is_what_the_crates_formatter_writes() {
        // The number `e164` reads, formatted by the crate.
        let formatted = |input: &str, region: Region| {
            let digits = input.chars().filter(char::is_ascii_digit).count();
            let plus = !input.starts_with(['+', '8', '0']) && digits >= 11;
            plus.then(|| phonenumber::parse(None, format!("+{input}")).ok())
                .flatten()
                .filter(phonenumber::is_valid)
                .or_else(|| {
                    phonenumber::parse(Some(region.0), input)
                        .ok()
                        .filter(phonenumber::is_valid)
                })
                .map(|n| n.format().mode(phonenumber::Mode::E164).to_string())
        };
        let mut read = 0;
        for region in ["RU", "IT", "US", "GB", "DE", "KZ"] {
            let region = Region::parse(region).expect("region");
            for spelling in [
                "+39 06 6982 0000",
                "06 6982 0000",
                "+39 333 123 4567",
                "8 (999) 123-45-67",
                "+7 727 258 3000",
                "(415) 555-2671",
                "+44 20 7946 0018",
                "020 7946 0018",
                "030 901820",
                "+49 30 901820",
                "79991234567",
            ] {
                let expected = formatted(spelling, region);
                read += usize::from(expected.is_some());
                assert_eq!(e164(spelling, region), expected, "{spelling} in {region:?}");
            }
        }
        assert!(read > 30, "most spellings read somewhere: {read}");
        assert_eq!(
            e164("06 6982 0000", Region::parse("IT").expect("IT")).as_deref(),
            Some("+390669820000")
        );
    }

    #[test]
    fn other_countries_and_regions() {
        let ru = Region::default();
        assert_eq!(
            e164("+1 (415) 555-2671", ru).as_deref(),
            Some("+14155552671")
        );
        let us = Region::parse("us").expect("US");
        assert_eq!(e164("(415) 555-2671", us).as_deref(), Some("+14155552671"));
        assert_eq!(Region::parse("RUS"), None);
        assert_eq!(Region::parse("ZZ"), None);
        // Unreadable: no E.164, but the digits still match themselves.
        assert_eq!(e164("12", ru), None);
        assert_eq!(key("ext 12345", ru).as_deref(), Some("12345"));
    }
}
