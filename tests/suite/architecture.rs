//! The stages import one way (ARCHITECTURE.md): no cycle among the
//! top-level modules of `src/`.
//!
//! Every `crate::x` path of `src/` (in `use` lines and in code, grouped
//! `crate::{x, y}` included; comments and string literals skipped) is an
//! edge from the file's top-level module (`src/a.rs` or `src/a/…` → `a`) to
//! `x`, when `x` is a top-level module too. `src/lib.rs` and `src/main.rs`
//! declare the modules and are not nodes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// module → module it names → the files that name it.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

#[test]
fn no_module_imports_itself_through_others() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = import_graph(&src);
    assert!(
        graph.contains_key("build") && graph.contains_key("check"),
        "the graph of {} was not read: {graph:?}",
        src.display()
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "import cycle among src/ modules:\n{}",
            describe(&graph, &cycle)
        );
    }
}

/// A code registered in `diagnostics/codes.rs` (and so documented) that no
/// rule emits is dead: the registry and the rules must say the same.
#[test]
fn every_registered_code_is_emitted() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let registry = src.join("diagnostics/codes.rs");
    let codes = quoted_codes(&std::fs::read_to_string(&registry).expect("codes.rs"));
    assert!(codes.len() > 50, "codes.rs was not read: {codes:?}");
    let mut emitted = BTreeSet::new();
    for file in rust_files(&src).iter().filter(|f| **f != registry) {
        let text = std::fs::read_to_string(file).expect("a source file is readable");
        emitted.extend(quoted_codes(&text));
    }
    let dead: Vec<&String> = codes.difference(&emitted).collect();
    assert!(dead.is_empty(), "registered but never emitted: {dead:?}");
}

/// Every `"E123"` / `"W123"` literal of `text`.
fn quoted_codes(text: &str) -> BTreeSet<String> {
    let bytes = text.as_bytes();
    let is_code = |w: &[u8]| matches!(w[0], b'E' | b'W') && w[1..].iter().all(u8::is_ascii_digit);
    bytes
        .windows(6)
        .filter(|w| w[0] == b'"' && w[5] == b'"' && is_code(&w[1..5]))
        .map(|w| String::from_utf8_lossy(&w[1..5]).into_owned())
        .collect()
}

#[test]
fn the_cycle_finder_names_the_cycle() {
    let graph = graph_of(&[("load", "model"), ("check", "load"), ("load", "check")]);
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["check".into(), "load".into()])
    );
    let longer = graph_of(&[("a", "b"), ("b", "c"), ("c", "d"), ("d", "b"), ("a", "d")]);
    assert_eq!(
        find_cycle(&longer),
        Some(vec!["b".into(), "c".into(), "d".into()])
    );
    let text = describe(&graph, &["check".into(), "load".into()]);
    assert!(text.contains("check → load"), "{text}");
    assert!(text.contains("load → check"), "{text}");
}

#[test]
fn the_cycle_finder_accepts_a_one_way_graph() {
    let graph = graph_of(&[
        ("build", "load"),
        ("build", "check"),
        ("check", "load"),
        ("load", "model"),
        ("check", "model"),
    ]);
    assert_eq!(find_cycle(&graph), None);
}

#[test]
fn paths_are_read_from_code_only() {
    let modules: BTreeSet<String> = ["check", "model", "render", "route", "load"]
        .map(String::from)
        .into();
    let code = r##"
        use crate::check::{self, Rules};
        use crate::{model::Act, route};
        // crate::render in a comment
        /* crate::render in a block /* nested */ comment */
        let s = "crate::render in a string";
        let r = r#"crate::render in a raw string"#;
        let c = '"'; let l: &'static str = "x";
        fn f() { crate::load::load() }
    "##;
    let named = named_modules(code, &modules);
    assert_eq!(
        named,
        ["check", "load", "model", "route"].map(String::from).into()
    );
}

/// The import graph of the top-level modules under `src`.
fn import_graph(src: &Path) -> Graph {
    let files = rust_files(src);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| top_module(src, f)).collect();
    let mut graph = Graph::new();
    for file in &files {
        let Some(from) = top_module(src, file) else {
            continue;
        };
        let text = std::fs::read_to_string(file).expect("a source file is readable");
        let name = file.strip_prefix(src).unwrap_or(file).display().to_string();
        let edges = graph.entry(from.clone()).or_default();
        for to in named_modules(&text, &modules) {
            if to != from {
                edges.entry(to).or_default().insert(name.clone());
            }
        }
    }
    graph
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// `src/a.rs` and `src/a/…` → `a`; None for the crate roots.
fn top_module(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// The top-level modules (of `modules`) that `crate::` paths in `code` name.
fn named_modules(code: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let code = without_comments_and_strings(code);
    let mut named = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let heads = match rest.strip_prefix('{') {
            Some(group) => group_heads(group),
            None => vec![identifier(rest)],
        };
        named.extend(
            heads
                .into_iter()
                .filter(|h| modules.contains(*h))
                .map(String::from),
        );
    }
    named
}

