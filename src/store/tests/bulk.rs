//! Bulk loads: the schema and triggers as they were after one, whether it
//! lands or fails, and the search index a large one leaves.

use super::*;

/// Every index and trigger, with what creates it.
fn schema_objects(store: &Store) -> Vec<(String, String)> {
    let mut stmt = store.lite_conn()
        .prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger') AND sql IS NOT NULL
             UNION ALL SELECT name, sql FROM sqlite_temp_schema ORDER BY name",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|c| c.unwrap())
        .collect()
}

#[test]
fn a_bulk_load_leaves_the_schema_and_the_triggers_as_they_were() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    store.enable_undo().unwrap();
    let before = schema_objects(&store);
    assert!(before.iter().any(|(name, _)| name == "clients_by_stage"));
    assert!(before.iter().any(|(name, _)| name == "undo_clients_insert"));
    for rebuild in [false, true] {
        store.write(|db| db.set_rules_mark("2026-11-23|x")).unwrap();
        let id = store
            .write(|db| {
                db.bulk(rebuild, |db| {
                    // Inside, the rules' triggers do not fire.
                    let id = db.insert_client(&new_client("Анна"), Stage::Farmer, t0())?;
                    assert!(!db.rules_changes()?);
                    // A field filled in on a client already there.
                    db.update_client(1, &new_client(&format!("Анна {rebuild}")), t0())?;
                    Ok(id)
                })
            })
            .unwrap();
        assert_eq!(
            store.read().rules_mark().unwrap(),
            None,
            "cleared once at the end"
        );
        assert_eq!(schema_objects(&store), before, "rebuild {rebuild}");
        // The search index holds the loaded and the changed texts.
        assert!(store.check().unwrap().is_empty(), "rebuild {rebuild}");
        let changed = [if rebuild { "tru" } else { "als" }.to_string()];
        let found = store.read().search_texts(Some(&changed), 0, 10).unwrap();
        assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), vec![1]);
        // The triggers work again on this connection.
        store.write(|db| db.set_rules_mark("2026-11-23|x")).unwrap();
        store
            .write(|db| db.set_stage(id, Stage::Hunter, t0()))
            .unwrap();
        assert!(
            store.read().rules_changes().unwrap(),
            "a move after the load"
        );
    }
    // A load that fails takes everything back, the dropped indexes too.
    store.write(|db| db.set_rules_mark("2026-11-23|x")).unwrap();
    let failed: Result<()> = store.write(|db| {
        db.bulk(true, |db| {
            db.insert_client(&new_client("Борис"), Stage::Telemarketer, t0())?;
            Err(Error::Db("stop".into()))
        })
    });
    assert!(failed.is_err());
    assert_eq!(schema_objects(&store), before);
    let clients: i64 = store
        .lite_conn()
        .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(clients, 2);
    assert!(!store.read().rules_changes().unwrap());
    store
        .write(|db| db.set_stage(1, Stage::Qualifier, t0()))
        .unwrap();
    assert!(
        store.read().rules_changes().unwrap(),
        "triggers on after a failure"
    );
    assert!(store.check().unwrap().is_empty());
}

/// A large load leaves its search index merged above the level a change
/// writes to: the changes after it (each a segment of its own, merged
/// with the others of its level when there are 16) do not merge the
/// load's texts again. A small load's texts are left as written.
#[test]
fn a_large_loads_search_index_is_left_merged_for_the_changes_after_it() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    // The segment holding the most of the index, and how many there are.
    let segments = |store: &Store| -> (i64, i64) {
        let c = store.lite_conn();
        let biggest = c
            .query_row(
                "SELECT segid FROM search_index_idx GROUP BY segid ORDER BY count(*) DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let n = c
            .query_row(
                "SELECT count(DISTINCT segid) FROM search_index_idx",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (biggest, n)
    };
    let load = |store: &mut Store, n: usize, rebuild: bool| {
        store
            .write(|db| {
                db.bulk(rebuild, |db| {
                    for i in 0..n {
                        let mut new = new_client(&format!("Клиент {i} Ромашка"));
                        new.phone = Some(format!("+7999{i:07}"));
                        db.insert_client(&new, Stage::Telemarketer, t0())?;
                    }
                    Ok(())
                })
            })
            .unwrap();
    };
    load(&mut store, 3_000, true);
    let (loaded, n) = segments(&store);
    assert_eq!(n, 1, "merged into one");
    // Merged on the lowest level, it would be merged again at the 15th.
    for i in 0..20 {
        store
            .write(|db| {
                db.insert_client(&new_client(&format!("Новый {i}")), Stage::Qualifier, t0())
            })
            .unwrap();
    }
    assert_eq!(
        segments(&store).0,
        loaded,
        "the load's texts not merged again"
    );
    // A small load (a hundred rows into the base) is one segment more.
    let before = segments(&store).1;
    load(&mut store, 100, false);
    assert_eq!(segments(&store).1, before + 1);
    assert!(store.check().unwrap().is_empty());
}
