import Findings

/// The catalog: every rule, in id order. This list is the only place a rule is registered;
/// node-kind dispatch, `taintline rules`, `explain` and the generic example test all derive
/// from it (a test checks that every `static let rule = Rule(` in Sources/Rules is listed).
public enum RuleRegistry {
    public static let all: [Rule] = [
        SubprocessShellTrue.rule,
    ].sorted { $0.id < $1.id }

    /// The descriptors of every rule, in id order.
    public static var descriptors: [RuleDescriptor] { all.map(\.descriptor) }

    /// The rule with this id or alias (`TL-B602`, `B602`, `S602`; case-insensitive).
    public static func rule(named key: String) -> Rule? {
        let wanted = key.uppercased()
        return all.first { $0.id.uppercased() == wanted }
            ?? all.first { $0.descriptor.aliases.contains { $0.uppercased() == wanted } }
    }

    /// Rule ids a suppression token (`B602`, `S602`, `TL-B602`) names; empty when unknown.
    public static func ids(matching token: String) -> [String] {
        let wanted = token.uppercased()
        return all.filter { $0.id.uppercased() == wanted || $0.descriptor.aliases.contains { $0.uppercased() == wanted } }.map(\.id)
    }
}
