//! Territories as every stage names them: the national aggregate codes, the roles a territory
//! plays in a comparison, and the seed départements.
//!
//! Codes are DREES codes: `01`…`95`, `2A`, `2B`, `20`, `69D`, `69M`, `971`…`976`, and the
//! aggregates below. Joins are always on codes, never on names.

/// National aggregates: (code, name, kind, how the official files label it).
pub const AGGREGATES: [(&str, &str, &str, &str); 5] = [
    (
        "FRM",
        "France métropolitaine",
        "france_metropolitaine",
        "DREES «TOTAL estimé France métropolitaine»; Insee «France métropolitaine»",
    ),
    (
        "FRE",
        "France entière (hors Mayotte)",
        "france_entiere",
        "DREES «TOTAL estimé France entière (hors Mayotte)», «TOTAL estimé France métropolitaine et DROM (hors Mayotte)»",
    ),
    (
        "DROM",
        "DROM (hors Mayotte)",
        "drom_total",
        "DREES «TOTAL estimé DROM (hors Mayotte)»",
    ),
    (
        "FR",
        "France métropolitaine et DROM (y c. Mayotte)",
        "france_entiere_mayotte",
        "DREES «TOTAL estimé France métropolitaine et DROM»; Insee «France métropolitaine et DOM»",
    ),
    (
        "DOM",
        "DOM (y c. Mayotte)",
        "drom_total_mayotte",
        "Insee «DOM»",
    ),
];

/// Aggregates drawn as national references next to the focus and its peers.
pub const REFERENCE_CODES: [&str; 4] = ["FRM", "FRE", "DROM", "FR"];

/// Whether `code` is a reference territory: a national aggregate of [`REFERENCE_CODES`] or a
/// région (`R` and digits: `R75`, `R101`), drawn as a yardstick next to the départements.
pub fn is_reference(code: &str) -> bool {
    REFERENCE_CODES.contains(&code)
        || code
            .strip_prefix('R')
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

/// The départements of the seed documents, reported by default: Orne, Charente-Maritime,
/// Val-d'Oise, Hérault, Haute-Garonne.
pub const SEED_DEPARTEMENTS: [&str; 5] = ["61", "17", "95", "34", "31"];

/// How a territory is highlighted: the client département, its comparison set, the national reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Focus,
    Peer,
    Reference,
    Other,
}

/// Territory roles for a comparison: the focus, its peers, the national references.
#[derive(Debug, Clone, Default)]
pub struct Roles {
    pub focus: String,
    pub peers: Vec<String>,
}

impl Roles {
    /// Role of territory `code`: focus first, then peers, then references ([`is_reference`]).
    pub fn of(&self, code: &str) -> Role {
        if code == self.focus {
            Role::Focus
        } else if self.peers.iter().any(|p| p == code) {
            Role::Peer
        } else if is_reference(code) {
            Role::Reference
        } else {
            Role::Other
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_focus_peer_reference_other() {
        let r = Roles {
            focus: "17".into(),
            peers: vec!["64".into()],
        };
        assert_eq!(r.of("17"), Role::Focus);
        assert_eq!(r.of("64"), Role::Peer);
        assert_eq!(r.of("FRM"), Role::Reference);
        assert_eq!(r.of("FRE"), Role::Reference);
        assert_eq!(r.of("DROM"), Role::Reference);
        assert_eq!(r.of("R75"), Role::Reference);
        assert_eq!(r.of("R101"), Role::Reference);
        assert_eq!(r.of("R"), Role::Other);
        assert_eq!(r.of("33"), Role::Other);
        assert_eq!(r.of("971"), Role::Other);
    }

    #[test]
    fn aggregate_codes_are_unique_and_include_the_references() {
        let codes: Vec<&str> = AGGREGATES.iter().map(|a| a.0).collect();
        assert_eq!(codes, ["FRM", "FRE", "DROM", "FR", "DOM"]);
        assert!(REFERENCE_CODES.iter().all(|r| codes.contains(r)));
    }
}
