import Foundation

/// The threat model as a Markdown document a reviewer starts from: a summary, the data-flow
/// diagram (Mermaid, which GitHub and GitLab draw), the attack surface as a table, then one
/// section per entry point with its STRIDE table, the flows out of the app, the findings
/// that belong to no entry point, and what the model could not see.
enum MarkdownThreatModel {
    static func render(_ model: ThreatModelDocument) -> String {
        var out = "# Threat model: \(model.roots.map { "`\($0)`" }.joined(separator: ", "))\n\n"
        out += "Derived from the code by Taintline \(model.toolVersion). Statuses: **open** (a finding or a missing control shows the threat), "
        out += "**mitigated** (a control in the code addresses it), **n/a** (it cannot arise), **unknown** (the code does not decide it). "
        out += "Finding ids are the fingerprints `taintline scan` reports.\n\n"
        out += summary(model)
        out += "\n## Data-flow diagram\n\n```mermaid\n" + MermaidDiagram.render(model.diagram) + "```\n"
        if !model.diagram.boundaries.isEmpty {
            out += "\nTrust boundaries: " + model.diagram.boundaries.map(\.label).joined(separator: ", ") + ". Flows that cross one: "
            out += model.diagram.flows.filter(\.crossesBoundary).map { "\($0.id) (\(name($0.from, model)) → \(name($0.to, model)))" }.joined(separator: ", ") + ".\n"
        }
        out += "\n## Attack surface\n\n"
        if model.entryPoints.isEmpty {
            out += "No entry point was found.\n"
        } else {
            out += "| Id | Entry point | Handler | Authentication | CSRF | Rate limit | Inputs | Reaches | Open |\n"
            out += "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
            for entry in model.entryPoints {
                let open = entry.stride.filter { $0.status == .open }.map(\.category.letter).joined()
                out += "| \(entry.id) | `\(cell(entry.title))` | `\(entry.handler.shortText)` | \(auth(entry.authentication)) | \(status(entry.csrf)) | "
                out += "\(status(entry.rateLimit)) | \(cell(inputs(entry.inputs, limit: 4))) | \(cell(reachSummary(entry.reaches))) | \(open.isEmpty ? "–" : "**\(open)**") |\n"
            }
        }
        for entry in model.entryPoints { out += "\n" + section(entry) }
        if !model.crossings.isEmpty {
            out += "\n## Flows out of the app\n"
            for crossing in model.crossings {
                out += "\n### \(crossing.flow): \(name(crossing.from, model)) → \(name(crossing.to, model))\n\n"
                out += "Taken by \(crossing.entryPoints.joined(separator: ", ")).\n\n"
                out += strideTable(crossing.stride)
            }
        }
        out += "\n## Application-wide findings\n\n"
        if model.applicationFindings.isEmpty {
            let linked = model.entryPoints.contains { !$0.findings.isEmpty }
            out += linked ? "None: every finding of the scan belongs to an entry point above.\n" : "None.\n"
        } else {
            out += "Findings that belong to no single entry point (configuration, secrets, module-level code); they bear on the whole app.\n\n"
            for finding in model.applicationFindings { out += "- " + findingLine(finding) + "\n" }
            out += "\n" + strideTable(model.applicationStride)
        }
        if !model.limits.isEmpty {
            out += "\n## Limits\n\n"
            for limit in model.limits { out += "- \(limit)\n" }
        }
        return out
    }

    static func summary(_ model: ThreatModelDocument) -> String {
        var counts: [EntryKind: Int] = [:]
        for entry in model.entryPoints { counts[entry.kind, default: 0] += 1 }
        let kinds = EntryKind.allCases.compactMap { kind -> String? in
            guard let count = counts[kind] else { return nil }
            let names: [EntryKind: String] = [.http: "HTTP route", .websocket: "WebSocket handler", .command: "command", .task: "task"]
            return "\(count) \(names[kind]!)\(count == 1 ? "" : "s")"
        }
        var out = "## Summary\n\n"
        out += "- **Entry points**: \(model.entryPoints.count)" + (kinds.isEmpty ? "" : " (\(kinds.joined(separator: ", ")))") + "\n"
        let open = StrideCategory.allCases.map { category in
            (category, model.entryPoints.filter { $0.stride(category)?.status == .open }.count)
        }
        let totalOpen = open.reduce(0) { $0 + $1.1 }
        out += "- **Open STRIDE items**: \(totalOpen)"
        if totalOpen > 0 { out += " (" + open.filter { $0.1 > 0 }.map { "\($0.0.title): \($0.1)" }.joined(separator: ", ") + ")" }
        out += "\n"
        let unauthenticated = model.entryPoints.filter { ($0.kind == .http || $0.kind == .websocket) && $0.authentication.status != .required }
        out += "- **Reachable without authentication**: \(unauthenticated.count)"
        if !unauthenticated.isEmpty { out += " (" + unauthenticated.prefix(12).map(\.id).joined(separator: ", ") + (unauthenticated.count > 12 ? ", …" : "") + ")" }
        out += "\n"
        let linked = Set(model.entryPoints.flatMap { $0.findings.map(\.id) })
        out += "- **Findings**: \(linked.count) linked to entry points, \(model.applicationFindings.count) application-wide\n"
        return out
    }

