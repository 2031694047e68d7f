//! docs/robustness.md names a test for every row (`file.rs::function`); every one of them
//! must exist, so the page cannot go on promising what no test checks any more.

use std::path::Path;

#[test]
fn every_test_the_robustness_matrix_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/robustness.md")).expect("the page");
    let names: Vec<&str> = doc
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|code| code.contains(".rs::"))
        .collect();
    assert!(names.len() >= 40, "only {} tests named", names.len());
    for name in names {
        let (file, function) = name.split_once("::").expect("file.rs::function");
        let source = std::fs::read_to_string(root.join(file))
            .unwrap_or_else(|e| panic!("{name}: cannot read {file}: {e}"));
        assert!(
            source.contains(&format!("fn {function}(")),
            "{name}: no such test in {file}"
        );
    }
}
