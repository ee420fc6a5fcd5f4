//! The explorer's reference selector: the URL's `reference` parameter (the words of `depbench
//! report --reference`) and the choices the page offers.

use super::{ReferenceChoice, Result};

impl ReferenceChoice {
    /// The URL's `reference` parameter (`FRM,region`, the words of `depbench report
    /// --reference`); absent or empty: the references follow the focus. A bad word → 400
    /// naming `reference=`.
    pub fn from_url(value: Option<&str>) -> Result<ReferenceChoice> {
        let given: Vec<String> = value
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| vec![s.to_string()])
            .unwrap_or_default();
        Ok(ReferenceChoice::parse("reference", &given)?)
    }
}

/// The choices of the explorer's reference selector: (URL value, label). The empty value is the
/// default (references following the focus, said under the selector by [`REFERENCE_DEFAULT`]):
/// labels short enough for a phone's select (390 px), which cannot wrap.
/// What the default references are, under the explorer's reference selector.
pub const REFERENCE_DEFAULT: &str = "selon le département : France métropolitaine et région ; outre-mer : France entière, DROM et région";

pub const REFERENCE_OPTIONS: [(&str, &str); 8] = [
    ("", "Selon le département"),
    ("FRM,region", "France métropolitaine et région"),
    ("FRM", "France métropolitaine"),
    (
        "FRE,DROM,region",
        "France entière hors Mayotte, DROM et région",
    ),
    ("FRE,region", "France entière hors Mayotte et région"),
    ("FRE", "France entière hors Mayotte"),
    ("DROM", "DROM hors Mayotte"),
    ("region", "Région du département"),
];