/// The first identifier of each item of `a::b, c, d::{e, f}}`, up to the
/// brace that closes the group.
fn group_heads(group: &str) -> Vec<&str> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut item_start = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => item_start = true,
            c if item_start && !c.is_whitespace() => {
                heads.push(identifier(&group[i..]));
                item_start = false;
            }
            _ => {}
        }
    }
    heads
}

fn identifier(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// `code` with comments and string and char literals blanked out.
fn without_comments_and_strings(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    while i < chars.len() {
        let next = chars.get(i + 1).copied();
        let skip_to = match (chars[i], next) {
            ('/', Some('/')) => chars[i..]
                .iter()
                .position(|c| *c == '\n')
                .map_or(chars.len(), |n| i + n),
            ('/', Some('*')) => block_comment_end(&chars, i),
            ('r', Some('#' | '"')) if !is_ident_char(chars.get(i.wrapping_sub(1))) => {
                raw_string_end(&chars, i)
            }
            ('"', _) => string_end(&chars, i + 1, '"'),
            ('\'', _) => char_literal_end(&chars, i),
            _ => i,
        };
        if skip_to == i {
            out.push(chars[i]);
            i += 1;
        } else {
            out.push(' ');
            i = skip_to;
        }
    }
    out
}

fn is_ident_char(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

/// The index after the `*/` closing the (nested) comment opened at `start`.
fn block_comment_end(chars: &[char], start: usize) -> usize {
    let mut depth = 0;
    let mut i = start;
    while i + 1 < chars.len() {
        match (chars[i], chars[i + 1]) {
            ('/', '*') => {
                depth += 1;
                i += 2;
            }
            ('*', '/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    chars.len()
}

/// The index after the closing `quote` of a literal whose text starts at `i`.
fn string_end(chars: &[char], mut i: usize, quote: char) -> usize {
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    chars.len()
}

/// The index after `r#"…"#` starting at `start` (`r` not part of a word);
/// `start` itself when the `r` begins an identifier such as `r#type`.
fn raw_string_end(chars: &[char], start: usize) -> usize {
    let hashes = chars[start + 1..].iter().take_while(|c| **c == '#').count();
    let open = start + 1 + hashes;
    if chars.get(open) != Some(&'"') {
        return start;
    }
    let mut i = open + 1;
    while i < chars.len() {
        if chars[i] == '"'
            && chars[i + 1..]
                .iter()
                .take(hashes)
                .filter(|c| **c == '#')
                .count()
                == hashes
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    chars.len()
}

/// The index after a char literal at `start`, or `start` for a lifetime.
fn char_literal_end(chars: &[char], start: usize) -> usize {
    match (chars.get(start + 1), chars.get(start + 2)) {
        (Some('\\'), _) => string_end(chars, start + 1, '\''),
        (Some(_), Some('\'')) => start + 3,
        _ => start,
    }
}

/// A cycle of `graph`, as the modules in order from the smallest name, or
/// None when the imports go one way.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    let mut done = BTreeSet::new();
    for start in graph.keys() {
        let mut path = Vec::new();
        if let Some(cycle) = walk(graph, start, &mut path, &mut done) {
            return Some(rotated(cycle));
        }
    }
    None
}

/// Depth-first from `node`; `path` holds the modules being visited.
fn walk<'g>(
    graph: &'g Graph,
    node: &'g str,
    path: &mut Vec<&'g str>,
    done: &mut BTreeSet<&'g str>,
) -> Option<Vec<String>> {
    if let Some(at) = path.iter().position(|n| *n == node) {
        return Some(path[at..].iter().map(|n| n.to_string()).collect());
    }
    if done.contains(node) {
        return None;
    }
    path.push(node);
    for next in graph.get(node).into_iter().flat_map(|edges| edges.keys()) {
        if let Some(cycle) = walk(graph, next, path, done) {
            return Some(cycle);
        }
    }
    path.pop();
    done.insert(node);
    None
}

/// The cycle starting from its smallest module, so the message is stable.
fn rotated(mut cycle: Vec<String>) -> Vec<String> {
    let smallest = (0..cycle.len()).min_by_key(|i| &cycle[*i]).unwrap_or(0);
    cycle.rotate_left(smallest);
    cycle
}

/// One line per edge of the cycle, with the files that make it.
fn describe(graph: &Graph, cycle: &[String]) -> String {
    let mut lines = Vec::new();
    for (i, from) in cycle.iter().enumerate() {
        let to = &cycle[(i + 1) % cycle.len()];
        let files = graph
            .get(from)
            .and_then(|edges| edges.get(to))
            .map(|f| f.iter().cloned().collect::<Vec<_>>().join(", "))
            .unwrap_or_default();
        lines.push(format!("  {from} → {to}  ({files})"));
    }
    lines.join("\n")
}

/// A graph of hand-written edges, each made by one imaginary file.
fn graph_of(edges: &[(&str, &str)]) -> Graph {
    let mut graph = Graph::new();
    for (from, to) in edges {
        graph
            .entry(from.to_string())
            .or_default()
            .entry(to.to_string())
            .or_default()
            .insert(format!("{from}.rs"));
    }
    graph
}
