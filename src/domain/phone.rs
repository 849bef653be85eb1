//! Phone numbers as one key: E.164 (`+79991234567`), read with the
//! `phonenumber` crate in a default region, so that `8 (999) 123-45-67`,
//! `+7 999 123 45 67` and `79991234567` are one number.

use std::borrow::Cow;

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
        });
    let Some(parsed) = parsed else {
        return trunk_digit_first(input, plus.is_some(), region);
    };
    // E.164 is the country code and the national number, leading zeros
    // kept: written from them, as the crate's formatter writes it, without
    // the formatter first matching the number against its country's
    // national formats (a regex search per number: an eighth of an
    // import's reading).
    Some(format!("+{}{}", parsed.country().code(), parsed.national()))
}

/// A number whose national part begins with its country's trunk prefix
/// (Russia's `8`: St Petersburg's 812, Kazan's 843, the free 800), which
/// the `phonenumber` crate cuts off a second time and then finds invalid
/// (whisperfish/rust-phonenumber#76): read here from the crate's
/// metadata instead, written with its country code (`+7 812 …`, `7812…`)
/// or in `region` with or without the trunk prefix (`8 (812) …`, `(812) …`).
fn trunk_digit_first(input: &str, plus: bool, region: Region) -> Option<String> {
    use phonenumber::metadata::DATABASE;
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    let readings: Vec<(u16, &str)> = if plus || input.trim_start().starts_with('+') {
        (1..=3)
            .filter_map(|n| Some((digits.get(..n)?.parse().ok()?, digits.get(n..)?)))
            .collect()
    } else {
        let meta = DATABASE.by_id(region.0.as_ref())?;
        let code = meta.country_code();
        let trunk = meta.national_prefix().and_then(|p| digits.strip_prefix(p));
        trunk
            .into_iter()
            .chain([digits.as_str()])
            .map(|n| (code, n))
            .collect()
    };
    readings.into_iter().find_map(|(code, national)| {
        let countries = DATABASE.by_code(&code)?;
        countries
            .iter()
            .any(|m| {
                m.national_prefix().is_some_and(|p| national.starts_with(p))
                    && is_number(m, national)
            })
            .then(|| format!("+{code}{national}"))
    })
}

/// Whether `national` is a number of the country `meta` describes: of its
/// numbers in general, and of one kind of them (as the crate's validity).
fn is_number(meta: &phonenumber::Metadata, national: &str) -> bool {
    let kinds = meta.descriptors();
    kinds.general().is_match(national)
        && [
            kinds.fixed_line(),
            kinds.mobile(),
            kinds.toll_free(),
            kinds.premium_rate(),
            kinds.shared_cost(),
            kinds.personal_number(),
            kinds.voip(),
            kinds.pager(),
            kinds.uan(),
            kinds.voicemail(),
        ]
        .into_iter()
        .flatten()
        .any(|kind| kind.is_match(national))
}

/// A stored number as a person reads it and dials it by hand: E.164 in
/// its country's international format (`+79161234567` is
/// `+7 916 123-45-67`, `+78123124567` `+7 812 312-45-67`); anything else
/// as stored. Read from the crate's metadata, as [`trunk_digit_first`]
/// reads it, so that a number the crate's parser misreads is grouped too.
/// The first call in a process loads that metadata (a tenth of a second
/// and 6 MiB): only what shows a person a number calls it — the focus
/// queue, a card, `show` — never the board's first frame, a list or a
/// script's JSON, which keep E.164.
pub fn readable(stored: &str) -> Cow<'_, str> {
    use phonenumber::metadata::DATABASE;
    if !is_e164(stored) {
        return Cow::Borrowed(stored);
    }
    let digits = &stored[1..];
    let grouped = (1..=3).find_map(|n| {
        let (code, national) = (digits.get(..n)?.parse::<u16>().ok()?, digits.get(n..)?);
        // Valid in one of the code's countries, grouped by the code's main
        // country's formats (the first), as the crate's formatter groups it.
        let countries = DATABASE.by_code(&code)?;
        if !countries.iter().any(|m| is_number(m, national)) {
            return None;
        }
        let meta = countries.first()?;
        let formats = match meta.international_formats() {
            [] => meta.formats(),
            formats => formats,
        };
        let format = formats.iter().find(|f| {
            let whole = f
                .pattern()
                .find(national)
                .is_some_and(|m| m.start() == 0 && m.end() == national.len());
            let leads = f
                .leading_digits()
                .last()
                .is_none_or(|l| l.find(national).is_some_and(|m| m.start() == 0));
            whole && leads
        })?;
        let grouped = format.pattern().replace(national, format.format());
        Some(format!("+{code} {grouped}"))
    });
    grouped.map_or(Cow::Borrowed(stored), Cow::Owned)
}

