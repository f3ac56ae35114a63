//! The fingerprint of a set of content files. The build script works out the
//! bundled content's ahead of time with this same code, so a result scored
//! with the bundled content says the same whichever way it was loaded.

use sha2::{Digest, Sha256};

/// A short hash of each file's layout path and text, in the order given.
pub(crate) fn fingerprint<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut hasher = Sha256::new();
    for (path, text) in files {
        hasher.update(path.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{}", &hex[..16])
}
