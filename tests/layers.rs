//! The shape of the house, read from the source: no import circle between
//! files, and no import that runs up the layers that `docs/architecture.md`
//! lists. The layer list there is the one this test reads, so the document
//! and the code cannot drift apart.

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// Every `.rs` file under `src/` as its module path (`src/store/sql/mod.rs`
/// is `store::sql`), test files left out.
fn modules() -> BTreeMap<Module, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .expect("src/ is readable")
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files
        .into_iter()
        .filter_map(|path| {
            let rel = path.strip_prefix(&src).expect("under src/");
            let mut parts: Module = rel
                .with_extension("")
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if matches!(
                parts.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                parts.pop();
            }
            let test_only = parts.iter().any(|p| p == "tests" || p == "test_server");
            (!test_only).then_some((parts, path))
        })
        .collect()
}

/// The source without comment lines and without `#[cfg(test)]` modules.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        if trimmed.starts_with("#[cfg(test)]") {
            let next = lines.peek().map(|l| l.trim_start()).unwrap_or("");
            let is_mod = next.starts_with("mod ") || next.starts_with("pub mod ");
            if is_mod && next.trim_end().ends_with(';') {
                lines.next();
                continue;
            }
            if is_mod && next.trim_end().ends_with('{') {
                let mut depth = 0i64;
                for l in lines.by_ref() {
                    depth += l.matches('{').count() as i64 - l.matches('}').count() as i64;
                    if depth <= 0 {
                        break;
                    }
                }
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Every path a file names from `crate::`, `super::` or `self::`, groups
/// (`use crate::{a::b, c}`) spelled out, as absolute segment lists.
fn paths_named(code: &str, here: &Module) -> Vec<Module> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        let rest = &bytes[i..];
        let root = ["crate::", "super::", "self::"]
            .into_iter()
            .find(|r| starts_word && rest.starts_with(r.as_bytes()));
        let Some(root) = root else {
            i += 1;
            continue;
        };
        // `self` is the file's own module, `super` its parent (a `mod.rs`
        // is its folder's module, so the same holds there).
        let base: Module = match root {
            "crate::" => Vec::new(),
            "self::" => here.clone(),
            _ => here[..here.len().saturating_sub(1)].to_vec(),
        };
        let mut pos = i + root.len();
        let mut found = Vec::new();
        read_tree(code, &mut pos, base, &mut found);
        out.extend(found);
        i = pos.max(i + 1);
    }
    out
}

/// Reads `a::b::{c, d::e}` from `pos`, each leaf path appended to `base`.
fn read_tree(code: &str, pos: &mut usize, mut base: Module, out: &mut Vec<Module>) {
    let bytes = code.as_bytes();
    loop {
        while *pos < bytes.len() && bytes[*pos].is_ascii_whitespace() {
            *pos += 1;
        }
        if *pos < bytes.len() && bytes[*pos] == b'{' {
            *pos += 1;
            loop {
                read_tree(code, pos, base.clone(), out);
                while *pos < bytes.len() && bytes[*pos].is_ascii_whitespace() {
                    *pos += 1;
                }
                match bytes.get(*pos) {
                    Some(b',') => *pos += 1,
                    Some(b'}') => {
                        *pos += 1;
                        return;
                    }
                    _ => return,
                }
                while *pos < bytes.len() && bytes[*pos].is_ascii_whitespace() {
                    *pos += 1;
                }
                if bytes.get(*pos) == Some(&b'}') {
                    *pos += 1;
                    return;
                }
            }
        }
        let start = *pos;
        while *pos < bytes.len() && (bytes[*pos].is_ascii_alphanumeric() || bytes[*pos] == b'_') {
            *pos += 1;
        }
        if start == *pos {
            out.push(base);
            return;
        }
        let word = &code[start..*pos];
        if word == "super" {
            base.pop();
        } else if word != "self" {
            base.push(word.to_string());
        }
        if bytes[*pos..].starts_with(b"::") {
            *pos += 2;
        } else {
            out.push(base);
            return;
        }
    }
}

