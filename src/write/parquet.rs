//! Parquet output with Arrow's own writer (zstd-compressed), written batch by batch to a
//! temporary file renamed over the target when complete.

use std::fs::File;
use std::path::{Path, PathBuf};

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use super::BatchWriter;
use crate::error::{Error, Result};

/// A Parquet file being written; the target appears only on [`BatchWriter::finish`].
pub struct ParquetFile {
    target: PathBuf,
    tmp: PathBuf,
    writer: Option<ArrowWriter<File>>,
}

impl ParquetFile {
    /// Start writing `target` with `schema`.
    pub fn create(target: &Path, schema: SchemaRef) -> Result<ParquetFile> {
        let tmp = super::atomic::temp_path(target);
        let file = File::create(&tmp).map_err(|e| Error::io(target, e))?;
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .build();
        let writer = ArrowWriter::try_new(file, schema, Some(props)).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::Invalid(format!("{}: parquet: {e}", target.display()))
        })?;
        Ok(ParquetFile {
            target: target.to_path_buf(),
            tmp,
            writer: Some(writer),
        })
    }

    fn err(&self, e: impl std::fmt::Display) -> Error {
        Error::Invalid(format!("{}: parquet: {e}", self.target.display()))
    }
}

impl BatchWriter for ParquetFile {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let w = self.writer.as_mut().expect("open until finish");
        w.write(batch)
            .map_err(|e| Error::Invalid(format!("{}: parquet: {e}", self.target.display())))
    }

    fn finish(&mut self) -> Result<()> {
        let w = self.writer.take().expect("open until finish");
        let file = w.into_inner().map_err(|e| self.err(e))?;
        file.sync_all().map_err(|e| Error::io(&self.target, e))?;
        std::fs::rename(&self.tmp, &self.target).map_err(|e| Error::io(&self.target, e))
    }
}

impl Drop for ParquetFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}
