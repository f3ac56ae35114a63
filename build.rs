//! Prepares the bundled content for a quick start: each TOML file becomes
//! JSON, which reads several times faster, and the fingerprint is worked out
//! once here instead of at every start. Checking the content stays with
//! `partnerscope validate` and a unit test that holds what this writes to
//! the TOML, parsed and validated.

use std::fs;
use std::path::{Path, PathBuf};

#[path = "src/core/content/fingerprint.rs"]
mod fingerprint;

/// The bundled files, in the order of `BUNDLED` in src/core/content/mod.rs,
/// which is the order the fingerprint hashes them in.
const FILES: [&str; 5] = [
    "frameworks/collective-impact.toml",
    "frameworks/resources.toml",
    "questions/self-reflection.toml",
    "questions/readiness.toml",
    "questions/key-steps.toml",
];

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let mut texts = Vec::new();
    for path in FILES {
        println!("cargo::rerun-if-changed={path}");
        let text = fs::read_to_string(root.join(path))
            .unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        let value: serde_json::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        write(&out.join(path).with_extension("json"), &value.to_string());
        texts.push((path, text));
    }
    let fingerprint = fingerprint::fingerprint(texts.iter().map(|(p, t)| (*p, t.as_str())));
    write(&out.join("fingerprint"), &fingerprint);
}

fn write(path: &Path, text: &str) {
    let dir = path.parent().expect("a file inside OUT_DIR");
    fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
