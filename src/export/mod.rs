//! The export stage (ARCHITECTURE.md): the open data, as files under
//! `dati/` plus the feed; once the pages are rendered, the sitemap and
//! robots.txt of the pages written (`site_map`).
//!
//! Every download is a view of the catalog, written through `Output`, and
//! described by a `Download` for the /dati/ page, the DCAT catalogue and
//! `SHA256SUMS`. The ANAC L.190/2012 XML datasets are written by
//! `crate::l190` (its own module); the lead maps the catalog to it and adds
//! its files to the list returned here.

mod csv_out;
mod datapackage;
mod dcat;
mod dictionary;
mod feed;
mod indicators_json;
mod json;
mod l190;
mod ocds;
mod ocds_release;
mod open_data_page;
mod quality;
pub(crate) mod rows;
pub mod schema;
mod sitemap;
mod sqlite;
pub mod tables;
mod xml;

pub use dictionary::dictionary_markdown;
pub(crate) use open_data_page::OpenDataPage;
pub(crate) use rows::Slice;

use crate::catalog::Catalog;
use crate::indicators::Indicators;
use crate::model::Config;
use crate::write::FileWriter;
use crate::write::Output;
use anyhow::{Context, Result};
use flate2::write::GzEncoder;
use rayon::prelude::*;
use rows::Ctx;
use serde::Serialize;
use std::io::Write;

/// `Download::format` of the ANAC L.190/2012 XML files, which the /dati/
/// page lists in their own section.
pub(crate) const L190_FORMAT: &str = "XML L.190";

/// One file a visitor can download, as the /dati/ page and DCAT list it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Download {
    /// Path relative to the site root, e.g. `dati/lotti.csv`.
    pub path: String,
    pub title: String,
    /// Short format name: CSV, JSON, OCDS, SQLite, ...
    pub format: String,
    pub media_type: String,
    pub bytes: u64,
    pub sha256: String,
    pub description: String,
    /// The whole catalog, or one year's or one body's slice.
    pub section: Slice,
    /// The same file gzip-compressed beside it (`<path>.gz`), when offered.
    pub gz: Option<Packed>,
    /// How many records a table holds; a table with none is written (the
    /// data package names every table) but not offered on /dati/.
    pub records: Option<u64>,
    /// The reference year of a L. 190/2012 dataset or index.
    #[serde(skip)]
    pub anno_l190: Option<i32>,
    /// Whether to write `gz` too.
    #[serde(skip)]
    compress: bool,
}

/// A compressed copy of a download.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Packed {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

impl Download {
    pub fn new(path: String, title: &str, format: &str, media_type: &str) -> Download {
        Download {
            path,
            title: title.to_string(),
            format: format.to_string(),
            media_type: media_type.to_string(),
            bytes: 0,
            sha256: String::new(),
            description: String::new(),
            section: Slice::All,
            gz: None,
            records: None,
            anno_l190: None,
            compress: false,
        }
    }

    /// A L. 190/2012 file of reference year `year`.
    pub(crate) fn l190_year(mut self, year: i32) -> Download {
        self.anno_l190 = Some(year);
        self
    }

    pub(crate) fn describe(mut self, description: impl Into<String>) -> Download {
        self.description = description.into();
        self
    }

    pub(crate) fn in_section(mut self, section: Slice) -> Download {
        self.section = section;
        self
    }

    /// Also offers the file gzip-compressed: the large dumps shrink five to
    /// ten times, and every tool that reads them reads `.gz` too.
    pub(crate) fn gzipped(mut self) -> Download {
        self.compress = true;
        self
    }

    /// Writes the file and completes its size and digest.
    pub(crate) fn emit(mut self, out: &Output, bytes: &[u8]) -> Result<Download> {
        if self.compress {
            return self.stream(out, |file| Ok(file.write_all(bytes)?));
        }
        let digest = out
            .write(&self.path, bytes)
            .with_context(|| format!("scrittura di {}", self.path))?;
        self.bytes = bytes.len() as u64;
        self.sha256 = hex::encode(digest);
        Ok(self)
    }

    /// Writes the file piece by piece through `fill`, never holding it whole
    /// in memory, and completes its size and digest.
    pub(crate) fn stream(
        self,
        out: &Output,
        fill: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<Download> {
        let mut file = self.open(out)?;
        let context = format!("scrittura di {}", file.download.path);
        fill(&mut file).context(context)?;
        file.finish()
    }

    /// Opens the file for writing; `DownloadWriter::finish` completes it.
    pub fn open(self, out: &Output) -> Result<DownloadWriter<'_>> {
        let create = |path: &str| {
            out.create(path)
                .with_context(|| format!("scrittura di {path}"))
        };
        let file = create(&self.path)?;
        let gz = match self.compress {
            true => Some(gzip(create(&format!("{}.gz", self.path))?)),
            false => None,
        };
        Ok(DownloadWriter {
            download: self,
            file,
            gz,
        })
    }
}

/// Gzip with a fixed header (no time, no name): the same bytes every build.
fn gzip<W: Write>(inner: W) -> GzEncoder<W> {
    flate2::GzBuilder::new().write(inner, flate2::Compression::default())
}

/// A download being written; its size and digest are known on `finish`.
pub(crate) struct DownloadWriter<'o> {
    download: Download,
    file: FileWriter<'o>,
    gz: Option<GzEncoder<FileWriter<'o>>>,
}

