//! Files and streams: answers files, result documents, atomic writes, the
//! answers template and the published schemas.

pub(crate) mod answers;
pub(crate) mod content;
pub(crate) mod documents;
pub(crate) mod opened;
pub(crate) mod schema;
pub(crate) mod template;
pub(crate) mod write;

use std::io::Read;

/// The most one input may hold: an answers file, a content file, a result
/// document or one line of a JSON Lines file. Memory stays bounded by it
/// whatever arrives (`/dev/zero`, one endless line). Stated in the README.
pub(crate) const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Why an input was refused for its size.
pub(crate) fn too_large() -> String {
    format!(
        "larger than the {} MiB limit for one input",
        MAX_INPUT_BYTES >> 20
    )
}

/// What the JSON reader found wrong, without the " at line L column C" it
/// adds (the caller says where), on one line: text it quotes from the input
/// (an unknown variant, a field name) has its line breaks and other control
/// characters written as escapes.
pub(crate) fn json_problem(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = message
        .rfind(" at line ")
        .map_or(message.as_str(), |i| &message[..i]);
    crate::core::text::escape_controls(message, false).into_owned()
}

/// Reads `reader` to the end, or fails with [`std::io::ErrorKind::FileTooLarge`]
/// as soon as it holds more than [`MAX_INPUT_BYTES`].
pub(crate) fn read_capped(reader: impl Read) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            too_large(),
        ));
    }
    Ok(bytes)
}

/// An input's bytes: standard input for `-`, otherwise the file, device or
/// pipe at `path`. Errors read as plain words, without the OS error number.
pub(crate) fn read_input(path: &std::path::Path) -> Result<Vec<u8>, String> {
    if path == std::path::Path::new("-") {
        return read_capped(std::io::stdin().lock()).map_err(|e| describe_read_error(&e));
    }
    if path.is_dir() {
        return Err("is a folder, not a file".into());
    }
    std::fs::File::open(path)
        .and_then(read_capped)
        .map_err(|e| describe_read_error(&e))
}

fn describe_read_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "file not found".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::FileTooLarge => too_large(),
        std::io::ErrorKind::OutOfMemory => "out of memory".into(),
        _ => e.to_string(),
    }
}
