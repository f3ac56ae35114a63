//! Files and streams: answers files, result documents, atomic writes, the
//! answers template and the published schemas.

pub(crate) mod answers;
pub(crate) mod content;
pub(crate) mod documents;
pub(crate) mod schema;
pub(crate) mod template;
pub(crate) mod write;