impl Write for DownloadWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        if let Some(gz) = &mut self.gz {
            gz.write_all(&buf[..n])?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl DownloadWriter<'_> {
    pub(crate) fn finish(self) -> Result<Download> {
        let DownloadWriter {
            mut download,
            file,
            gz,
        } = self;
        let context = || format!("scrittura di {}", download.path);
        let (bytes, digest) = file.finish().with_context(context)?;
        if let Some(gz) = gz {
            let (bytes, digest) = gz
                .finish()
                .and_then(FileWriter::finish)
                .with_context(context)?;
            download.gz = Some(Packed {
                path: format!("{}.gz", download.path),
                bytes,
                sha256: hex::encode(digest),
            });
        }
        download.bytes = bytes;
        download.sha256 = hex::encode(digest);
        Ok(download)
    }
}

/// Writes every open-data file; returns the downloads, main files first.
pub(crate) fn export(
    catalog: &Catalog,
    indicators: &Indicators,
    config: &Config,
    out: &Output,
) -> Result<Vec<Download>> {
    let ctx = Ctx::new(catalog, indicators);
    let mut downloads = csv_tables(&ctx, out, &Slice::All)?;
    downloads.push(json::export(&ctx, config, out)?);
    downloads.push(quality::export(&ctx, out)?);
    downloads.push(indicators_json::export(&ctx, out)?);
    downloads.extend(ocds::export(&ctx, config, out)?);
    downloads.extend(sqlite::export(&ctx, config, out)?);
    downloads.push(datapackage::export(config, &downloads, out)?);
    downloads.extend(l190::export(catalog, config, out)?);
    downloads.extend(slices(&ctx, out)?);
    downloads.push(dcat::export(&ctx, config, &downloads, out)?);
    downloads.push(checksums(&downloads, out)?);
    feed::export(&ctx, config, out)?;
    Ok(downloads)
}

/// `sitemap.xml` and `robots.txt`, from `pages`: the address of every page
/// the renderer wrote.
pub(crate) fn site_map(catalog: &Catalog, pages: &[String], out: &Output) -> Result<()> {
    // The sitemap and robots.txt read no indicator.
    let none = Indicators::default();
    let ctx = Ctx::new(catalog, &none);
    sitemap::export(&ctx, pages, out)?;
    out.write("robots.txt", robots(&ctx).as_bytes())?;
    Ok(())
}

/// `robots.txt` allows the portal and points at the sitemap. Crawlers read
/// it at the host's root only: under a sub-path, the host's own file must
/// name the sitemap; this copy is harmless there.
fn robots(ctx: &Ctx) -> String {
    let allow = ctx.urls.base_path();
    let sitemap = ctx.absolute_route(&crate::route::Route::File("sitemap.xml"));
    format!("User-agent: *\nAllow: {allow}\n\nSitemap: {sitemap}\n")
}

/// The tables of one slice as CSV files.
fn csv_tables(ctx: &Ctx, out: &Output, slice: &Slice) -> Result<Vec<Download>> {
    tables::TABLES
        .par_iter()
        .map(|table| {
            let download = Download::new(
                format!("{}/{}.csv", slice.dir(), table.name),
                table.title,
                "CSV",
                "text/csv",
            )
            .describe(table.description)
            .in_section(slice.clone());
            // A body's slice stays small; the whole catalogue and a year are not.
            let download = match slice {
                Slice::Ente(_) => download,
                Slice::All | Slice::Year(_) => download.gzipped(),
            };
            let mut records = 0;
            let mut download = download.stream(out, |file| {
                let mut csv = csv_out::writer(table, file)?;
                rows::for_each_chunk(ctx, table, slice, |rows| {
                    records += rows.len() as u64;
                    csv_out::append(&mut csv, &rows)
                })?;
                csv.flush()?;
                Ok(())
            })?;
            download.records = Some(records);
            Ok(download)
        })
        .collect()
}

/// The same tables for every year and every body.
fn slices(ctx: &Ctx, out: &Output) -> Result<Vec<Download>> {
    let c = ctx.catalog;
    let years = c
        .years
        .iter()
        .filter_map(|g| g.chiave.parse().ok().map(Slice::Year));
    let enti = c.enti.iter().map(|(e, _)| Slice::Ente(e.id.clone()));
    let all: Vec<Slice> = years.chain(enti).collect();
    let parts = all
        .par_iter()
        .map(|s| csv_tables(ctx, out, s))
        .collect::<Result<Vec<_>>>()?;
    Ok(parts.into_iter().flatten().collect())
}

/// `dati/SHA256SUMS`, in the format `sha256sum -c` reads, from `dati/`.
fn checksums(downloads: &[Download], out: &Output) -> Result<Download> {
    let packed = downloads.iter().filter_map(|d| d.gz.as_ref());
    let mut files: Vec<(&str, &str)> = downloads
        .iter()
        .map(|d| (d.path.as_str(), d.sha256.as_str()))
        .chain(packed.map(|p| (p.path.as_str(), p.sha256.as_str())))
        .filter_map(|(path, sha)| Some((path.strip_prefix("dati/")?, sha)))
        .collect();
    files.sort();
    let lines: Vec<String> = files
        .iter()
        .map(|(name, sha)| format!("{sha}  {name}\n"))
        .collect();
    Download::new(
        "dati/SHA256SUMS".into(),
        "Impronte SHA-256",
        "SHA256SUMS",
        "text/plain",
    )
    .describe(
        "Impronte SHA-256 di ogni file scaricabile, per verificarne l'integrità con sha256sum -c",
    )
    .emit(out, lines.concat().as_bytes())
}
