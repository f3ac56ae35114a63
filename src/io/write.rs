//! Writing results: to stdout, or atomically to a file.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::error::ExitCode;
use crate::error::Failure;

/// Writes `text` to `path` through a temporary file in the same folder and a
/// rename, so a reader never sees half a file. Refuses to replace an existing
/// file unless `force`.
pub(crate) fn write_atomically(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    if !force && path.exists() {
        return Err(Failure::new(
            ExitCode::OutputExists,
            format!(
                "{} already exists; use --force to replace it",
                path.display()
            ),
        )
        .into());
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a file in {}", dir.display()))?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    let persisted = if force {
        tmp.persist(path).map(drop)
    } else {
        tmp.persist_noclobber(path).map(drop)
    };
    persisted.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Failure::new(
                ExitCode::OutputExists,
                format!(
                    "{} already exists; use --force to replace it",
                    path.display()
                ),
            )
            .into()
        } else {
            anyhow::Error::new(e.error).context(format!("cannot write {}", path.display()))
        }
    })
}

/// Prints `text` to stdout, or writes it to `output` when given.
pub(crate) fn emit(text: &str, output: Option<&Path>, force: bool) -> anyhow::Result<()> {
    match output {
        Some(path) => write_atomically(path, text, force),
        None => {
            let mut out = std::io::stdout().lock();
            let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
            match written {
                // A closed pipe (`| head`) is the reader's choice, not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("cannot write to standard output"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_replace_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write_atomically(&path, "one", false).unwrap();
        let err = write_atomically(&path, "two", false).unwrap_err();
        assert_eq!(crate::error::exit_code_of(&err), ExitCode::OutputExists);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one");
        write_atomically(&path, "three", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "three");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }
}
