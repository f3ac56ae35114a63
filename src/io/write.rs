//! Writing results: to stdout, or atomically to a file.
//!
//! A file is written whole to a temporary file beside it and renamed over it,
//! so a reader never sees half a file. Temporary files are named
//! `.partnerscope-PID-XXXXXX.tmp`, removed on every way out (an error, a
//! panic, Ctrl-C or a termination signal), and any left by a process that no
//! longer runs (after `kill -9` or a power cut) are swept away.

use std::fs::{Metadata, Permissions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use anyhow::Context;

use crate::error::ExitCode;
use crate::error::Failure;

const TEMP_PREFIX: &str = ".partnerscope-";
const TEMP_SUFFIX: &str = ".tmp";

/// Temporary files being written now, so a signal handler can remove them.
static LIVE_TEMP_FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// What stands at the path to be written.
enum Destination {
    Missing,
    /// A regular file, whose permissions the new file keeps.
    Regular(Metadata),
    /// A symbolic link to a regular file: the file it points to is replaced
    /// and the link kept, as `>` would write through it.
    LinkToFile(PathBuf),
    /// A symbolic link to nothing: the link itself is replaced.
    Dangling,
    /// A device, pipe or socket (`/dev/null`, `/dev/stdout`): written into, never replaced.
    Special,
    Directory,
}

fn destination(path: &Path) -> std::io::Result<Destination> {
    let meta = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Destination::Missing),
        other => other?,
    };
    let followed = if meta.file_type().is_symlink() {
        return Ok(match std::fs::metadata(path) {
            Ok(target) if is_special(&target) => Destination::Special,
            Ok(target) if target.is_dir() => Destination::Directory,
            Ok(_) => Destination::LinkToFile(std::fs::canonicalize(path)?),
            Err(_) => Destination::Dangling,
        });
    } else {
        meta
    };
    Ok(if followed.is_dir() {
        Destination::Directory
    } else if followed.is_file() {
        Destination::Regular(followed)
    } else {
        Destination::Special
    })
}

fn is_special(meta: &Metadata) -> bool {
    !meta.is_file() && !meta.is_dir()
}

fn already_exists(path: &Path) -> anyhow::Error {
    Failure::new(
        ExitCode::OutputExists,
        format!(
            "{} already exists; use --force to replace it",
            path.display()
        ),
    )
    .into()
}

/// Writes `text` to `path` through a temporary file in the same folder and a
/// rename, so a reader never sees half a file. Refuses to replace an existing
/// file unless `force`. A device or pipe at `path` is written into instead.
pub(crate) fn write_atomically(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    write_atomically_with(path, force, |out| Ok(out.write_all(text.as_bytes())?))
}

/// As [`write_atomically`], with the text written by `write` as it is made,
/// so output of any size goes to disk without being held in memory. If
/// `write` fails, nothing is left behind.
pub(crate) fn write_atomically_with(
    path: &Path,
    force: bool,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if let Some(stream) = standard_stream(path) {
        return write_to_stream(stream, write);
    }
    let keep = match destination(path)
        .with_context(|| format!("cannot write {}", path.display()))?
    {
        Destination::Special => return write_through(path, write),
        Destination::Directory => {
            anyhow::bail!("cannot write {}: it is a directory", path.display())
        }
        Destination::Regular(_) | Destination::LinkToFile(_) | Destination::Dangling if !force => {
            return Err(already_exists(path))
        }
        Destination::LinkToFile(target) => return write_atomically_with(&target, force, write),
        Destination::Regular(meta) => Some(meta.permissions()),
        Destination::Dangling | Destination::Missing => None,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    sweep_stale_temp_files(dir);
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write {}: there is no folder {}",
            path.display(),
            dir.display()
        );
    }
    let tmp = TempFile::create_in(dir, keep).map_err(|e| {
        // The error names the hidden temporary file, which means nothing to
        // the user; the system's own words for the cause do.
        let cause = e.raw_os_error().map_or(e.kind().to_string(), |code| {
            std::io::Error::from_raw_os_error(code).to_string()
        });
        anyhow::anyhow!("cannot create a file in {}: {cause}", dir.display())
    })?;
    tmp.fill(write).map_err(|e| cannot_write(path, e))?;
    tmp.persist(path, force)
}

/// The program's own standard output or error, however named: they are
/// written to as they stand, wherever the shell sent them. Opened again by
/// name they would be a link to replace or a file to write from its start.
fn standard_stream(path: &Path) -> Option<Stream> {
    match path.to_str()? {
        "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1" => Some(Stream::Out),
        "/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2" => Some(Stream::Err),
        _ => None,
    }
}

