//! A team database for the team tests, set up by its admin as the README
//! says, each command signed in as one of its people.

use konveyer::store::test_server::{fresh_url, url_as};

use super::Env;

/// The admin's set-up of a team headed by anna, who telemarkets.
pub(crate) const INIT_ANNA: &[&str] = &[
    "init-team",
    "--head",
    "anna",
    "--name",
    "Anna",
    "--stations",
    "t",
    "--no-password",
];

/// A team set up by its admin: anna heads sales (and telemarkets), boris
/// qualifies, vera farms; anna's lead #1, boris's lead #2.
pub(crate) struct Team {
    pub(crate) k: Env,
    pub(crate) url: String,
}

impl Team {
    pub(crate) fn new() -> Team {
        let t = Team {
            k: Env::new(),
            url: fresh_url(),
        };
        let out =
            t.k.cmd(INIT_ANNA)
                .env("KONVEYER_DB", &t.url)
                .output()
                .unwrap();
        assert!(out.status.success(), "{out:?}");
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("the team is set up"), "{said}");
        for (name, login, stations) in [("Boris", "boris", "q"), ("Vera", "vera", "f")] {
            t.ok(
                "anna",
                &[
                    "user",
                    "add",
                    name,
                    "--login",
                    login,
                    "--stations",
                    stations,
                    "--no-password",
                ],
            );
        }
        t.ok("anna", &["add", "Anna's Lead"]);
        t.ok("anna", &["add", "Boris's Lead"]);
        t.ok("anna", &["move", "2", "next"]);
        t
    }

    pub(crate) fn cmd(&self, who: &str, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = self.k.cmd(args);
        cmd.env("KONVEYER_DB", url_as(&self.url, who))
            .env_remove("KONVEYER_USER");
        cmd
    }

    pub(crate) fn ok(&self, who: &str, args: &[&str]) -> String {
        let out = self.cmd(who, args).output().unwrap();
        assert!(
            out.status.success(),
            "{who}: {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub(crate) fn fails(&self, who: &str, args: &[&str]) -> String {
        let out = self.cmd(who, args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{who}: {args:?}: {out:?}");
        String::from_utf8(out.stderr).unwrap()
    }

    /// A plain session as `who` (what `psql` with their credentials is).
    pub(crate) fn psql(&self, who: &str) -> postgres::Client {
        postgres::Client::connect(&url_as(&self.url, who), postgres::NoTls).unwrap()
    }

    pub(crate) fn admin(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap()
    }

    pub(crate) fn one<T: for<'a> postgres::types::FromSql<'a>>(&self, sql: &str) -> T {
        self.admin().query_one(sql, &[]).unwrap().get(0)
    }
}
