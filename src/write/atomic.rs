//! Files written all or nothing: a temporary file beside the target, renamed over it once
//! complete; dropped without [`AtomicFile::commit`], the temporary file is removed.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A file being written; the target appears only on [`commit`](AtomicFile::commit).
pub struct AtomicFile {
    target: PathBuf,
    tmp: PathBuf,
    file: Option<BufWriter<File>>,
}

/// The hidden file `target` is written to before it is renamed over `target`:
/// `.NAME.tmpPID` in the same folder (same file system, so the rename is atomic).
pub(crate) fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    target.with_file_name(format!(".{name}.tmp{}", std::process::id()))
}

impl AtomicFile {
    /// Start writing `target` (its directory must exist).
    pub fn create(target: &Path) -> Result<AtomicFile> {
        let tmp = temp_path(target);
        let file = File::create(&tmp).map_err(|e| Error::io(target, e))?;
        Ok(AtomicFile {
            target: target.to_path_buf(),
            tmp,
            file: Some(BufWriter::new(file)),
        })
    }

    /// The writer.
    pub fn writer(&mut self) -> &mut BufWriter<File> {
        self.file.as_mut().expect("open until commit")
    }

    /// Flush, sync and rename over the target.
    pub fn commit(mut self) -> Result<()> {
        let file = self.file.take().expect("open until commit");
        let file = file
            .into_inner()
            .map_err(|e| Error::io(&self.target, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&self.target, e))?;
        std::fs::rename(&self.tmp, &self.target).map_err(|e| Error::io(&self.target, e))
    }

    /// Write `bytes` as the whole of `target`, atomically.
    pub fn write_all(target: &Path, bytes: &[u8]) -> Result<()> {
        let mut f = AtomicFile::create(target)?;
        f.writer()
            .write_all(bytes)
            .map_err(|e| Error::io(target, e))?;
        f.commit()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}
