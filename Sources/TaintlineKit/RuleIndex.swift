import Dependencies
import Findings
import Probe
import Rules

/// Every rule and detector Taintline has, across analyses: what `taintline rules` lists,
/// `taintline explain` documents, and the README's rule table shows.
public enum RuleIndex {
    public static var all: [RuleDescriptor] {
        (ScanPipeline.allRules + Prober.rules).sorted { $0.id < $1.id }
    }

    /// The rule with this id or alias (`TL-B602`, `B602`, `S602`, `DEP-VULN`), case-insensitive.
    public static func descriptor(named key: String) -> RuleDescriptor? {
        let wanted = key.uppercased()
        let rules = all
        return rules.first { $0.id.uppercased() == wanted }
            ?? rules.first { $0.aliases.contains { $0.uppercased() == wanted } }
            ?? rules.first { $0.name.uppercased() == wanted }
    }
}