    static func section(_ entry: EntryPoint) -> String {
        var out = "### \(entry.id): `\(entry.title)`\n\n"
        out += "- **Handler**: `\(entry.handler.shortText)`" + (entry.handler.function.map { " (`\($0)`)" } ?? "") + (entry.framework.map { ", \($0)" } ?? "") + "\n"
        if !entry.pathParameters.isEmpty { out += "- **Path parameters**: " + entry.pathParameters.map { "`\($0)`" }.joined(separator: ", ") + "\n" }
        out += "- **Inputs**: " + (entry.inputs.isEmpty ? "none" : inputs(entry.inputs, limit: 40)) + "\n"
        let authentication = entry.authentication
        out += "- **Authentication**: \(auth(authentication))"
        if authentication.isLogin { out += " (users log in here)" }
        if !authentication.mechanisms.isEmpty { out += ": " + evidenceList(authentication.mechanisms) }
        if !authentication.explicitlyPublic.isEmpty { out += "; open on purpose: " + evidenceList(authentication.explicitlyPublic) }
        out += "\n"
        if !authentication.authorization.isEmpty { out += "- **Authorisation**: " + evidenceList(authentication.authorization) + "\n" }
        out += "- **CSRF**: \(status(entry.csrf))" + (entry.csrf.evidence.isEmpty ? "" : ": " + evidenceList(entry.csrf.evidence)) + "\n"
        out += "- **Rate limit**: \(status(entry.rateLimit))" + (entry.rateLimit.evidence.isEmpty ? "" : ": " + evidenceList(entry.rateLimit.evidence)) + "\n"
        if !entry.stateChanges.isEmpty { out += "- **Changes state**: " + evidenceList(entry.stateChanges) + "\n" }
        if !entry.reaches.isEmpty {
            out += "- **Reaches**:\n"
            for reach in entry.reaches.prefix(20) {
                out += "  - \(reach.kind.rawValue)" + (reach.target.map { " `\($0)`" } ?? "") + (reach.writes ? " (writes)" : "")
                out += ": `\(reach.call)` at `\(reach.location.shortText)`\n"
            }
            if entry.reaches.count > 20 { out += "  - … and \(entry.reaches.count - 20) more (see the JSON format)\n" }
        }
        if !entry.findings.isEmpty {
            out += "- **Findings**:\n"
            for finding in entry.findings { out += "  - " + findingLine(finding) + "\n" }
        }
        out += "\n" + strideTable(entry.stride)
        return out
    }

    static func strideTable(_ stride: [StrideEntry]) -> String {
        var out = "| STRIDE | Status | Evidence | Findings |\n| --- | --- | --- | --- |\n"
        for item in stride {
            let status = item.status == .open ? "**open**" : label(item.status)
            out += "| \(item.category.title) | \(status) | \(cell(evidenceList(item.evidence))) | \(item.findings.map { "`\($0)`" }.joined(separator: ", ")) |\n"
        }
        return out
    }

    static func label(_ status: StrideEntry.Status) -> String {
        switch status {
        case .mitigated: return "mitigated"
        case .open: return "open"
        case .notApplicable: return "n/a"
        case .unknown: return "unknown"
        }
    }

    static func auth(_ authentication: Authentication) -> String {
        switch authentication.status {
        case .required: return authentication.authorization.isEmpty ? "required" : "required + authorisation"
        case .none: return "none"
        case .partial: return "partial"
        case .notApplicable: return "n/a"
        }
    }

    static func status(_ control: Control) -> String {
        switch control.status {
        case .applied: return "yes"
        case .exempt: return "exempt"
        case .missing: return "no"
        case .notApplicable: return "n/a"
        case .unknown: return "unknown"
        }
    }

    static func inputs(_ inputs: [Input], limit: Int) -> String {
        let parts = inputs.prefix(limit).map { input in input.name.map { "\(input.kind.rawValue) `\($0)`" } ?? input.kind.rawValue }
        return parts.joined(separator: ", ") + (inputs.count > limit ? ", … (\(inputs.count) in all)" : "")
    }

    static func reachSummary(_ reaches: [Reach]) -> String {
        var kinds: [Reach.Kind] = []
        for reach in reaches where !kinds.contains(reach.kind) { kinds.append(reach.kind) }
        return kinds.isEmpty ? "–" : kinds.map(\.rawValue).joined(separator: ", ")
    }

    static func evidenceList(_ evidence: [Evidence]) -> String {
        evidence.map { item in item.text + (item.location.map { " (`\($0.shortText)`)" } ?? "") }.joined(separator: "; ")
    }

    static func findingLine(_ finding: FindingReference) -> String {
        "`\(finding.id)` \(finding.severity) \(finding.cwe) **\(finding.title)** (`\(finding.ruleID)`, `\(finding.location.shortText)`)"
    }

    static func name(_ id: String, _ model: ThreatModelDocument) -> String { model.diagram.node(id)?.label ?? id }

    /// Text safe in a table cell: pipes escaped, newlines flattened.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}

