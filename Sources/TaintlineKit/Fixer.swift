import Findings
import Foundation
import PythonSyntax
import Reporting

/// `scan --fix` and `scan --diff`: applies the fixes of the findings a scan reports (those the
/// filters, suppressions and baseline leave, safe ones, and unsafe ones with `--unsafe-fixes`),
/// and keeps only those that are right. A file's fixes are applied to its text in memory; the
/// result must parse with Taintline's parser, and the project is analysed again with the fixed
/// text in place, where each fixed finding must be gone. A fix that fails either test is refused
/// (and said why); fixes that overlap another are applied in a later round, on the fixed text.
/// Only then, with `--fix`, is each changed file written, through a temporary file in its own
/// folder renamed over it, so that a file is never left half written.
public enum Fixer {
    /// What the user asked for.
    public struct Request: Sendable {
        /// `--fix` writes the files; `--diff` only shows the changes.
        public var write: Bool
        /// `--unsafe-fixes`.
        public var unsafeFixes: Bool
        /// `--show-secrets`: the diff shows credentials as written.
        public var showSecrets: Bool

        public init(write: Bool, unsafeFixes: Bool, showSecrets: Bool = false) {
            self.write = write
            self.unsafeFixes = unsafeFixes
            self.showSecrets = showSecrets
        }
    }

    /// What a fix run produced.
    public struct Outcome: Sendable {
        public var summary: FixSummary
        /// The unified diff of every file the applied fixes change, in path order.
        public var diff: String
        /// The scan of the project as fixed (after writing, for `--fix`; of the fixed text in
        /// memory, for `--diff`), with `fixes` set: its findings are the ones that remain.
        public var report: ScanReport
    }

    /// Rounds of fixing: a fix that overlaps another is tried again on the text the other left.
    static let maximumRounds = 4
    /// Passes in all, counting those repeated after a fix was refused for leaving its finding.
    static let maximumPasses = 12

    /// A file as read before any fix: its bytes, its text (decoded, without a byte-order mark).
    struct Original {
        var raw: [UInt8]
        var text: [UInt8]
        var bom: Bool
    }

