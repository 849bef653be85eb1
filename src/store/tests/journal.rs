//! Where a write's pages go: a load into an empty base off the WAL
//! (`Store::loading`), a reading command's pass checkpointed beside it
//! (`Store::checkpointing_beside`).

use rusqlite::Connection;

use super::*;

/// The value of pragma `name` on `store`'s connection.
fn pragma_of<T: rusqlite::types::FromSql>(store: &Store, name: &str) -> T {
    store
        .lite_conn()
        .pragma_query_value(None, name, |r| r.get(0))
        .unwrap()
}

/// The journal mode `store`'s connection is in.
fn journal_of(store: &Store) -> String {
    pragma_of(store, "journal_mode")
}

#[test]
fn a_load_into_an_empty_base_alone_runs_off_the_wal_and_lands_in_it() {
    let (dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let mut during = String::new();
    store
        .loading(|store| {
            during = journal_of(store);
            store.write(|db| {
                db.insert_client(&new_client("Anna"), Stage::Telemarketer, t0())
                    .map(drop)
            })
        })
        .unwrap();
    assert_eq!(during, "delete");
    assert_eq!(journal_of(&store), "wal");
    drop(store);
    assert!(!dir.path().join("k.db-journal").exists());
    let again = Store::open(&path).unwrap();
    assert_eq!(journal_of(&again), "wal");
    assert_eq!(again.read().count_clients(None, None).unwrap(), 1);
}

#[test]
fn a_load_beside_another_connection_or_into_clients_stays_in_the_wal() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let add = |store: &mut Store, name: &str| {
        let mut during = String::new();
        store
            .loading(|store| {
                during = journal_of(store);
                store.write(|db| {
                    db.insert_client(&new_client(name), Stage::Telemarketer, t0())
                        .map(drop)
                })
            })
            .unwrap();
        during
    };
    // Another connection open (the board beside it): it keeps reading.
    let other = Store::open(&path).unwrap();
    assert_eq!(add(&mut store, "Anna"), "wal");
    assert_eq!(other.read().count_clients(None, None).unwrap(), 1);
    drop(other);
    // Alone, but into a base with a client.
    assert_eq!(add(&mut store, "Boris"), "wal");
    assert_eq!(store.read().count_clients(None, None).unwrap(), 2);
}

#[test]
fn a_failed_load_off_the_wal_leaves_the_empty_base_as_it_was() {
    let (dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let result: Result<()> = store.loading(|store| {
        store.write(|db| {
            for n in 0..2000 {
                db.insert_client(&new_client(&format!("Anna {n}")), Stage::Telemarketer, t0())?;
            }
            Err(Error::Domain(crate::domain::DomainError::EmptyName))
        })
    });
    assert!(result.is_err());
    assert_eq!(journal_of(&store), "wal");
    assert_eq!(store.read().count_clients(None, None).unwrap(), 0);
    drop(store);
    assert!(!dir.path().join("k.db-journal").exists());
    let again = Store::open(&path).unwrap();
    assert_eq!(again.read().count_clients(None, None).unwrap(), 0);
    assert_eq!(again.check().unwrap(), Vec::<String>::new());
}

/// How often `store`'s connection checkpoints its WAL by itself (pages).
fn autocheckpoint(store: &Store) -> i64 {
    pragma_of(store, "wal_autocheckpoint")
}

#[test]
fn a_write_checkpointed_beside_reaches_the_file_while_the_store_stays_open() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let every = autocheckpoint(&store);
    assert!(every > 0);
    store
        .checkpointing_beside(|store| {
            assert_eq!(autocheckpoint(store), 0, "deferred during the write");
            store.write(|db| {
                db.insert_client(&new_client("Anna"), Stage::Telemarketer, t0())
                    .map(drop)
            })
        })
        .unwrap();
    assert_eq!(autocheckpoint(&store), every);
    store
        .checkpoint
        .take()
        .expect("a checkpoint beside")
        .join()
        .unwrap();
    // The file itself, read without its WAL, holds the write already.
    let file = Connection::open_with_flags(
        format!("file:{}?immutable=1", path.display()),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
    )
    .unwrap();
    let n: i64 = file
        .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    // Nothing written: nothing to copy, no connection beside.
    store.checkpointing_beside(|_| Ok(())).unwrap();
    assert!(store.checkpoint.is_none());
}
