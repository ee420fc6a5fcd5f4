//! The files an import reads: folders walked recursively, named pipes, sockets and devices
//! skipped without being opened, and the cheap looks at a file that recognition needs (its first
//! line, whether it is UTF-8 text) read as streams.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What a path that is neither a regular file nor a folder is, for messages; `None` for a file
/// or a folder. Such paths (named pipes, sockets, devices) are never opened: opening a FIFO
/// waits for a writer, a device may never end.
pub(super) fn special(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() || t.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("un tube nommé (FIFO)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() {
            return Some("un périphérique caractère");
        }
        if t.is_block_device() {
            return Some("un périphérique bloc");
        }
    }
    Some("ni un fichier ordinaire ni un dossier")
}

/// Why a special path is not read.
pub(super) fn special_reason(kind: &str) -> String {
    format!(
        "{kind}, pas un fichier ordinaire : non ouvert (depbench n'importe que des fichiers ordinaires)"
    )
}

/// Files found under `paths`, with the root they are cited from and whether they were named.
pub(super) type Found = Vec<(PathBuf, PathBuf, bool)>;

/// Every file under `paths` (folders recursively, sorted), with whether it was named, and the
/// paths skipped with their reason (named pipes, sockets, devices: never opened).
pub(super) fn expand(paths: &[PathBuf]) -> Result<(Found, Vec<(PathBuf, String)>)> {
    fn walk(
        root: &Path,
        dir: &Path,
        out: &mut Found,
        skipped: &mut Vec<(PathBuf, String)>,
    ) -> Result<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .map(|e| e.map(|e| e.path()).map_err(|e| Error::io(dir, e)))
            .collect::<Result<_>>()?;
        entries.sort();
        for p in entries {
            // Links are followed: a link to a pipe is a pipe.
            let meta = std::fs::metadata(&p).map_err(|e| Error::io(&p, e))?;
            if let Some(kind) = special(&meta) {
                skipped.push((p, special_reason(kind)));
            } else if meta.is_dir() {
                walk(root, &p, out, skipped)?;
            } else {
                out.push((p, root.to_path_buf(), false));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::io(
                    p,
                    std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "fichier ou dossier introuvable",
                    ),
                )
            } else {
                Error::io(p, e)
            }
        })?;
        if let Some(kind) = special(&meta) {
            return Err(Error::Invalid(format!(
                "{}: {}",
                p.display(),
                special_reason(kind)
            )));
        } else if meta.is_dir() {
            walk(p, p, &mut out, &mut skipped)?;
        } else {
            out.push((
                p.clone(),
                p.parent().unwrap_or(Path::new("")).to_path_buf(),
                true,
            ));
        }
    }
    Ok((out, skipped))
}

/// First line of a text file (read from its first 4 KiB only), or `None` when it is not text.
pub(super) fn first_line(path: &Path) -> Result<Option<String>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .map_err(|e| Error::io(path, e))?;
    // CR-only files (old Mac exports) end their header with a CR.
    let end = crate::model::lines::first_line_end(&head);
    Ok(std::str::from_utf8(&head[..end])
        .ok()
        .map(|s| s.trim_start_matches('\u{feff}').trim_end().to_string()))
}

/// Whether a file is UTF-8 text, read as a stream (a file of any size costs 64 KiB here).
pub(super) fn is_utf8_file(path: &Path) -> Result<bool> {
    use std::io::BufRead;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    // Bytes of a character cut by the end of a chunk.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let chunk = reader.fill_buf().map_err(|e| Error::io(path, e))?;
        if chunk.is_empty() {
            return Ok(carry.is_empty());
        }
        carry.extend_from_slice(chunk);
        let n = chunk.len();
        reader.consume(n);
        match std::str::from_utf8(&carry) {
            Ok(_) => carry.clear(),
            Err(e) if e.error_len().is_none() => {
                carry.drain(..e.valid_up_to());
            }
            Err(_) => return Ok(false),
        }
    }
}
