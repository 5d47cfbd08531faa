import Dataflow
import Findings
import Foundation

/// Renders the rule catalog for `taintline rules` (text, markdown, JSON). The markdown form
/// is the README's rule table.
public enum RuleCatalog {
    public static func text(_ rules: [RuleDescriptor]) -> String {
        let idWidth = max(4, rules.map(\.id.count).max() ?? 0)
        let nameWidth = max(4, rules.map(\.name.count).max() ?? 0)
        var lines = [pad("ID", idWidth) + "  " + pad("NAME", nameWidth) + "  " + pad("SEVERITY", 8) + "  " + pad("CWE", 8) + "  OWASP"]
        for rule in rules {
            lines.append(pad(rule.id, idWidth) + "  " + pad(rule.name, nameWidth) + "  " + pad(rule.severity.description, 8) + "  "
                         + pad(rule.cwe.description, 8) + "  " + rule.owasp.code + (rule.enabledByDefault ? "" : "  (opt-in)")
                         + (rule.fixApplicability.map { "  (fix: \($0.rawValue))" } ?? ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func markdown(_ rules: [RuleDescriptor]) -> String {
        var lines = ["| ID | Name | Severity | CWE | OWASP | Aliases | Default | Fix |", "|---|---|---|---|---|---|---|---|"]
        for rule in rules {
            let summary = rule.summary.replacingOccurrences(of: "|", with: "\\|")
            let enabled = rule.enabledByDefault ? "on" : "opt-in"
            // `scan --fix` applies a safe fix; an unsafe one also needs `--unsafe-fixes`.
            let fix = rule.fixApplicability?.rawValue ?? ""
            lines.append("| `\(rule.id)` | \(rule.name): \(summary) | \(rule.severity) | [\(rule.cwe)](\(rule.cwe.url)) | \(rule.owasp.code) | \(rule.aliases.joined(separator: ", ")) | \(enabled) | \(fix) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ rules: [RuleDescriptor]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(rules)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// `explain`: the rule's header and documentation.
    public static func explain(_ rule: RuleDescriptor) -> String {
        var out = "# \(rule.id): \(rule.name)\n\n\(rule.summary)\n\n"
        out += "Severity: \(rule.severity)  Confidence: \(rule.confidence)  \(rule.cwe)  \(rule.owasp)\n"
        if !rule.aliases.isEmpty { out += "Aliases: \(rule.aliases.joined(separator: ", "))\n" }
        return out + "\n" + rule.documentation + "\n"
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