    public static func run(_ initial: ScanReport, paths: [String], options: ScanOptions, settings: ReportSettings, request: Request) throws -> Outcome {
        var originals: [String: Original] = [:]
        var unfixable: [String: String] = [:]
        var current: [String: [UInt8]] = [:]
        var applied: [Finding] = []
        var refused: [FixSummary.Entry] = []
        var refusedKeys: Set<String> = []
        var deferred: [Finding] = []
        var report = initial
        var check = options
        check.analyses = options.analyses.intersection([.code])
        check.progress = nil
        func refuse(_ finding: Finding, _ reason: String) {
            guard refusedKeys.insert(key(finding)).inserted else { return }
            refused.append(FixSummary.Entry(finding, reason: reason))
        }
        var rounds = 0, passes = 0
        while rounds < maximumRounds && passes < maximumPasses {
            passes += 1
            let prepared = try Output.prepare(report, settings: settings)
            let candidates = prepared.findings.filter { finding in
                guard let fix = finding.fix, finding.analysis == .code, !finding.location.isURL else { return false }
                return (fix.applicability == .safe || request.unsafeFixes) && !refusedKeys.contains(key(finding))
            }.sorted(by: fixOrder)
            deferred = []
            guard !candidates.isEmpty else { break }
            var pending: [String: (text: [UInt8], edits: [TextEdit], findings: [Finding])] = [:]
            for (file, found) in Dictionary(grouping: candidates, by: \.location.file).sorted(by: { $0.key < $1.key }) {
                var group = found.sorted(by: fixOrder)
                let base: [UInt8]
                if let text = current[file] {
                    base = text
                } else if let original = originals[file] {
                    base = original.text
                } else if let reason = unfixable[file] {
                    group.forEach { refuse($0, reason) }
                    continue
                } else {
                    let original: Original
                    switch load(file) {
                    case .success(let loaded): original = loaded
                    case .failure(let error):
                        unfixable[file] = error.description
                        group.forEach { refuse($0, error.description) }
                        continue
                    }
                    originals[file] = original
                    base = original.text
                    // The findings must describe the text just read (the file may have changed since the scan).
                    let lines = LineIndex(base)
                    let stale = group.filter { !describes($0, lines) }
                    stale.forEach { refuse($0, "the file changed since it was scanned") }
                    group.removeAll { finding in stale.contains { $0.fingerprint == finding.fingerprint } }
                }
                var overlapping: [Finding] = []
                while !group.isEmpty {
                    let application = FixApplier.apply(group.map { $0.fix! }, to: base)
                    application.invalid.forEach { refuse(group[$0], "its edits do not fit the file") }
                    overlapping = application.conflicting.map { group[$0] }
                    let accepted = application.applied.map { group[$0] }
                    guard !accepted.isEmpty else { break }
                    guard let error = parseError(application.text, file) else {
                        pending[file] = (application.text, application.edits, accepted)
                        break
                    }
                    // Which fix breaks the file? Each alone; if none does, they do together.
                    var culprits: [(Finding, String)] = []
                    for finding in accepted {
                        if let alone = parseError(FixApplier.apply([finding.fix!], to: base).text, file) { culprits.append((finding, alone)) }
                    }
                    if culprits.isEmpty { culprits = accepted.map { ($0, "\(error), with the file's other fixes") } }
                    culprits.forEach { refuse($0.0, "the fixed code would not parse: \($0.1)") }
                    // The others again, those that overlapped a refused fix included.
                    group = (accepted + overlapping).filter { finding in !culprits.contains { $0.0.fingerprint == finding.fingerprint } }.sorted(by: fixOrder)
                    overlapping = []
                }
                deferred += overlapping
            }
            guard !pending.isEmpty else { break }
            // Analyse the project again with the fixed text in place: each fixed finding must be gone.
            var texts = current
            for (file, change) in pending { texts[file] = change.text }
            check.contents = rawContents(texts, originals)
            let checked = ScanPipeline.run(paths: paths, options: check)
            let after = Dictionary(grouping: checked.findings + checked.suppressed.map(\.finding), by: \.location.file)
            var stayed = false
            for (file, change) in pending {
                let before = LineIndex(current[file] ?? originals[file]?.text ?? [])
                let fixed = LineIndex(change.text)
                for finding in change.findings where finding.remains(after: change.edits, before: before, afterText: fixed, in: after[file] ?? []) {
                    refuse(finding, "the finding is still reported after the fix")
                    stayed = true
                }
            }
            // Try the round again without the refused fixes, so what is kept was checked as it is kept.
            if stayed { continue }
            rounds += 1
            for (file, change) in pending {
                current[file] = change.text
                applied += change.findings
            }
            report = checked
        }
        deferred.forEach { refuse($0, "it overlaps another fix of the same code; run again to apply it") }

        let remaining = try Output.prepare(report, settings: settings)
        let unsafeSkipped = request.unsafeFixes ? 0 : remaining.findings.filter { $0.fix?.applicability == .unsafe }.count
        var changed = current.keys.filter { current[$0] != originals[$0]?.text }.sorted()
        var appliedEntries = applied.sorted(by: fixOrder).map { FixSummary.Entry($0) }
        if request.write {
            for file in changed {
                guard let original = originals[file], let text = current[file] else { continue }
                do {
                    try writeAtomically(file, (original.bom ? byteOrderMark : []) + text, replacing: original.raw)
                } catch {
                    let reason = "cannot write the file: \(error)"
                    for entry in appliedEntries where entry.file == file {
                        refused.append(FixSummary.Entry(ruleID: entry.ruleID, file: entry.file, line: entry.line, message: entry.message,
                                                        applicability: entry.applicability, reason: reason))
                    }
                    appliedEntries.removeAll { $0.file == file }
                    current[file] = original.text
                }
            }
            changed = changed.filter { current[$0] != originals[$0]?.text }
        }
        var final = options
        final.contents = request.write ? [:] : rawContents(current, originals)
        var fixedReport = ScanPipeline.run(paths: paths, options: final)
        // A fix refused here would be refused again: the findings that remain do not offer it.
        for index in fixedReport.findings.indices where refusedKeys.contains(key(fixedReport.findings[index])) {
            fixedReport.findings[index].fix = nil
        }
        let summary = FixSummary(written: request.write, applied: appliedEntries, refused: refused.sorted { ($0.file, $0.line, $0.ruleID) < ($1.file, $1.line, $1.ruleID) },
                                 unsafeSkipped: unsafeSkipped, files: changed)
        fixedReport.fixes = summary
        let spans = request.showSecrets ? [:] : SecretMasking.spansByFile(initial)
        let diff = changed.map { file in
            UnifiedDiff.render(path: file, before: originals[file]?.text ?? [], after: current[file] ?? [], secrets: spans[file] ?? [])
        }.joined()
        return Outcome(summary: summary, diff: diff, report: fixedReport)
    }