/// Which files each file imports (a file naming its own descendants, as a
/// module declaring and re-exporting its children does, is not an import).
fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let mods = modules();
    let mut g: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (here, path) in &mods {
        let text = fs::read_to_string(path).expect("a source file");
        let edges = g.entry(here.clone()).or_default();
        for full in paths_named(&code_of(&text), here) {
            let target = (1..=full.len())
                .rev()
                .map(|k| full[..k].to_vec())
                .find(|m| mods.contains_key(m));
            if let Some(t) = target
                && &t != here
                && !t.starts_with(here)
            {
                edges.insert(t);
            }
        }
    }
    g
}

/// The import circles: strongly connected components of more than one file.
fn circles(g: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<String>> {
    // Kosaraju: order by finish time, then walk the reversed graph.
    fn finish(
        v: &Module,
        g: &BTreeMap<Module, BTreeSet<Module>>,
        seen: &mut BTreeSet<Module>,
        order: &mut Vec<Module>,
    ) {
        if !seen.insert(v.clone()) {
            return;
        }
        for w in g.get(v).into_iter().flatten() {
            finish(w, g, seen, order);
        }
        order.push(v.clone());
    }
    let mut seen = BTreeSet::new();
    let mut order = Vec::new();
    for v in g.keys() {
        finish(v, g, &mut seen, &mut order);
    }
    let mut reversed: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (v, ws) in g {
        for w in ws {
            reversed.entry(w.clone()).or_default().insert(v.clone());
        }
    }
    let mut assigned = BTreeSet::new();
    let mut out = Vec::new();
    for v in order.iter().rev() {
        let mut component = Vec::new();
        finish(v, &reversed, &mut assigned, &mut component);
        if component.len() > 1 {
            let mut names: Vec<String> = component.iter().map(|m| m.join("::")).collect();
            names.sort();
            out.push(names);
        }
    }
    out
}

/// The layers as `docs/architecture.md` lists them in its `layers` block,
/// top first: a module may import only the modules listed below it.
fn documented_layers() -> Vec<String> {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md");
    let text = fs::read_to_string(&doc).expect("docs/architecture.md exists");
    let block = text
        .split("```layers\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/architecture.md has a ```layers block");
    block
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[test]
fn no_file_imports_itself_round_a_circle() {
    let found = circles(&graph());
    assert!(found.is_empty(), "import circles between files: {found:?}");
}

#[test]
fn imports_only_run_down_the_documented_layers() {
    let layers = documented_layers();
    let rank = |m: &str| layers.iter().rev().position(|l| l == m);
    let g = graph();
    let tops: BTreeSet<&str> = g
        .keys()
        .filter_map(|m| m.first())
        .map(String::as_str)
        .collect();
    let missing: Vec<&&str> = tops.iter().filter(|m| rank(m).is_none()).collect();
    assert!(
        missing.is_empty(),
        "modules not in docs/architecture.md's layers: {missing:?}"
    );
    let mut upward = Vec::new();
    for (from, targets) in &g {
        for to in targets {
            let (Some(a), Some(b)) = (from.first(), to.first()) else {
                continue;
            };
            if a != b && rank(b) > rank(a) {
                upward.push(format!("{} → {}", from.join("::"), to.join("::")));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that run up the layers: {upward:#?}"
    );
}

#[test]
fn the_check_sees_a_circle_and_an_upward_import() {
    // The reader itself: a group, a `super`, and a circle of two.
    let here: Module = vec!["a".into(), "b".into()];
    let named = paths_named("use crate::{x::y, z};\nuse super::c::D;", &here);
    let names: Vec<String> = named.iter().map(|m| m.join("::")).collect();
    assert_eq!(names, ["x::y", "z", "a::c::D"]);
    let mut g: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    g.entry(vec!["p".into()])
        .or_default()
        .insert(vec!["q".into()]);
    g.entry(vec!["q".into()])
        .or_default()
        .insert(vec!["p".into()]);
    assert_eq!(circles(&g), vec![vec!["p".to_string(), "q".to_string()]]);
}
