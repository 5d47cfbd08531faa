import Findings

/// What every reporter does before it prints source: credentials masked with the redacted form
/// their messages use (`sk_l…(32 chars, sha256:8b6d46ffbb32)`), unless the user asked for
/// `--show-secrets`. Pure functions of the report's values (`Finding.redactions`, `ScanReport.redactions`).
public enum SecretMasking {
    /// Every credential span known per file: the report's table and its findings' own (kept and suppressed).
    public static func spansByFile(_ report: ScanReport) -> [String: [RedactedSpan]] {
        var table = report.redactions
        for finding in report.findings + report.suppressed.map(\.finding) where !finding.redactions.isEmpty {
            table[finding.location.file, default: []] += finding.redactions
        }
        return table.mapValues { Array(Set($0)).sorted { ($0.line, $0.startColumn) < ($1.line, $1.startColumn) } }
    }

    /// The report with the source text of every finding (snippet, proof of concept, fix) masked.
    public static func masked(_ report: ScanReport) -> ScanReport {
        let table = spansByFile(report)
        guard !table.isEmpty else { return report }
        var copy = report
        copy.findings = report.findings.map { masked($0, fileSpans: table[$0.location.file] ?? [], table: table) }
        copy.suppressed = report.suppressed.map { entry in
            var entry = entry
            entry.finding = masked(entry.finding, fileSpans: table[entry.finding.location.file] ?? [], table: table)
            return entry
        }
        return copy
    }

    /// The spans on `lines` among spans sorted by line, found by binary search.
    static func spans(_ sorted: [RedactedSpan], onLines lines: ClosedRange<Int>) -> ArraySlice<RedactedSpan> {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle].line < lines.lowerBound { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < sorted.count && sorted[end].line <= lines.upperBound { end += 1 }
        return sorted[low..<end]
    }

    /// One finding with its source text masked: its own spans, and those of other credentials on
    /// the lines it shows. `fileSpans` are sorted by line (as `spansByFile` gives them), so the
    /// spans of a few lines are found by binary search: a file of many secrets costs the number
    /// of its findings times a logarithm, not times the number of its secrets.
    static func masked(_ finding: Finding, fileSpans: [RedactedSpan], table: [String: [RedactedSpan]] = [:]) -> Finding {
        var copy = finding
        let location = finding.location
        func spans(lines: ClosedRange<Int>) -> [RedactedSpan] {
            finding.redactions + SecretMasking.spans(fileSpans, onLines: lines)
        }
        // A flow's path steps quote code of their own lines, possibly in other files.
        copy.steps = finding.steps.map { step in
            let lines = step.location.startLine...max(step.location.startLine, step.location.endLine)
            let relevant = finding.redactions + SecretMasking.spans(table[step.location.file] ?? [], onLines: lines)
            guard !relevant.isEmpty else { return step }
            var masked = step
            masked.message = RedactedSpan.mask(step.message, relevant)
            return masked
        }
        if let snippet = finding.snippet {
            let last = location.startLine + max(0, snippet.split(separator: "\n", omittingEmptySubsequences: false).count - 1)
            let relevant = spans(lines: location.startLine...max(location.startLine, last))
            if !relevant.isEmpty { copy.snippet = RedactedSpan.mask(snippet, relevant) }
        }
        let relevant = spans(lines: location.startLine...max(location.startLine, location.endLine))
        guard !relevant.isEmpty else { return copy }
        copy.proofOfConcept = finding.proofOfConcept.map { RedactedSpan.mask($0, relevant) }
        copy.fixSnippet = finding.fixSnippet.map { RedactedSpan.mask($0, relevant) }
        if var fix = finding.fix {
            fix.edits = fix.edits.map { edit in
                var masked = edit
                masked.replacement = RedactedSpan.mask(edit.replacement, relevant)
                return masked
            }
            copy.fix = fix
        }
        return copy
    }
}
