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
        numbered: crate::import::Numbered::Line,
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

/// A few rows into a base sixteen times as large are written through the
/// triggers (all but the search index's): nothing the triggers keep is
/// counted again, and the rules' mark stays, their changed clients noted
/// row by row, for the next pass to look at those alone.
#[apply(engines)]
fn a_few_rows_into_a_large_base_keep_what_the_triggers_keep_row_by_row(_engine: Engine) {
    let mut store = test_store();
    let now = Now::parse("2026-11-23T10:00").unwrap();
    for i in 0..40 {
        let new = crate::domain::NewClient {
            name: format!("Клиент {i}"),
            phone: Some(format!("+7999000{i:04}")),
            ..crate::domain::NewClient::default()
        };
        crate::service::add_client(&mut store, now, new).unwrap();
    }
    crate::service::apply_rules(&mut store, now, &crate::config::Config::default()).unwrap();
    let mark = store.read().rules_mark().unwrap();
    assert!(mark.is_some());
    let leads = [
        Lead {
            row: 2,
            name: Some("Вера Новая".into()),
            phones: vec!["+7 912 000-00-77".into()],
            ..Lead::default()
        },
        Lead {
            row: 3,
            name: Some("Клиент пять".into()),
            phones: vec!["8 999 000 00 05".into()],
            emails: vec!["five@example.org".into()],
            ..Lead::default()
        },
    ];
    let opts = ImportOptions {
        expected_rows: leads.len(),
        ..options()
    };
    let report = import(&mut store, now, leads.into_iter().map(Ok), &opts).unwrap();
    assert_eq!((report.added, report.merged.len()), (1, 1), "{report:?}");
    assert_eq!(store.read().rules_mark().unwrap(), mark, "not cleared");
    assert!(store.read().rules_changes().unwrap(), "the rows noted");
    assert!(store.check().unwrap().is_empty());
    let found = |word: &str| {
        let found = store.read().search_texts(Some(&[word.to_string()]), 0, 10);
        found.unwrap().into_iter().map(|f| f.0).collect::<Vec<_>>()
    };
    assert_eq!(found("вера").len(), 1, "the new client is found");
    assert_eq!(found("five@example.org").len(), 1, "the merged one too");
}
