import Findings
import Foundation

/// One `# Security Finding` section per finding, in the fixed shape security teams paste into
/// tickets, preceded by a summary.
public enum MarkdownReporter {
    /// The report as Markdown; credentials in source text are masked unless `showSecrets` (`--show-secrets`).
    /// - Parameters:
    ///   - texts: the files' texts (`SourceLines.texts`), from which each fix is shown as a diff.
    ///   - unsafeFixes: `--unsafe-fixes` / `unsafe-fixes = true`: unsafe fixes count as fixable in the summary.
    public static func render(_ report: ScanReport, showSecrets: Bool = false, texts: [String: [UInt8]] = [:], unsafeFixes: Bool = false) -> String {
        let spans = showSecrets ? [:] : SecretMasking.spansByFile(report)
        let report = showSecrets ? report : SecretMasking.masked(report)
        var sections = [summary(ReportSummary(report), unsafeFixes: unsafeFixes)]
        sections += report.findings.sorted(by: Finding.reportOrder).map { section($0, fixDiff: FixDiff.preview($0, texts: texts, secrets: spans)) }
        return sections.joined(separator: "\n")
    }

    static func summary(_ summary: ReportSummary, unsafeFixes: Bool = false) -> String {
        var out = "# Taintline Security Report\n\n"
        out += "- **Findings**: \(summary.findingCount)"
        out += summary.findingCount > 0 ? " (\(summary.severityLine))\n" : "\n"
        out += "- **Files**: \(summary.scanned) scanned, \(summary.skippedCount) skipped, \(summary.failed.count) failed\n"
        if summary.suppressedCount > 0 {
            out += "- **Suppressed**: \(summary.suppressedCount) (\(ReportSummary.mechanismLine(summary.suppressedByMechanism)))\n"
        }
        if summary.filteredCount > 0 {
            out += "- **Filtered out**: \(summary.filteredCount)\n"
            for group in summary.filteredGroups { out += "  - \(group.count) \(group.what): `\(group.howToSee)`\n" }
        }
        if let fixable = summary.fixableLine(unsafeFixes: unsafeFixes, code: { "`\($0)`" }) {
            out += "- **Fixes**: \(fixable)\n"
        }
        if !summary.byRule.isEmpty {
            out += "\n| Rule | Severity | Count |\n| --- | --- | --- |\n"
            for rule in summary.byRuleWorstFirst {
                let name = rule.name.map { " (\($0))" } ?? ""
                out += "| `\(rule.ruleID)`\(escapeTable(name)) | \(rule.severity) | \(rule.count) |\n"
            }
        }
        if !summary.failed.isEmpty {
            out += "\n**Files that could not be analysed**\n\n"
            for failure in summary.failed { out += "- `\(failure.path)`: \(failure.reason)\n" }
        }
        if let database = summary.advisoryDatabase {
            out += "\nAdvisory database: \(database.line)\n"
        }
        if !summary.notices.isEmpty {
            out += "\n**Notices**\n\n"
            for notice in summary.notices { out += "- \(notice)\n" }
        }
        return out
    }

    /// One finding; `fixDiff` is its fix's hunks (`FixDiff.preview`), shown under the remediation.
    static func section(_ finding: Finding, fixDiff: String? = nil) -> String {
        var out = "# Security Finding\n"
        out += "**Severity**: \(finding.severity)\n"
        out += "**OWASP**: \(finding.owasp.rawValue)\n"
        out += "**CWE**: \(finding.cwe)\n"
        out += "## Location\n"
        out += locationLine(finding.location, properties: finding.properties) + "\n"
        out += "## Description\n"
        out += "**\(finding.title)** (`\(finding.ruleID)`, confidence: \(finding.confidence))\n\n"
        out += finding.description + "\n"
        if !finding.covers.isEmpty {
            out += "\n**Also reported by**: " + finding.covers.map { "`\($0.ruleID)` (\($0.title))" }.joined(separator: ", ") + "\n"
        }
        if let snippet = finding.snippet, !snippet.isEmpty {
            out += "\n" + fenced(snippet, language: finding.analysis == .code ? "python" : "") + "\n"
        }
        if !finding.steps.isEmpty {
            out += "\n**Path**:\n\n" + finding.steps.enumerated().map { index, step in
                "\(index + 1). `\(step.location.file):\(step.location.startLine)` \(step.message)"
            }.joined(separator: "\n") + "\n"
        }
        out += "## Proof of Concept\n"
        if let poc = finding.proofOfConcept, !poc.isEmpty {
            out += fenced(poc, language: "") + "\n"
        } else {
            out += "No proof of concept is known for this finding.\n"
        }
        out += "## Remediation\n"
        out += finding.remediation + "\n"
        if let fix = finding.fixSnippet, !fix.isEmpty {
            out += "\n" + fenced(fix, language: finding.analysis == .code ? "python" : "") + "\n"
        }
        if let fix = finding.fix {
            out += "\n**Autofix** (\(fix.applicability): `\(FixDiff.command(fix.applicability))` applies it): \(fix.message)\n"
            if let fixDiff, !fixDiff.isEmpty { out += "\n" + fenced(fixDiff, language: "diff") + "\n" }
        }
        out += "## References\n"
        var references = finding.references
        if !references.contains(finding.cwe.url) { references.append(finding.cwe.url) }
        for reference in references { out += "- \(reference)\n" }
        return out
    }

    /// `` `file:line` - `name()` function ``, `` - `Name` class ``, or just the place at module level.
    static func locationLine(_ location: Location, properties: [String: String]) -> String {
        if location.isURL || location.startLine < 1 { return "`\(location.file)`" }
        var line = "`\(location.file):\(location.startLine)`"
        guard let scope = location.enclosingScope, !scope.isEmpty else { return line }
        switch scopeKind(scope, properties: properties) {
        case .function: line += " - `\(scope)()` function"
        case .class: line += " - `\(scope)` class"
        case .module: break
        }
        return line
    }

    enum ScopeKind { case function, `class`, module }

    /// The analyses may say what the scope is (`properties["scopeKind"]`: function, method, class,
    /// module); otherwise Python's naming conventions decide: CapWords names a class.
    static func scopeKind(_ scope: String, properties: [String: String]) -> ScopeKind {
        switch properties["scopeKind"]?.lowercased() {
        case "function", "method", "lambda": return .function
        case "class": return .class
        case "module": return .module
        default: break
        }
        let last = scope.split(separator: ".").last.map(String.init) ?? scope
        if last.hasPrefix("<") { return .module }
        let stripped = last.drop(while: { $0 == "_" })
        guard let first = stripped.first else { return .function }
        return first.isUppercase && stripped.contains(where: { $0.isLowercase }) ? .class : .function
    }

    /// A fenced code block whose fence is longer than any backtick run inside.
    static func fenced(_ text: String, language: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            if character == "`" { run += 1; longest = max(longest, run) } else { run = 0 }
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        return fence + language + "\n" + body + "\n" + fence
    }

    static func escapeTable(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
