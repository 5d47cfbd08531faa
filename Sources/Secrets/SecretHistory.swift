import Findings
import Foundation
import Workspace

/// Why the history scan could not run.
public struct SecretHistoryError: Error, CustomStringConvertible {
    public var description: String
}

/// Scans every line ever added in a git repository (all refs), so a secret that was committed and
/// later deleted is still reported: deleting it does not un-leak it.
public enum SecretHistory {
    /// Added lines of one hunk are scanned together (a key block spans lines); a hunk larger than
    /// this is scanned in pieces to keep memory bounded.
    static let maximumHunkBytes = 1 << 20

    /// Runs `git log --all -p` in `repository` (an argument list, never a shell) and scans each added
    /// line once. Each secret is reported once, at the oldest commit that added it, with whether
    /// it is still in HEAD.
    public static func scan(repository: String) throws -> (findings: [Finding], suppressed: [SuppressedFinding]) {
        let arguments = ["log", "--all", "-p", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames", "-U0", "--format=%x01%H %cI"]
        var parser = HistoryParser()
        let status: Int32
        do {
            status = try Git.run(arguments, in: repository) { chunk in parser.feed(chunk) }
        } catch {
            throw SecretHistoryError(description: "\(error)")
        }
        parser.finish()
        guard status == 0 else {
            throw SecretHistoryError(description: "git log failed in \(repository) (exit status \(status)); is it a git repository?")
        }
        let prefix = repository == "." ? "" : (repository.hasSuffix("/") ? repository : repository + "/")
        // Fingerprints of what HEAD still holds, per file.
        var atHead: [String: Set<String>] = [:]
        var findings: [Finding] = []
        var suppressed: [SuppressedFinding] = []
        for entry in parser.ordered() {
            var finding = entry.finding
            if atHead[entry.file] == nil {
                var bytes: [UInt8] = []
                let shown = (try? Git.run(["show", "--no-textconv", "HEAD:./" + entry.file], in: repository) { bytes += $0 }) ?? 1
                atHead[entry.file] = shown == 0 ? Set(SecretScanner.scan(bytes: bytes, displayPath: entry.file).findings.map { $0.fingerprint.split(separator: ":").first.map(String.init) ?? $0.fingerprint }) : []
            }
            let base = finding.fingerprint.split(separator: ":").first.map(String.init) ?? finding.fingerprint
            let present = atHead[entry.file]?.contains(base) ?? false
            finding.location.file = prefix + entry.file
            finding.description += " Added in commit \(entry.commit.prefix(12)) (\(entry.date)), \(entry.file) line \(finding.location.startLine)."
            finding.description += present ? " It is still in HEAD." : " Removed, but it stays in history: rotate it."
            finding.properties["commit"] = entry.commit
            finding.properties["date"] = entry.date
            finding.properties["stillInHEAD"] = present ? "true" : "false"
            finding.fingerprint = Fingerprint.make(ruleID: finding.ruleID, file: finding.location.file, scope: "git-history", snippet: base)
            if entry.allowlisted {
                suppressed.append(SuppressedFinding(finding: finding, mechanism: "allowlist", reason: "pragma: allowlist secret"))
            } else {
                findings.append(finding)
            }
        }
        return (findings, suppressed)
    }
}

/// Streaming parser of `git log -p -U0` output: collects each hunk's added lines and scans them.
struct HistoryParser {
    struct Entry {
        var finding: Finding
        var file: String
        var commit: String
        var date: String
        var allowlisted: Bool
    }

    private var partial: [UInt8] = []
    private var commit = ""
    private var date = ""
    private var file: String?
    private var inHeader = false
    private var newLine = 0
    private var hunk: [UInt8] = []
    private var hunkStart = 0
    /// By fingerprint (rule, file, secret hash): the oldest commit seen wins (git log lists newest first).
    private var entries: [String: Entry] = [:]

    mutating func feed(_ data: Data) {
        for byte in data {
            if byte == 10 { line(partial); partial.removeAll(keepingCapacity: true) } else { partial.append(byte) }
        }
    }

    mutating func finish() {
        if !partial.isEmpty { line(partial); partial = [] }
        flush()
    }

    func ordered() -> [Entry] {
        entries.values.sorted { ($0.file, $0.finding.location.startLine, $0.finding.ruleID) < ($1.file, $1.finding.location.startLine, $1.finding.ruleID) }
    }

    private static let diffHeader = Array("diff --git ".utf8), newFile = Array("+++ ".utf8), hunkHeader = Array("@@ ".utf8)

    private mutating func line(_ l: [UInt8]) {
        if l.first == 1 {
            flush()
            let text = String(decoding: l.dropFirst(), as: UTF8.self).split(separator: " ")
            commit = text.first.map(String.init) ?? ""
            date = text.count > 1 ? String(text[1]) : ""
            file = nil
            return
        }
        if l.starts(with: HistoryParser.diffHeader) { flush(); inHeader = true; file = nil; return }
        if inHeader {
            if l.starts(with: HistoryParser.newFile) {
                let path = String(decoding: l.dropFirst(4), as: UTF8.self)
                file = path.hasPrefix("b/") ? String(path.dropFirst(2)) : nil
            } else if l.starts(with: HistoryParser.hunkHeader) {
                inHeader = false
                startHunk(l)
            }
            return
        }
        if l.starts(with: HistoryParser.hunkHeader) { flush(); startHunk(l); return }
        if l.first == UInt8(ascii: "+") {
            if hunk.count > SecretHistory.maximumHunkBytes { let next = newLine; flush(); hunkStart = next }
            hunk += l.dropFirst()
            hunk.append(10)
            newLine += 1
        }
    }

    private mutating func startHunk(_ l: [UInt8]) {
        // @@ -a,b +c,d @@
        newLine = 1
        if let plus = l.firstIndex(of: UInt8(ascii: "+")) {
            var value = 0
            var i = plus + 1
            while i < l.count, l[i] >= 48, l[i] <= 57 { value = value * 10 + Int(l[i] - 48); i += 1 }
            newLine = max(1, value)
        }
        hunkStart = newLine
    }

    private mutating func flush() {
        defer { hunk.removeAll(keepingCapacity: true) }
        guard let file, !hunk.isEmpty else { return }
        let result = SecretScanner.scan(bytes: hunk, displayPath: file)
        let all = result.findings.map { ($0, false) } + result.suppressed.map { ($0.finding, true) }
        for (found, allowlisted) in all {
            var finding = found
            finding.location.startLine += hunkStart - 1
            finding.location.endLine += hunkStart - 1
            let key = finding.fingerprint.split(separator: ":").first.map(String.init) ?? finding.fingerprint
            entries[key] = Entry(finding: finding, file: file, commit: commit, date: date, allowlisted: allowlisted)
        }
    }
}
