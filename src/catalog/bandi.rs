//! «Bandi di gara e contratti» by part: which procedures and acts each part
//! of the sub-section lists, computed once (delibera ANAC 264/2023; the
//! order of AgID's PAT software).

use super::{ActEntry, Procedure};
use crate::model::{Parte, Regime};

/// Indexes into `Catalog::procedures` and `Catalog::acts`, per part.
#[derive(Clone, Debug, Default)]
pub struct Bandi {
    /// Procedures started since 1/1/2024, most recent first.
    pub procedure: Vec<usize>,
    /// Procedures started by 31/12/2023, most recent first.
    pub fino_al_2023: Vec<usize>,
    /// Acts of each part, newest first.
    pub atti_generali: Vec<usize>,
    pub programmazione: Vec<usize>,
    pub avvisi: Vec<usize>,
}

impl Bandi {
    pub(crate) fn build(procedures: &[Procedure], acts: &[ActEntry]) -> Bandi {
        let mut bandi = Bandi::default();
        for (i, p) in procedures.iter().enumerate() {
            match Regime::of(p.data) {
                Regime::Dal2024 => bandi.procedure.push(i),
                Regime::FinoAl2023 => bandi.fino_al_2023.push(i),
            }
        }
        let newest_first = |&a: &usize, &b: &usize| {
            let (pa, pb) = (&procedures[a], &procedures[b]);
            pb.data.cmp(&pa.data).then(pa.key.cmp(&pb.key))
        };
        bandi.procedure.sort_by(newest_first);
        bandi.fino_al_2023.sort_by(newest_first);
        // Acts are in date order: the reversed walk is newest first.
        for (i, a) in acts.iter().enumerate().rev() {
            let list = match a.header.tipo.parte(!a.procedure.is_empty()) {
                Some(Parte::AttiGenerali) => &mut bandi.atti_generali,
                Some(Parte::Programmazione) => &mut bandi.programmazione,
                Some(Parte::Avvisi) => &mut bandi.avvisi,
                Some(Parte::Procedura) | None => continue,
            };
            list.push(i);
        }
        bandi
    }

    /// The acts listed in `parte`; procedures are listed by regime.
    pub(crate) fn acts(&self, parte: Parte) -> &[usize] {
        match parte {
            Parte::AttiGenerali => &self.atti_generali,
            Parte::Programmazione => &self.programmazione,
            Parte::Avvisi => &self.avvisi,
            Parte::Procedura => &[],
        }
    }

    /// The procedures of `regime`.
    pub(crate) fn procedures(&self, regime: Regime) -> &[usize] {
        match regime {
            Regime::Dal2024 => &self.procedure,
            Regime::FinoAl2023 => &self.fino_al_2023,
        }
    }
}
