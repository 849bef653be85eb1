//! `konveyer forecast` as text: a row per station before the first
//! payment, then the expected first revenue by week and month ahead.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::super::print::pad;
use crate::domain::forecast::MIN_STAYS;
use crate::i18n::{self, Lang, tr, tr_args};
use crate::service::Forecast;

pub(super) fn text(out: &mut dyn Write, lang: Lang, f: &Forecast, weeks: u32) -> io::Result<()> {
    let money = |minor: i64| i18n::money(lang, minor, &f.currency);
    let title = tr_args(
        lang,
        "forecast-title",
        crate::args![
            from = f.from.to_string(),
            to = f.to.to_string(),
            weeks = i64::from(weeks)
        ],
    );
    writeln!(out, "{title}\n")?;
    let width = f
        .stations
        .iter()
        .map(|s| money(s.value_minor).width())
        .max()
        .unwrap_or(0);
    let weighted_width = f
        .stations
        .iter()
        .map(|s| money(s.weighted_minor).width())
        .max()
        .unwrap_or(0);
    for s in &f.stations {
        let m = s.measure;
        let stays = format!("({}{})", m.stays, if m.fallback { "*" } else { "" });
        let days = m
            .days_to_paid
            .map_or("—".to_string(), |d| format!("~{d:.0}"));
        writeln!(
            out,
            "  {} {:>5}  {}  × {:>3.0} % {:<7} → {:>5} %  ≈ {}  {days:>5}",
            pad(&i18n::stage_word(lang, s.stage), 14),
            s.clients,
            pad(&money(s.value_minor), width),
            m.conversion * 100.0,
            stays,
            i18n::decimal(lang, s.probability * 100.0, 1),
            pad(&money(s.weighted_minor), weighted_width),
        )?;
    }
    writeln!(out, "  {}", tr(lang, "forecast-legend"))?;
    if f.stations.iter().any(|s| s.measure.fallback) {
        let note = tr_args(lang, "forecast-fallback", crate::args![min = MIN_STAYS]);
        writeln!(out, "  * {note}")?;
    }
    let total = tr_args(
        lang,
        "forecast-total",
        crate::args![weighted = money(f.weighted_minor())],
    );
    writeln!(out, "  {total}")?;
    for (currency, deals, minor) in &f.left_out {
        let args = crate::args![
            amount = i18n::money(lang, *minor, currency),
            deals = *deals,
            currency = currency.clone(),
            weighs = f.currency.clone()
        ];
        writeln!(out, "  {}", tr_args(lang, "forecast-left-out", args))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", tr(lang, "forecast-ahead"))?;
    for a in &f.ahead {
        writeln!(out, "  {:<9} {}", a.period, money(a.expected_minor))?;
    }
    Ok(())
}
