//! The layers of a source tree have no import cycle: [`module_cycles`] reads which top-level
//! modules of a directory use which others and reports every cycle among them, here for the
//! core (`core/src`) and for the explorer (`src/`, `src/tui` and each of its directories).
//!
//! A module's own submodules may use their parent and each other: only the edges between the
//! top-level modules of the tree count. A reference is any path `PREFIX::name` or
//! `PREFIX::{a, b::c, ..}` (with `PREFIX` `crate` for a crate's own `src`, or e.g. `crate::tui`
//! for one module's tree), and any `super::` path that climbs from a module's file to the
//! tree's root. A `name` that is not a top-level module but is re-exported by the root
//! (`pub use a::Name;` in lib.rs or mod.rs) counts as a use of the module it comes from;
//! other root items (type aliases, constants defined in the root) belong to no layer.
//! Comments, string literals and `#[cfg(test)]` items (a unit-test module inline or in its
//! own file) are not read: tests may drive a low layer with a higher one's data.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The cycles among the top-level modules of the tree at `src_dir`, whose paths begin with
/// `crate_path_prefix` (`crate`, or `crate::tui` for `src/tui`). Each cycle is described on one
/// line by the uses that close it, with the file and line of one example of each, e.g.
/// `a -> b (a.rs:3), b -> a (b/mod.rs:5)`. Empty when the modules form layers.
pub fn module_cycles(src_dir: &Path, crate_path_prefix: &str) -> Vec<String> {
    let uses = module_uses(src_dir, crate_path_prefix);
    strongly_connected(&uses)
        .into_iter()
        .filter(|component| component.len() > 1)
        .map(|component| {
            uses.iter()
                .filter(|((from, to), _)| component.contains(from) && component.contains(to))
                .map(|((from, to), at)| format!("{from} -> {to} ({at})"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect()
}

/// Every use of one top-level module by another: `(user, used)` with where it first occurs.
fn module_uses(src_dir: &Path, prefix: &str) -> BTreeMap<(String, String), String> {
    let root = root_file(src_dir);
    let modules = top_level_modules(src_dir, &root);
    let reexports = root_reexports(
        &fs::read_to_string(&root).unwrap_or_default(),
        &modules,
        prefix,
    );
    let resolve = |name: &str| -> Option<String> {
        if modules.contains_key(name) {
            Some(name.to_owned())
        } else {
            reexports.get(name).cloned()
        }
    };
    let mut uses = BTreeMap::new();
    for (module, files) in &modules {
        for file in files {
            let text = readable(&fs::read_to_string(file).unwrap_or_default());
            let depth = module_depth(src_dir, file);
            for (name, line) in references(&text, prefix, depth) {
                if let Some(used) = resolve(&name).filter(|used| used != module) {
                    let at = format!(
                        "{}:{line}",
                        file.strip_prefix(src_dir).unwrap_or(file).display()
                    );
                    uses.entry((module.clone(), used)).or_insert(at);
                }
            }
        }
    }
    uses
}

/// The tree's root file: `lib.rs`, `main.rs` or `mod.rs` inside it, or `DIR.rs` beside it.
fn root_file(src_dir: &Path) -> PathBuf {
    ["lib.rs", "main.rs", "mod.rs"]
        .iter()
        .map(|name| src_dir.join(name))
        .find(|path| path.is_file())
        .unwrap_or_else(|| src_dir.with_extension("rs"))
}

/// The top-level modules (`x.rs`, `x/`) and the source files of each, minus the files of
/// unit-test modules (`#[cfg(test)] mod name;`).
fn top_level_modules(src_dir: &Path, root: &Path) -> BTreeMap<String, Vec<PathBuf>> {
    let mut modules: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in fs::read_dir(src_dir)
        .expect("the source directory")
        .flatten()
    {
        let path = entry.path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else {
            continue;
        };
        if path.is_dir() {
            modules.entry(stem).or_default().extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") && path != root {
            modules.entry(stem).or_default().push(path);
        }
    }
    let tests: BTreeSet<PathBuf> = (modules.values().flatten())
        .flat_map(|file| test_module_files(file))
        .collect();
    for files in modules.values_mut() {
        files.retain(|file| !tests.iter().any(|test| file.starts_with(test)));
    }
    modules
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The files and directories of the unit-test modules `file` declares
/// (`#[cfg(test)] mod name;` is `name.rs` or `name/` beside a `mod.rs`, else under the
/// file's own directory).
fn test_module_files(file: &Path) -> Vec<PathBuf> {
    let text = without_comments_and_strings(&fs::read_to_string(file).unwrap_or_default());
    let dir = if file
        .file_name()
        .is_some_and(|n| n == "mod.rs" || n == "lib.rs")
    {
        file.parent().map(Path::to_path_buf)
    } else {
        file.parent()
            .zip(file.file_stem())
            .map(|(parent, stem)| parent.join(stem))
    };
    let Some(dir) = dir else { return Vec::new() };
    let mut found = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        rest = &rest[at + "#[cfg(test)]".len()..];
        let item = rest.trim_start();
        if let Some(name) = item.strip_prefix("mod ").and_then(|after| {
            let name = after.split(';').next()?.trim();
            is_ident(name).then_some(name)
        }) {
            found.push(dir.join(format!("{name}.rs")));
            found.push(dir.join(name));
        }
    }
    found
}

/// How deep the module a file defines lies below the tree's root: `x.rs` and `x/mod.rs` are
/// 1, `x/y.rs` 2, and so on.
fn module_depth(src_dir: &Path, file: &Path) -> usize {
    let relative = file.strip_prefix(src_dir).unwrap_or(file);
    let parts = relative.components().count();
    if relative.file_name().is_some_and(|n| n == "mod.rs") {
        parts - 1
    } else {
        parts
    }
}

/// The root's re-exports: each name that `pub use` brings into the root, with the top-level
/// module it comes from.
fn root_reexports(
    root: &str,
    modules: &BTreeMap<String, Vec<PathBuf>>,
    prefix: &str,
) -> BTreeMap<String, String> {
    let text = without_comments_and_strings(root);
    let mut names = BTreeMap::new();
    for statement in text.split(';') {
        let Some(path) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let path = path.trim();
        let path = (path.strip_prefix(prefix).and_then(|p| p.strip_prefix("::")))
            .or_else(|| path.strip_prefix("self::"))
            .unwrap_or(path);
        let (first, rest) = path.split_once("::").unwrap_or((path, ""));
        if !modules.contains_key(first) {
            continue;
        }
        for leaf in leaf_names(rest) {
            names.insert(leaf, first.to_owned());
        }
        if rest.is_empty() {
            names.insert(first.to_owned(), first.to_owned());
        }
    }
    names
}

/// The names a `use` tail brings in: `a::B` gives `B`, `{a, b::C as D}` gives `a` and `D`.
fn leaf_names(tail: &str) -> Vec<String> {
    let tail = tail.trim();
    if let Some(group) = tail.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
        return split_top_level(group)
            .iter()
            .flat_map(|item| leaf_names(item))
            .collect();
    }
    if let Some((_, inner)) = tail.split_once("::") {
        return leaf_names(inner);
    }
    let name = tail.rsplit(" as ").next().unwrap_or(tail).trim();
    if is_ident(name) {
        vec![name.to_owned()]
    } else {
        Vec::new()
    }
}

/// The first segment of each path the text names below the tree's root (`PREFIX::name`,
/// `PREFIX::{a, b::c}`, or enough `super::` to climb from a module at `depth` to the root),
/// with its 1-based line.
fn references(text: &str, prefix: &str, depth: usize) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let climb = "super::".repeat(depth);
    for pattern in [format!("{prefix}::"), climb] {
        let mut from = 0;
        while let Some(at) = text[from..].find(&pattern) {
            let start = from + at;
            from = start + pattern.len();
            let before = text[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':' || c == '$') {
                continue;
            }
            let line = text[..start].matches('\n').count() + 1;
            let rest = &text[from..];
            let names = if let Some(group) = rest.strip_prefix('{') {
                let end = matching_brace(group).unwrap_or(group.len());
                split_top_level(&group[..end])
                    .iter()
                    .map(|item| first_segment(item))
                    .collect()
            } else {
                vec![first_segment(rest)]
            };
            found.extend(
                (names.into_iter())
                    .filter(|name| is_ident(name) && name != "super" && name != "self")
                    .map(|name| (name, line)),
            );
        }
    }
    found
}

/// The leading identifier of a path.
fn first_segment(path: &str) -> String {
    path.trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Whether `s` is a Rust identifier.
fn is_ident(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// The index of the `}` that closes a group whose `{` was just before `text`.
fn matching_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// `text` split at the commas outside braces.
fn split_top_level(text: &str) -> Vec<String> {
    let (mut items, mut current, mut depth) = (Vec::new(), String::new(), 0usize);
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    items.push(current);
    items
}

/// The code of a file as the checker reads it: no comments, no string or character
/// literals, no `#[cfg(test)]` items (each blanked to spaces, newlines kept, so that line
/// numbers stay).
fn readable(text: &str) -> String {
    let mut code: Vec<char> = without_comments_and_strings(text).chars().collect();
    let attribute: Vec<char> = "#[cfg(test)]".chars().collect();
    let mut i = 0;
    while i + attribute.len() <= code.len() {
        if code[i..i + attribute.len()] != attribute[..] {
            i += 1;
            continue;
        }
        let mut end = i + attribute.len();
        let mut depth = 0usize;
        while end < code.len() {
            match code[end] {
                ';' if depth == 0 => break,
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            end += 1;
        }
        let stop = (end + 1).min(code.len());
        for c in &mut code[i..stop] {
            if *c != '\n' {
                *c = ' ';
            }
        }
        i = end;
    }
    code.into_iter().collect()
}

/// `text` with comments and string and character literals blanked to spaces (newlines kept).
fn without_comments_and_strings(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = chars.clone();
    let blank = |out: &mut Vec<char>, from: usize, to: usize| {
        for c in &mut out[from..to.min(chars.len())] {
            if *c != '\n' {
                *c = ' ';
            }
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let next = chars.get(i + 1).copied();
        let start = i;
        match chars[i] {
            '/' if next == Some('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                blank(&mut out, start, i);
            }
            '/' if next == Some('*') => {
                let mut depth = 0usize;
                while i < chars.len() {
                    if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                        depth += 1;
                        i += 2;
                    } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                blank(&mut out, start, i);
            }
            'r' if (next == Some('"') || next == Some('#'))
                && !chars[..i]
                    .last()
                    .is_some_and(|c| c.is_alphanumeric() || *c == '_') =>
            {
                let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
                if chars.get(i + 1 + hashes) != Some(&'"') {
                    i += 1;
                    continue;
                }
                let close: Vec<char> = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                i += 2 + hashes;
                while i < chars.len() && !chars[i..].starts_with(&close) {
                    i += 1;
                }
                i += close.len();
                blank(&mut out, start, i);
            }
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                i += 1;
                blank(&mut out, start, i);
            }
            '\'' if next == Some('\\') => {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
                blank(&mut out, start, i);
            }
            '\'' if chars.get(i + 2) == Some(&'\'') => {
                i += 3;
                blank(&mut out, start, i);
            }
            _ => i += 1,
        }
    }
    out.into_iter().collect()
}

/// The strongly connected components of the graph of `uses` (Tarjan's algorithm).
fn strongly_connected(uses: &BTreeMap<(String, String), String>) -> Vec<BTreeSet<String>> {
    let nodes: BTreeSet<&String> = uses.keys().flat_map(|(a, b)| [a, b]).collect();
    let successors = |node: &String| -> Vec<&String> {
        (uses.keys())
            .filter(|(from, _)| from == node)
            .map(|(_, to)| to)
            .collect()
    };
    struct State<'a> {
        index: BTreeMap<&'a String, usize>,
        low: BTreeMap<&'a String, usize>,
        stack: Vec<&'a String>,
        components: Vec<BTreeSet<String>>,
    }
    fn visit<'a>(
        node: &'a String,
        successors: &dyn Fn(&String) -> Vec<&'a String>,
        state: &mut State<'a>,
    ) {
        let index = state.index.len();
        state.index.insert(node, index);
        state.low.insert(node, index);
        state.stack.push(node);
        for next in successors(node) {
            if !state.index.contains_key(next) {
                visit(next, successors, state);
                let low = state.low[node].min(state.low[next]);
                state.low.insert(node, low);
            } else if state.stack.contains(&next) {
                let low = state.low[node].min(state.index[next]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut component = BTreeSet::new();
            while let Some(top) = state.stack.pop() {
                component.insert(top.clone());
                if top == node {
                    break;
                }
            }
            state.components.push(component);
        }
    }
    let mut state = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        components: Vec::new(),
    };
    for node in nodes {
        if !state.index.contains_key(node) {
            visit(node, &successors, &mut state);
        }
    }
    state.components
}

#[test]
fn the_core_has_no_import_cycle() {
    let core = Path::new(env!("CARGO_MANIFEST_DIR")).join("core/src");
    let cycles = module_cycles(&core, "crate");
    assert!(
        cycles.is_empty(),
        "import cycles in core/src:\n{}",
        cycles.join("\n")
    );
}

/// The core's lib.rs lists its layers lowest first (`pub mod` in that order), and each
/// module uses only the ones listed before it, so the list is the layering the README
/// shows.
#[test]
fn the_cores_modules_use_only_the_layers_listed_before_them() {
    let core = Path::new(env!("CARGO_MANIFEST_DIR")).join("core/src");
    let lib = fs::read_to_string(core.join("lib.rs")).unwrap();
    let order: Vec<&str> = (lib.lines())
        .filter_map(|line| line.strip_prefix("pub mod ")?.strip_suffix(';'))
        .collect();
    let rank = |module: &str| order.iter().position(|m| *m == module);
    let upward: Vec<String> = module_uses(&core, "crate")
        .into_iter()
        .filter(|((user, used), _)| rank(used) >= rank(user) || rank(user).is_none())
        .map(|((user, used), at)| format!("{user} -> {used} ({at})"))
        .collect();
    assert!(
        upward.is_empty(),
        "uses of a layer not listed before the user in core/src/lib.rs:\n{}",
        upward.join("\n")
    );
}

/// A scratch source tree of `(path, text)` files, removed when dropped.
struct Tree(PathBuf);

impl Tree {
    fn new(name: &str, files: &[(&str, &str)]) -> Self {
        let dir =
            std::env::temp_dir().join(format!("plateau-layers-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        Self(dir)
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_cycle_through_a_reexport_and_super_is_found_and_tests_comments_and_strings_are_not() {
    let tree = Tree::new(
        "core",
        &[
            (
                "lib.rs",
                "pub mod a;\npub mod b;\npub mod c;\npub mod d;\npub use b::{Thing, other::Other as Renamed};\n",
            ),
            ("a.rs", "use crate::Thing;\n"),
            (
                "b/mod.rs",
                "mod inner;\npub mod other;\npub struct Thing;\n#[cfg(test)]\nmod tests;\n",
            ),
            ("b/inner.rs", "\n\nuse super::super::a::X;\n"),
            ("b/other.rs", "pub struct Other;\n"),
            ("b/tests.rs", "use crate::d;\n"),
            (
                "c.rs",
                "use crate::{a, b::{Thing, other}};\n// crate::d\nconst S: &str = \"crate::d\";\n\
                 #[cfg(test)]\nmod tests {\n    use crate::d;\n}\n",
            ),
            ("d.rs", "use crate::{c, Renamed};\n"),
        ],
    );
    let cycles = module_cycles(&tree.0, "crate");
    assert_eq!(cycles, ["a -> b (a.rs:1), b -> a (b/inner.rs:3)"]);
}

#[test]
fn a_tree_below_the_crate_root_is_read_with_its_own_prefix() {
    let tree = Tree::new(
        "tui",
        &[
            ("tui/mod.rs", "mod app;\nmod ui;\n"),
            (
                "tui/app/mod.rs",
                "use crate::tui::ui::Screen;\nuse crate::cli::Args;\n",
            ),
            ("tui/ui.rs", "use super::app::App;\n"),
        ],
    );
    let cycles = module_cycles(&tree.0.join("tui"), "crate::tui");
    assert_eq!(cycles, ["app -> ui (app/mod.rs:1), ui -> app (ui.rs:1)"]);
}

#[test]
fn the_explorers_modules_have_no_import_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (dir, prefix) in [
        ("", "crate"),
        ("cli", "crate::cli"),
        ("tui", "crate::tui"),
        ("tui/app", "crate::tui::app"),
        ("tui/derive", "crate::tui::derive"),
        ("tui/input", "crate::tui::input"),
        ("tui/term", "crate::tui::term"),
        ("tui/text", "crate::tui::text"),
        ("tui/tour", "crate::tui::tour"),
        ("tui/ui", "crate::tui::ui"),
    ] {
        let cycles = module_cycles(&src.join(dir), prefix);
        assert!(
            cycles.is_empty(),
            "import cycles in src/{dir}:\n{}",
            cycles.join("\n")
        );
    }
}
