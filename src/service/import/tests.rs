//! The writer's side of an import on a store in memory.

use super::*;
use crate::store::test_server::test_store;
use crate::store::test_server::{Engine, engines};
use rstest_reuse::apply;

fn lead(row: usize, name: &str, phone: &str) -> Result<Prepared> {
    let opts = options();
    Ok(prepare(
        Lead {
            row,
            name: Some(name.into()),
            phones: vec![phone.into()],
            ..Lead::default()
        },
        &opts,
    ))
}

fn options() -> ImportOptions {
    ImportOptions {
        dry_run: false,
        source: None,
        stage: Stage::Telemarketer,
        region: Region::default(),
        currency: "RUB".into(),
        lang: crate::i18n::Lang::En,
        expected_rows: 0,
    }
}

#[apply(engines)]
fn a_key_is_matched_by_the_clients_own_keys_not_by_its_hash_alone(_engine: Engine) {
    let mut store = test_store();
    let now = Now::parse("2026-11-23T10:00").unwrap();
    let opts = options();
    let report = store
        .write(|db| {
            // A hash that points at a client who does not hold the key
            // (as two keys of one hash would): not a duplicate.
            let mut known = Known::default();
            let anna = (MatchedBy::Phone, "+79990000001".to_string());
            known.add(&anna, 1, true);
            write_all(
                db,
                now,
                [
                    lead(2, "Борис", "+7 999 000-00-02"),
                    lead(3, "Анна", "8 999 000 00 01"),
                    lead(4, "Анна Петровна", "79990000001"),
                ]
                .into_iter(),
                &opts,
                known,
                None,
            )
        })
        .unwrap();
    assert_eq!(report.added, 2, "{report:?}");
    assert_eq!(report.merged.len(), 1);
    assert_eq!(report.merged[0].row, 4);
    assert_eq!(report.ids, vec![(2, 1), (3, 2), (4, 2)]);
}
