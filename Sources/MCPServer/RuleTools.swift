import Foundation
import Findings
import Reporting
import Rules
import TaintlineKit

/// `explain`: what `taintline explain ID` prints, and the rule's metadata as data.
enum ExplainTool {
    static let tool = Tool(
        name: "explain", title: "Explain a Taintline rule",
        description: """
        A rule's documentation (what it finds, why it matters, an example and the fix) and its \
        metadata: severity, confidence, CWE, OWASP category, aliases, whether `taintline scan --fix` \
        can fix it. ID is a rule id from a finding (TL-B602, DEP-VULN, ...) or a bandit/ruff alias \
        (B602, S602), case-insensitive.
        """,
        inputSchema: ToolSchemas.explainInput, outputSchema: ToolSchemas.explainOutput,
        run: { arguments, _ in
            try arguments.onlyKeys(["id"])
            guard let id = try arguments.string("id") else { throw ToolError("\"id\" is required: a rule id such as TL-B602") }
            guard let descriptor = RuleIndex.descriptor(named: id) else {
                let near = nearMatches(id, in: RuleIndex.all)
                throw ToolError("unknown rule '\(id)'" + (near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?")
                                + " The rules tool lists every rule id.")
            }
            return ToolResult(text: RuleCatalog.explain(descriptor), structured: RuleValues.value(descriptor, documented: true))
        })

    /// Up to five ids (or aliases) that contain `key` or are within two edits of it.
    static func nearMatches(_ key: String, in rules: [RuleDescriptor]) -> [String] {
        let wanted = Array(key.uppercased())
        guard !wanted.isEmpty else { return [] }
        var matches: [(distance: Int, id: String)] = []
        for rule in rules {
            let names = [rule.id] + rule.aliases
            let distance = names.map { name -> Int in
                let upper = name.uppercased()
                return upper.contains(String(wanted)) ? 0 : editDistance(Array(upper), wanted)
            }.min() ?? Int.max
            if distance <= 2 { matches.append((distance, rule.id)) }
        }
        return matches.sorted { ($0.distance, $0.id) < ($1.distance, $1.id) }.prefix(5).map(\.id)
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// `rules`: the catalog `taintline rules` lists.
enum RulesTool {
    static let tool = Tool(
        name: "rules", title: "List Taintline's rules",
        description: """
        Every rule and detector Taintline has: id, name, severity, confidence, CWE, OWASP category, \
        aliases, whether it is on by default and whether it has a mechanical fix. `filter` keeps the \
        rules whose id, name, summary, CWE, OWASP category, alias or analysis contains the text \
        (case-insensitive), e.g. "sql", "CWE-78", "A03", "secrets".
        """,
        inputSchema: ToolSchemas.rulesInput, outputSchema: ToolSchemas.rulesOutput,
        run: { arguments, _ in
            try arguments.onlyKeys(["filter"])
            let filter = try arguments.string("filter")?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            let rules = RuleIndex.all.filter { rule in
                filter.isEmpty || ([rule.id, rule.name, rule.summary, rule.cwe.description, rule.owasp.rawValue, rule.analysis.rawValue] + rule.aliases)
                    .contains { $0.lowercased().contains(filter) }
            }
            let structured = JSONValue.obj([("count", .int(rules.count)), ("rules", .array(rules.map { RuleValues.value($0, documented: false) }))])
            let heading = filter.isEmpty ? "\(rules.count) rules" : "\(rules.count) rules matching '\(filter)'"
            return ToolResult(text: heading + "\n" + (rules.isEmpty ? "" : RuleCatalog.text(rules)), structured: structured)
        })
}

/// A rule as tool results show it.
enum RuleValues {
    static func value(_ rule: RuleDescriptor, documented: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(rule.id)),
            ("name", .string(rule.name)),
            ("summary", .string(rule.summary)),
            ("severity", .string(rule.severity.description)),
            ("confidence", .string(rule.confidence.description)),
            ("cwe", .string(rule.cwe.description)),
            ("owasp", .string(rule.owasp.rawValue)),
            ("analysis", .string(rule.analysis.rawValue)),
            ("aliases", .array(rule.aliases.map(JSONValue.string))),
            ("enabledByDefault", .bool(rule.enabledByDefault)),
            ("fix", .optional(rule.fixApplicability?.rawValue)),
        ]
        if documented {
            members += [("documentation", .string(rule.documentation)), ("references", .array(rule.references.map(JSONValue.string)))]
        }
        return .obj(members)
    }
}