enum Stream {
    Out,
    Err,
}

fn write_to_stream(
    stream: Stream,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let written = match stream {
        Stream::Out => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            write(&mut out).and_then(|()| Ok(out.flush()?))
        }
        Stream::Err => {
            let mut out = std::io::stderr().lock();
            write(&mut out)
        }
    };
    match written {
        Err(e) if is_broken_pipe(&e) => Ok(()),
        other => other,
    }
}

/// Writes into a device or pipe as `cat > path` would.
fn write_through(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    let mut out = BufWriter::new(file);
    match write(&mut out).and_then(|()| Ok(out.flush()?)) {
        Err(e) if is_broken_pipe(&e) => Ok(()),
        other => other.map_err(|e| cannot_write(path, e)),
    }
}

/// A failure to write says where; a failure to make what was being written
/// (a broken profile in an aggregate being read) speaks for itself.
fn cannot_write(path: &Path, error: anyhow::Error) -> anyhow::Error {
    if io_error_kind(&error).is_some() {
        error.context(format!("cannot write {}", path.display()))
    } else {
        error
    }
}

/// Whether writing stopped because the reader went away (`| head`): the
/// reader's choice, not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    io_error_kind(error) == Some(std::io::ErrorKind::BrokenPipe)
}

/// The kind of the I/O error behind `error`, if one is; it may come wrapped
/// by the JSON or CSV writer.
fn io_error_kind(error: &anyhow::Error) -> Option<std::io::ErrorKind> {
    error.chain().find_map(|cause| {
        if let Some(e) = cause.downcast_ref::<std::io::Error>() {
            Some(e.kind())
        } else if let Some(e) = cause.downcast_ref::<serde_json::Error>() {
            e.io_error_kind()
        } else if let Some(e) = cause.downcast_ref::<csv::Error>() {
            match e.kind() {
                csv::ErrorKind::Io(io) => Some(io.kind()),
                _ => None,
            }
        } else {
            None
        }
    })
}

/// A temporary file that is removed when dropped (an error or a panic) and
/// registered so a signal handler can remove it too.
struct TempFile {
    file: tempfile::NamedTempFile,
    _registered: Registered,
}

/// A temporary file's place in the list the signal handler removes.
struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        unregister(&self.0);
    }
}

impl TempFile {
    fn create_in(dir: &Path, keep: Option<Permissions>) -> std::io::Result<Self> {
        let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(TEMP_SUFFIX);
        // tempfile makes files private (0600); a result is an ordinary file,
        // so it gets what the umask allows, as `>` would give it.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let file = builder.tempfile_in(dir)?;
        if let Some(permissions) = keep {
            file.as_file().set_permissions(permissions)?;
        }
        register(file.path());
        let registered = Registered(file.path().to_path_buf());
        Ok(TempFile {
            file,
            _registered: registered,
        })
    }

    fn fill(&self, write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>) -> anyhow::Result<()> {
        let mut out = BufWriter::with_capacity(1 << 16, self.file.as_file());
        write(&mut out)?;
        out.flush()?;
        self.file.as_file().sync_all()?;
        Ok(())
    }

    fn persist(self, path: &Path, force: bool) -> anyhow::Result<()> {
        let persisted = if force {
            self.file.persist(path).map(drop)
        } else {
            self.file.persist_noclobber(path).map(drop)
        };
        persisted.map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                already_exists(path)
            } else {
                anyhow::Error::new(e.error).context(format!("cannot write {}", path.display()))
            }
        })
    }
}

fn register(path: &Path) {
    if let Ok(mut live) = LIVE_TEMP_FILES.lock() {
        live.push(path.to_path_buf());
    }
}

fn unregister(path: &Path) {
    if let Ok(mut live) = LIVE_TEMP_FILES.lock() {
        live.retain(|p| p != path);
    }
}

/// Removes the temporary files this process is writing. Safe to call from a
/// signal handler thread: it never waits for the lock.
pub(crate) fn remove_temp_files() {
    if let Ok(live) = LIVE_TEMP_FILES.try_lock() {
        for path in live.iter() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// On Ctrl-C, SIGTERM or SIGHUP: remove temporary files, say so, exit 130.
/// For commands without a handler of their own.
pub(crate) fn clean_up_on_interrupt() -> anyhow::Result<()> {
    ctrlc::set_handler(|| {
        remove_temp_files();
        eprintln!("partnerscope: interrupted");
        std::process::exit(ExitCode::Interrupted.code().into());
    })
    .context("cannot install the Ctrl-C handler")
}

/// Every exit through `std::process::exit` (as a Ctrl-C handler does) also
/// removes the temporary files under way.
fn remove_temp_files_at_exit() {
    extern "C" fn at_exit() {
        remove_temp_files();
    }
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        // SAFETY: `at_exit` is a plain function that never unwinds (it only
        // removes files and ignores every error).
        unsafe {
            libc::atexit(at_exit);
        }
    });
}

