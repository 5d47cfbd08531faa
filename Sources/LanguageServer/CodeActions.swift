import Findings
import Foundation
import Reporting
import TaintlineKit
import Workspace

/// The code actions of one finding: its rule's fix, a suppression comment, its documentation.
enum CodeActions {
    /// The command the documentation action runs: the server asks the editor to show the page.
    static let openDocumentation = "taintline.openDocumentation"

    /// A finding in the text it was found in (the document's text now).
    struct Subject {
        var finding: Finding
        var diagnostic: [String: Any]
        var uri: String
        var lines: DocumentLines
        /// The file as the scan found it (for reading its suppression comments the way the scan does).
        var file: DiscoveredFile
        var options: ScanOptions?
    }

    static func actions(for subject: Subject) -> [[String: Any]] {
        var actions: [[String: Any]] = []
        if let fix = fixAction(subject) { actions.append(fix) }
        if let ignore = ignoreAction(subject) { actions.append(ignore) }
        let id = subject.finding.ruleID
        if Diagnostics.documentationURL(ruleID: id, finding: subject.finding) != nil {
            let title = "Open documentation for \(id)"
            actions.append(["title": title, "kind": "quickfix", "diagnostics": [subject.diagnostic],
                            "command": ["title": title, "command": openDocumentation, "arguments": [id]]])
        }
        return actions
    }

    /// The rule's fix as a workspace edit, when `scan --fix` would try it on this text.
    static func fixAction(_ subject: Subject) -> [String: Any]? {
        guard let fix = subject.finding.fix else { return nil }
        if let problem = Fixer.problem(applying: subject.finding, to: subject.lines.text) {
            ServerLog.write("\(subject.finding.ruleID) at \(subject.finding.location.file):\(subject.finding.location.startLine): fix not offered: \(problem)")
            return nil
        }
        let edits: [[String: Any]] = fix.edits.map { edit in
            ["range": LSPRange(start: subject.lines.position(offset: edit.start.offset), end: subject.lines.position(offset: edit.end.offset)).json,
             "newText": edit.replacement]
        }
        let title = "Fix \(subject.finding.ruleID): \(fix.message)" + (fix.applicability == .unsafe ? " (unsafe)" : "")
        return ["title": title, "kind": "quickfix", "diagnostics": [subject.diagnostic], "isPreferred": fix.applicability == .safe,
                "edit": ["changes": [subject.uri: edits]]]
    }

    static func ignoreAction(_ subject: Subject) -> [String: Any]? {
        guard let insertion = ignoreInsertion(subject) else { return nil }
        let at = subject.lines.position(offset: insertion.offset)
        let title = "Ignore \(subject.finding.ruleID) on this line"
        return ["title": title, "kind": "quickfix", "diagnostics": [subject.diagnostic],
                "edit": ["changes": [subject.uri: [["range": LSPRange(start: at, end: at).json, "newText": insertion.text]]]]]
    }

    /// Where a `# taintline: ignore[ID] -- reason` comment silences the finding: at the end of its
    /// first line, else of another line of its statement (a line ending inside a string cannot
    /// hold a comment). Each place is checked by reading the commented text's suppression comments
    /// as the scan does and applying them to the finding; nil when no place works.
    static func ignoreInsertion(_ subject: Subject) -> (offset: Int, text: String)? {
        guard let options = subject.options else { return nil }
        let finding = subject.finding
        let text = subject.lines.text
        let comment = "# taintline: ignore[\(finding.ruleID)] -- reason"
        let own = finding.location.startLine
        let spans = ScanPipeline.suppressionInputs(of: subject.file, text: text, options: options).statementSpans
        let statement = spans.filter { $0.contains(own) }.min { $0.count < $1.count } ?? own...own
        for line in [own] + statement.filter({ $0 != own }) where line >= 1 && line <= subject.lines.lineCount {
            let end = subject.lines.lineEnd(line)
            let start = subject.lines.index.lineStarts[line - 1]
            let content = text[start..<end]
            // A comment after a line continuation would end the continuation.
            guard content.last != UInt8(ascii: "\\") else { continue }
            let separator = content.isEmpty || content.last == UInt8(ascii: " ") ? "" : "  "
            let insertion = separator + comment
            let commented = Array(text[..<end]) + Array(insertion.utf8) + Array(text[end...])
            let inputs = ScanPipeline.suppressionInputs(of: subject.file, text: commented, options: options)
            let outcome = Suppressions.apply(findings: [finding], commentsByFile: [finding.location.file: inputs.comments],
                                             statementSpans: [finding.location.file: inputs.statementSpans], descriptors: ScanPipeline.allRules)
            if outcome.suppressed.count == 1 { return (end, insertion) }
        }
        return nil
    }
}
