import Findings
import Foundation
import TaintlineKit

/// Findings as LSP diagnostics: where (in UTF-16 columns), how bad, which rule and its
/// documentation, and a flow finding's path as related information.
enum Diagnostics {
    /// Every rule by id, for documentation links.
    static let rules: [String: RuleDescriptor] = Dictionary(ScanPipeline.allRules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    /// The rule's documentation, as SARIF's `helpUri` gives it (its first reference), else its weakness's page.
    static func documentationURL(ruleID: String, finding: Finding? = nil) -> String? {
        rules[ruleID].map { $0.references.first ?? $0.cwe.url } ?? finding?.references.first ?? finding?.cwe.url
    }

    /// Critical and high findings are errors, medium warnings, low information, info hints.
    static func severity(_ severity: Severity) -> Int {
        switch severity {
        case .critical, .high: return 1
        case .medium: return 2
        case .low: return 3
        case .info: return 4
        }
    }

    /// The range of a finding's location in its text; an empty one is widened to the rest of its
    /// line, so that editors underline something.
    static func range(of location: Location, in lines: DocumentLines) -> LSPRange {
        let start = lines.position(line: location.startLine, column: location.startColumn)
        var end = lines.position(line: max(location.startLine, location.endLine), column: location.endColumn)
        if end <= start { end = max(start, lines.position(offset: lines.lineEnd(location.startLine))) }
        return LSPRange(start: start, end: end)
    }

    /// - Parameters:
    ///   - lines: the text the finding was found in.
    ///   - locate: the URI and text of another file of the project (a flow's step), if it can be read.
    static func diagnostic(_ finding: Finding, lines: DocumentLines, locate: (String) -> (uri: String, lines: DocumentLines)?) -> [String: Any] {
        var diagnostic: [String: Any] = [
            "range": range(of: finding.location, in: lines).json,
            "severity": severity(finding.severity),
            "code": finding.ruleID,
            "source": "taintline",
            "message": message(finding),
            // Code actions find their finding again by it (clients send diagnostics back as they got them).
            "data": ["fingerprint": finding.fingerprint, "ruleID": finding.ruleID],
        ]
        if let url = documentationURL(ruleID: finding.ruleID, finding: finding) { diagnostic["codeDescription"] = ["href": url] }
        let related: [[String: Any]] = finding.steps.enumerated().compactMap { index, step in
            guard let place = locate(step.location.file) else { return nil }
            return ["location": ["uri": place.uri, "range": range(of: step.location, in: place.lines).json],
                    "message": "step \(index + 1) of \(finding.steps.count): \(step.message)"]
        }
        if !related.isEmpty { diagnostic["relatedInformation"] = related }
        return diagnostic
    }

    /// The title, then what is wrong at this place (the description names the call and the value).
    static func message(_ finding: Finding) -> String {
        finding.description.isEmpty || finding.description == finding.title ? finding.title : "\(finding.title): \(finding.description)"
    }
}