/// Removes temporary files of this tool left in `dir` by processes that no
/// longer run.
fn sweep_stale_temp_files(dir: &Path) {
    remove_temp_files_at_exit();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if let Some(pid) = name.to_str().and_then(owner_of_temp_name) {
            if !is_running(pid) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// The process id in a temporary file name of this tool.
fn owner_of_temp_name(name: &str) -> Option<u32> {
    let middle = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    let (pid, _random) = middle.split_once('-')?;
    pid.parse().ok()
}

/// Whether a process runs. Where that cannot be told (no `/proc`), it is
/// assumed to, so nothing in use is ever removed.
fn is_running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || pid == std::process::id() || proc.join(pid.to_string()).exists()
}

/// Prints `text` to stdout, or writes it to `output` when given.
pub(crate) fn emit(text: &str, output: Option<&Path>, force: bool) -> anyhow::Result<()> {
    emit_with(output, force, |out| Ok(out.write_all(text.as_bytes())?))
}

/// As [`emit`], with the text written by `write` as it is made.
pub(crate) fn emit_with(
    output: Option<&Path>,
    force: bool,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    match output {
        Some(path) => write_atomically_with(path, force, write),
        None => {
            let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            match write(&mut out).and_then(|()| Ok(out.flush()?)) {
                Err(e) if is_broken_pipe(&e) => Ok(()),
                Err(e) if io_error_kind(&e).is_some() => {
                    Err(e.context("cannot write to standard output"))
                }
                other => other,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    #[cfg(unix)]
    fn a_link_to_a_file_is_written_through_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.md");
        let link = dir.path().join("link.md");
        std::fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(write_atomically(&link, "new", false).is_err());
        write_atomically(&link, "new", true).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }

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
        assert_eq!(names_in(dir.path()), ["out.json"], "no temporary file left");
    }

    #[test]
    fn temp_file_names_are_recognisable_and_their_owner_is_read_back() {
        assert_eq!(
            owner_of_temp_name(".partnerscope-4242-aB3xYz.tmp"),
            Some(4242)
        );
        assert_eq!(owner_of_temp_name(".tmpaB3xYz"), None);
        assert_eq!(owner_of_temp_name(".partnerscope-notapid-x.tmp"), None);
        assert_eq!(owner_of_temp_name("report.partnerscope-1-x.tmp"), None);
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, "new", true).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    fn is_live(path: &Path) -> bool {
        LIVE_TEMP_FILES.lock().unwrap().iter().any(|p| p == path)
    }

    #[test]
    fn output_that_fails_half_way_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        let failed = write_atomically_with(&path, false, |out| {
            out.write_all(b"{\"profiles\": [")?;
            Err(Failure::input("the third profile is broken").into())
        })
        .unwrap_err();
        assert_eq!(crate::error::exit_code_of(&failed), ExitCode::InvalidInput);
        assert_eq!(failed.to_string(), "the third profile is broken");
        assert!(
            names_in(dir.path()).is_empty(),
            "no file, no temporary file"
        );
    }

    #[test]
    fn a_temp_file_is_known_to_the_signal_handler_while_it_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = TempFile::create_in(dir.path(), None).unwrap();
        tmp.fill(|out| Ok(out.write_all(b"partial")?)).unwrap();
        let path = tmp.file.path().to_path_buf();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with(".partnerscope-") && name.ends_with(".tmp"),
            "{name}"
        );
        assert!(is_live(&path));
        drop(tmp);
        assert!(!is_live(&path));
        assert!(names_in(dir.path()).is_empty());
    }

    #[test]
    fn stale_temp_files_of_finished_processes_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        // Far above any pid a kernel hands out.
        let stale = dir.path().join(".partnerscope-4000000000-abcdef.tmp");
        let foreign = dir.path().join(".tmp-someone-else");
        std::fs::write(&stale, "partial").unwrap();
        std::fs::write(&foreign, "theirs").unwrap();
        write_atomically(&dir.path().join("out.json"), "whole", false).unwrap();
        assert_eq!(names_in(dir.path()), [".tmp-someone-else", "out.json"]);
    }
}