    /// Why `scan --fix` would not apply this finding's fix to `text` (the file's decoded text)
    /// on its own, or nil when it would try it: a fix of the code analysis whose edits fit the
    /// text, which must parse, and leave it parsing. (Whether the finding then goes is known only from a new scan.)
    public static func problem(applying finding: Finding, to text: [UInt8]) -> String? {
        guard let fix = finding.fix, finding.analysis == .code, !finding.location.isURL else { return "the finding has no fix" }
        if let error = parseError(text, finding.location.file) { return "the file has syntax errors (\(error)); fix them first" }
        let application = FixApplier.apply([fix], to: text)
        guard application.invalid.isEmpty, application.applied == [0] else { return "its edits do not fit the file" }
        if let error = parseError(application.text, finding.location.file) { return "the fixed code would not parse: \(error)" }
        return nil
    }

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Findings in a stable order, so that fixes inserting at one place always come out alike
    /// (a cookie's `secure`, `httponly`, `samesite` in CWE order).
    static func fixOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.location.file != b.location.file { return a.location.file < b.location.file }
        let left = (a.location.startLine, a.location.startColumn, a.ruleID, a.cwe.number, a.fingerprint)
        let right = (b.location.startLine, b.location.startColumn, b.ruleID, b.cwe.number, b.fingerprint)
        return left < right
    }

    /// What identifies a fix across rounds: positions move as other fixes land; the finding's
    /// fingerprint (rule, file, scope, code of its line, occurrence) and the fix's text do not.
    static func key(_ finding: Finding) -> String {
        let edits = finding.fix?.edits.map { "\($0.end.offset - $0.start.offset):\($0.replacement)" }.joined(separator: "\u{1E}") ?? ""
        return [finding.location.file, finding.ruleID, finding.cwe.description, finding.fingerprint, edits].joined(separator: "\u{1F}")
    }

    /// Does the finding's snippet (its first line, trimmed) match the text's line?
    static func describes(_ finding: Finding, _ lines: LineIndex) -> Bool {
        guard let snippet = finding.snippet, finding.location.startLine >= 1, finding.location.startLine <= lines.lineStarts.count else { return false }
        let start = lines.lineStarts[finding.location.startLine - 1]
        let end = finding.location.startLine < lines.lineStarts.count ? lines.lineStarts[finding.location.startLine] : lines.text.count
        let line = String(decoding: lines.text[start..<end], as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: " \t\r\n"))
        return line == snippet.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r\n"))
    }

    /// The bytes the pipeline should read for each fixed file (its byte-order mark restored).
    static func rawContents(_ texts: [String: [UInt8]], _ originals: [String: Original]) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for (file, text) in texts { out[file] = (originals[file]?.bom == true ? byteOrderMark : []) + text }
        return out
    }

    /// The first syntax error of a text, worded for the summary; nil when it parses.
    static func parseError(_ text: [UInt8], _ path: String) -> String? {
        guard let error = PythonParser.parse(SourceFile(path: path, utf8: text)).errors.first else { return nil }
        return "\(error.message) (line \(error.line), column \(error.column))"
    }

    /// Reads a file the fixes will change: it must decode as UTF-8 (a `# coding:` of another
    /// encoding would need the text encoded back) and parse without errors.
    static func load(_ path: String) -> Result<Original, LoadError> {
        let raw: [UInt8]
        do { raw = try readFile(path) } catch { return .failure(LoadError("cannot read the file: \(error)")) }
        let source: SourceFile
        do { source = try SourceFile.decode(path: path, raw: raw) } catch { return .failure(LoadError("cannot decode the file: \(error)")) }
        let bom = raw.starts(with: byteOrderMark)
        guard raw.dropFirst(bom ? 3 : 0).elementsEqual(source.bytes) else {
            return .failure(LoadError("the file is not UTF-8 (its coding declaration names another encoding); fixes are only written to UTF-8 files"))
        }
        if let error = PythonParser.parse(source).errors.first {
            return .failure(LoadError("the file has syntax errors (\(error.message), line \(error.line)); fix them first"))
        }
        return .success(Original(raw: raw, text: source.bytes, bom: bom))
    }

    struct LoadError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Replaces a file's content without ever leaving it half written: the new bytes go to a
    /// temporary file in the same folder (same file system, so the rename is atomic), flushed
    /// to disk, with the file's permissions, then renamed over the file (through a symbolic link,
    /// over its target). Refuses when the file no longer holds `original`.
    static func writeAtomically(_ path: String, _ bytes: [UInt8], replacing original: [UInt8]) throws {
        guard let resolved = realpath(path, nil) else { throw LoadError(String(cString: strerror(errno))) }
        let target = String(cString: resolved)
        free(resolved)
        guard (try? readFile(target)) == original else { throw LoadError("it changed while the fixes were checked") }
        var info = stat()
        guard stat(target, &info) == 0 else { throw LoadError(String(cString: strerror(errno))) }
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        let temporary = folder + "/." + name + ".taintline-fix-" + String(getpid()) + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw LoadError("cannot create a temporary file next to it: \(String(cString: strerror(errno)))") }
        var failure: String?
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
                break
            }
            written += n
        }
        if failure == nil, fchmod(fd, info.st_mode & 0o7777) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(temporary, target) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw LoadError(failure)
        }
    }
}
