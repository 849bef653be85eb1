//! `check` finds each kind of damage: a table out of step with its index
//! (looked up beside, table by table), a page of the file no tree uses,
//! a kept count the rows disagree with, the search index out of step.

use super::*;

/// A file base with a few clients and a call each.
fn base_with_calls(path: &Path) -> Store {
    let mut store = Store::open(path).unwrap();
    store
        .write(|db| {
            for name in ["Анна", "Борис", "Вера"] {
                let id = db.insert_client(&new_client(name), Stage::Hunter, t0())?;
                let mut call = Activity::new(id, t0(), ActivityKind::Call);
                call.outcome = Some("no-answer".into());
                call.duration_secs = Some(40);
                db.insert_activity(&call)?;
            }
            Ok(())
        })
        .unwrap();
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
    store
}

#[test]
fn check_finds_a_table_out_of_step_with_its_index() {
    let (_dir, path) = temp_db();
    drop(base_with_calls(&path));
    // The index's columns said in another order: its entries no longer
    // are those of the rows (the file's pages are all sound).
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "PRAGMA writable_schema = ON;
         UPDATE sqlite_schema SET sql = replace(sql, '(stage, status, stage_since)',
             '(status, stage, stage_since)') WHERE name = 'clients_by_stage';
         PRAGMA writable_schema = OFF;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    // (The kept counts, read through the index, then disagree too.)
    let problems = store.check().unwrap();
    let missing: Vec<&String> = problems
        .iter()
        .take_while(|p| p.contains("missing from index clients_by_stage"))
        .collect();
    assert_eq!(missing.len(), 3, "{problems:#?}");
}

#[test]
fn check_finds_a_page_no_tree_uses() {
    let (_dir, path) = temp_db();
    drop(base_with_calls(&path));
    // One more page in the file and in its header's count of pages.
    let mut file = std::fs::read(&path).unwrap();
    let pages = u32::from_be_bytes(file[28..32].try_into().unwrap());
    file[28..32].copy_from_slice(&(pages + 1).to_be_bytes());
    file.extend(std::iter::repeat_n(0u8, 4096));
    std::fs::write(&path, file).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.check().unwrap(),
        vec![format!(
            "*** in database main ***\nPage {}: never used",
            pages + 1
        )]
    );
}

#[test]
fn check_finds_the_contacts_kept_per_hour_out_of_step() {
    let (_dir, path) = temp_db();
    let store = base_with_calls(&path);
    store
        .lite_conn()
        .execute_batch("UPDATE contact_hours SET n = n + 1, talk_secs = talk_secs + 5")
        .unwrap();
    assert_eq!(
        store.check().unwrap(),
        vec![
            "contact_hours 2026-11-23T10/call/no-answer/ says 4, counting gives 3".to_string(),
            "talk_secs of hour 2026-11-23T10/ says 125, counting gives 120".to_string(),
        ]
    );
}

#[test]
fn check_finds_a_search_index_out_of_step() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    store
        .write(|db| db.insert_client(&new_client("Анна"), Stage::Farmer, t0()))
        .unwrap();
    assert!(store.check().unwrap().is_empty());
    store
        .lite_conn()
        .execute_batch(
            "DROP TRIGGER search_index_update;
             UPDATE clients SET search_text = 'борис' WHERE id = 1;",
        )
        .unwrap();
    assert_eq!(
        store.check().unwrap(),
        vec!["search_index does not match the clients' search texts".to_string()]
    );
}
