//! `dati/catalogo-dcat.rdf`: the DCAT-AP_IT catalogue (RDF/XML) that lets
//! dati.gov.it harvest the open data: one dataset whose distributions are
//! the files of the whole catalogue, with licence and publisher.

use super::rows::{Ctx, Slice};
use super::xml::{self, XmlWriter};
use super::{Download, datapackage};
use crate::model::Config;
use crate::route::{Route, Section};
use crate::write::Output;
use anyhow::Result;
use std::io;

const NAMESPACES: [(&str, &str); 8] = [
    ("xmlns:rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("xmlns:dcat", "http://www.w3.org/ns/dcat#"),
    ("xmlns:dct", "http://purl.org/dc/terms/"),
    ("xmlns:dcatapit", "http://dati.gov.it/onto/dcatapit#"),
    ("xmlns:foaf", "http://xmlns.com/foaf/0.1/"),
    ("xmlns:vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("xmlns:spdx", "http://spdx.org/rdf/terms#"),
    ("xmlns:xsd", "http://www.w3.org/2001/XMLSchema#"),
];
const EU: &str = "http://publications.europa.eu/resource/authority";
const XSD_DATE: &str = "http://www.w3.org/2001/XMLSchema#date";

/// EU file-type authority code of a download format.
fn file_type(format: &str) -> &'static str {
    match format {
        "CSV" => "CSV",
        "JSON" | "OCDS" => "JSON",
        "SHA256SUMS" => "TXT",
        _ => "BIN",
    }
}

fn resource(w: &mut XmlWriter, name: &str, uri: &str) -> io::Result<()> {
    xml::empty(w, name, &[("rdf:resource", uri)])
}

fn typed(w: &mut XmlWriter, name: &str, value: &str, datatype: &str) -> io::Result<()> {
    w.create_element(name)
        .with_attribute(("rdf:datatype", datatype))
        .write_text_content(quick_xml::events::BytesText::new(value))?;
    Ok(())
}

fn italian(w: &mut XmlWriter, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .with_attribute(("xml:lang", "it"))
        .write_text_content(quick_xml::events::BytesText::new(value))?;
    Ok(())
}

struct Ids {
    catalog: String,
    dataset: String,
    publisher: String,
    licence: String,
    identifier: String,
    modified: String,
}

fn distribution(w: &mut XmlWriter, ctx: &Ctx, ids: &Ids, d: &Download) -> io::Result<()> {
    let url = ctx.absolute_route(&Route::File(&d.path));
    w.create_element("dcatapit:Distribution")
        .with_attribute(("rdf:about", url.as_str()))
        .write_inner_content(|w| {
            resource(w, "rdf:type", "http://www.w3.org/ns/dcat#Distribution")?;
            italian(w, "dct:title", &d.title)?;
            italian(w, "dct:description", &d.description)?;
            resource(
                w,
                "dct:format",
                &format!("{EU}/file-type/{}", file_type(&d.format)),
            )?;
            xml::text(w, "dcat:mediaType", &d.media_type)?;
            resource(w, "dcat:accessURL", &url)?;
            resource(w, "dcat:downloadURL", &url)?;
            typed(
                w,
                "dcat:byteSize",
                &d.bytes.to_string(),
                "http://www.w3.org/2001/XMLSchema#decimal",
            )?;
            resource(w, "dct:license", &ids.licence)?;
            w.create_element("spdx:checksum").write_inner_content(|w| {
                w.create_element("spdx:Checksum").write_inner_content(|w| {
                    resource(
                        w,
                        "spdx:algorithm",
                        "http://spdx.org/rdf/terms#checksumAlgorithm_sha256",
                    )?;
                    typed(
                        w,
                        "spdx:checksumValue",
                        &d.sha256,
                        "http://www.w3.org/2001/XMLSchema#hexBinary",
                    )
                })?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

fn dataset(
    w: &mut XmlWriter,
    ctx: &Ctx,
    config: &Config,
    ids: &Ids,
    files: &[&Download],
) -> io::Result<()> {
    let description = config
        .descrizione
        .as_deref()
        .unwrap_or("Atti e procedure di affidamento di lavori, servizi e forniture");
    w.create_element("dcatapit:Dataset")
        .with_attribute(("rdf:about", ids.dataset.as_str()))
        .write_inner_content(|w| {
            resource(w, "rdf:type", "http://www.w3.org/ns/dcat#Dataset")?;
            xml::text(w, "dct:identifier", &ids.identifier)?;
            italian(
                w,
                "dct:title",
                &format!("{} – bandi di gara e contratti", config.titolo),
            )?;
            italian(w, "dct:description", description)?;
            typed(w, "dct:modified", &ids.modified, XSD_DATE)?;
            resource(w, "dcat:theme", &format!("{EU}/data-theme/GOVE"))?;
            resource(w, "dct:language", &format!("{EU}/language/ITA"))?;
            resource(
                w,
                "dct:accrualPeriodicity",
                &format!("{EU}/frequency/IRREG"),
            )?;
            resource(w, "dct:publisher", &ids.publisher)?;
            resource(w, "dct:rightsHolder", &ids.publisher)?;
            resource(
                w,
                "dcat:landingPage",
                &ctx.absolute_route(&Route::Section(Section::Dati)),
            )?;
            for keyword in ["appalti", "contratti pubblici", "trasparenza", "CIG"] {
                italian(w, "dcat:keyword", keyword)?;
            }
            w.create_element("dcat:contactPoint")
                .write_inner_content(|w| {
                    w.create_element("dcatapit:Organization")
                        .write_inner_content(|w| {
                            resource(
                                w,
                                "rdf:type",
                                "http://www.w3.org/2006/vcard/ns#Organization",
                            )?;
                            xml::text(
                                w,
                                "vcard:fn",
                                config.editore.as_deref().unwrap_or(&config.titolo),
                            )?;
                            resource(w, "vcard:hasURL", &ctx.absolute_route(&Route::Home))
                        })?;
                    Ok(())
                })?;
            for d in files {
                resource(
                    w,
                    "dcat:distribution",
                    &ctx.absolute_route(&Route::File(&d.path)),
                )?;
            }
            Ok(())
        })?;
    Ok(())
}

fn agents(w: &mut XmlWriter, config: &Config, ids: &Ids) -> io::Result<()> {
    w.create_element("dcatapit:Agent")
        .with_attribute(("rdf:about", ids.publisher.as_str()))
        .write_inner_content(|w| {
            resource(w, "rdf:type", "http://xmlns.com/foaf/0.1/Agent")?;
            xml::text(
                w,
                "foaf:name",
                config.editore.as_deref().unwrap_or(&config.titolo),
            )?;
            match &config.editore_codice {
                Some(code) => xml::text(w, "dct:identifier", code),
                None => Ok(()),
            }
        })?;
    w.create_element("dcatapit:LicenseDocument")
        .with_attribute(("rdf:about", ids.licence.as_str()))
        .write_inner_content(|w| {
            resource(w, "rdf:type", "http://purl.org/dc/terms/LicenseDocument")?;
            xml::text(w, "foaf:name", &config.licenza)
        })?;
    Ok(())
}

pub(crate) fn export(
    ctx: &Ctx,
    config: &Config,
    downloads: &[Download],
    out: &Output,
) -> Result<Download> {
    let path = "dati/catalogo-dcat.rdf";
    let dati = ctx.absolute_route(&Route::Section(Section::Dati));
    let ids = Ids {
        catalog: ctx.absolute_route(&Route::File(path)),
        dataset: format!("{dati}#dataset"),
        publisher: format!("{}#editore", ctx.absolute_route(&Route::Home)),
        licence: datapackage::licence_url(&config.licenza)
            .map_or_else(|| format!("{dati}#licenza"), str::to_string),
        identifier: format!(
            "{}:vetro-appalti",
            config.editore_codice.as_deref().unwrap_or(&config.url_base)
        ),
        modified: ctx
            .catalog
            .acts
            .iter()
            .map(|a| a.header.data)
            .max()
            .map_or_else(|| "1970-01-01".into(), |d| d.iso()),
    };
    let files: Vec<&Download> = downloads
        .iter()
        .filter(|d| d.section == Slice::All)
        .collect();
    let mut w = xml::document()?;
    w.create_element("rdf:RDF")
        .with_attributes(NAMESPACES)
        .write_inner_content(|w| {
            w.create_element("dcatapit:Catalog")
                .with_attribute(("rdf:about", ids.catalog.as_str()))
                .write_inner_content(|w| {
                    resource(w, "rdf:type", "http://www.w3.org/ns/dcat#Catalog")?;
                    italian(
                        w,
                        "dct:title",
                        &format!("Catalogo dei dati aperti – {}", config.titolo),
                    )?;
                    italian(
                        w,
                        "dct:description",
                        "Dati aperti sugli appalti pubblicati dal portale",
                    )?;
                    typed(w, "dct:modified", &ids.modified, XSD_DATE)?;
                    resource(w, "dct:publisher", &ids.publisher)?;
                    resource(w, "foaf:homepage", &ctx.absolute_route(&Route::Home))?;
                    resource(w, "dct:language", &format!("{EU}/language/ITA"))?;
                    resource(w, "dcat:dataset", &ids.dataset)
                })?;
            dataset(w, ctx, config, &ids, &files)?;
            for d in &files {
                distribution(w, ctx, &ids, d)?;
            }
            agents(w, config, &ids)
        })?;
    Download::new(
        path.into(),
        "Catalogo DCAT-AP_IT",
        "RDF/XML",
        "application/rdf+xml",
    )
    .describe(
        "Metadati dei dati aperti secondo DCAT-AP_IT, per la raccolta automatica da dati.gov.it",
    )
    .emit(out, &xml::finish(w))
}