/// A client's numbers as a person reads them, the one to dial first, `, `
/// between them; none for none.
pub fn readable_all<'a>(phones: impl Iterator<Item = &'a str>) -> Option<String> {
    let all: Vec<Cow<'_, str>> = phones.map(readable).collect();
    (!all.is_empty()).then(|| all.join(", "))
}

/// Whether `s` is written in E.164: a plus and digits alone.
fn is_e164(s: &str) -> bool {
    s.starts_with('+') && s.len() > 5 && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Whether a stored number (E.164) is an office's rather than a person's:
/// a fixed line, a freephone or a company's shared number, as its
/// country's numbering plan says — never a mobile, nor a number that may
/// be either (the United States'). Loads the crate's metadata, as
/// [`readable`] does.
pub fn is_landline(stored: &str) -> bool {
    use phonenumber::Type;
    if !is_e164(stored) {
        return false;
    }
    let Ok(parsed) = phonenumber::parse(None, stored) else {
        return false;
    };
    matches!(
        parsed.number_type(&phonenumber::metadata::DATABASE),
        Type::FixedLine | Type::TollFree | Type::SharedCost | Type::Uan
    )
}

/// The key two spellings of one number share: its E.164 form, else its
/// digits alone (a number the region cannot read still matches itself).
pub fn key(input: &str, region: Region) -> Option<String> {
    // Already E.164 (as an import stores it): its own key.
    if is_e164(input) {
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
    fn an_offices_line_is_told_from_a_persons_mobile() {
        for office in ["+74951112233", "+73832123456", "+442079460001"] {
            assert!(is_landline(office), "{office}");
        }
        for person in [
            "+79161234567",
            "+447700900123",
            "+12125550100",
            "8 495 111-22-33",
            "12345",
        ] {
            assert!(!is_landline(person), "{person}");
        }
    }

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

    /// A national number that begins with the trunk prefix's digit is one
    /// number in every spelling too; one that is no number stays none.
    #[test]
    fn a_number_that_begins_with_the_trunk_digit() {
        let ru = Region::default();
        for (spellings, expected) in [
            (
                &[
                    "8 (812) 312-45-67",
                    "+7 (812) 312-45-67",
                    "78123124567",
                    "(812) 312-45-67",
                ][..],
                "+78123124567",
            ),
            (&["8 843 212-34-56", "+7 843 212 34 56"], "+78432123456"),
            (&["8 800 555-35-35", "+78005553535"], "+78005553535"),
        ] {
            for spelling in spellings {
                assert_eq!(e164(spelling, ru).as_deref(), Some(expected), "{spelling}");
                assert_eq!(key(spelling, ru).as_deref(), Some(expected), "{spelling}");
            }
        }
        let us = Region::parse("US").expect("US");
        assert_eq!(
            e164("+7 812 312-45-67", us).as_deref(),
            Some("+78123124567")
        );
        assert_eq!(
            e164("8 (812) 312-45-67", us),
            None,
            "the trunk prefix is Russia's"
        );
        for not_a_number in ["8 (812) 312-45", "+7 812 312-45-67-89", "8 000 000-00-00"] {
            assert_eq!(e164(not_a_number, ru), None, "{not_a_number}");
        }
    }

    /// A stored number reads as the crate's international format writes
    /// it, in every country; one the crate misreads is grouped too, and
    /// what is not E.164 stays as stored.
    #[test]
    fn a_stored_number_reads_in_its_countrys_groups() {
        let mut grouped = 0;
        for stored in [
            "+79161234567",
            "+14155552671",
            "+390669820000",
            "+393331234567",
            "+442079460018",
            "+4930901820",
            "+77272583000",
            "+79990000001",
        ] {
            let number = phonenumber::parse(None, stored).expect(stored);
            let crate_says = number.format().mode(phonenumber::Mode::International);
            assert_eq!(readable(stored), crate_says.to_string(), "{stored}");
            grouped += usize::from(readable(stored).contains(' '));
        }
        assert_eq!(grouped, 8, "every one grouped");
        assert_eq!(readable("+79161234567"), "+7 916 123-45-67");
        assert_eq!(readable("+77272583000"), "+7 7272 58 30 00", "Kazakhstan");
        // The crate's parser cuts Russia's trunk digit off these twice.
        assert_eq!(readable("+78123124567"), "+7 812 312-45-67");
        assert_eq!(readable("+78005553535"), "+7 800 555-35-35");
        for as_stored in ["+70000000000", "12345", "+7 916 123-45-67", "ext 5", ""] {
            assert_eq!(readable(as_stored), as_stored);
        }
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
