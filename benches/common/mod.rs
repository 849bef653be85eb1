//! What the benchmarks share: samples reported as percentiles, the
//! process's peak memory, and a CSV as a Russian CRM exports it.

#![allow(dead_code)]

use std::time::Duration;

pub(crate) fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i]
}

/// One row: the median, p95 and slowest of the samples.
pub(crate) fn report(name: &str, samples: &mut [Duration]) {
    let median = percentile(samples, 0.5);
    let p95 = percentile(samples, 0.95);
    let max = samples.iter().max().copied().unwrap_or_default();
    println!(
        "{name:<36} median {:>8.2} ms   p95 {:>8.2} ms   max {:>8.2} ms   (n={})",
        median.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
        samples.len()
    );
}

/// This process's peak resident memory (VmHWM), in MiB.
pub(crate) fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// A CSV as a Russian CRM exports it, with `n` rows and 5 % repeats.
pub(crate) fn import_csv(n: usize) -> String {
    let mut seed: u64 = 7;
    let mut next = |m: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) % m
    };
    let mut out =
        String::from("Фамилия;Имя;Мобильный телефон;E-mail;Бюджет;Этап сделки;Должность\n");
    for i in 0..n {
        let number = if i > 0 && next(100) < 5 {
            next(i as u64)
        } else {
            i as u64
        };
        let phone = format!(
            "8 (9{:02}) {:03}-{:02}-{:02}",
            number % 100,
            number / 100 % 1000,
            number / 7 % 100,
            number / 13 % 100
        );
        let amount = ["", "150 000", "5000"][next(3) as usize];
        let stage =
            ["Первичный контакт", "Переговоры", "Успешно реализовано", ""][next(4) as usize];
        out.push_str(&format!(
            "Иванов{i};Иван;{phone};user{i}@mail.ru;{amount};{stage};менеджер\n"
        ));
    }
    out
}

/// A list of `n` cold leads made long ago (2023), each its own number: a
/// founder's million cold-call rows that never moved.
pub(crate) fn cold_csv(n: usize) -> String {
    let mut out = String::from("Name;Phone;Created\n");
    for i in 0..n {
        // Distinct numbers: 7919 shares no factor with ten million.
        let number = i * 7919 % 10_000_000;
        out.push_str(&format!(
            "Cold lead {i};+7 (495) {:03}-{:02}-{:02};2023-{:02}-15\n",
            number / 10_000,
            number / 100 % 100,
            number % 100,
            1 + i % 9
        ));
    }
    out
}
