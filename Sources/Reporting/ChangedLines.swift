import Findings
import Foundation

/// The lines a change added or modified since a git base, by file: what `--diff-base REF` keeps
/// findings on. The whole project is still analysed (so a flow from an old line into a new one is
/// seen); only the report is narrowed to the change.
///
/// The model is built from `git diff --unified=0` output (each hunk's `+c,d` range is a set of
/// new lines) and the untracked files (every line new); a file that was only renamed or deleted
/// has no changed lines. Lines that were only deleted leave nothing behind to report on.
public struct ChangedLines: Sendable, Equatable {
    /// What changed in one file.
    public enum Change: Sendable, Equatable {
        /// A file git does not track yet: every line is new.
        case wholeFile
        /// These lines (1-based, inclusive ranges, sorted and disjoint) were added or modified.
        case lines([ClosedRange<Int>])
    }

    /// The base as the user wrote it (`origin/main`), for messages.
    public var base: String
    /// The commit the working tree is compared with: the merge base of `base` and HEAD.
    public var commit: String
    /// The repository's top folder, absolute, symbolic links resolved.
    public var repositoryRoot: String
    /// Changes by path relative to `repositoryRoot` (`/`-separated, as git prints them).
    public var files: [String: Change]

    public init(base: String, commit: String, repositoryRoot: String, files: [String: Change]) {
        self.base = base
        self.commit = commit
        self.repositoryRoot = repositoryRoot
        self.files = files
    }

    /// Whether any of `lines` changed in `path` (relative to the repository). A location without a
    /// line (`nil`, or a start line below 1: a finding about the whole file) counts when the file
    /// changed at all.
    public func contains(_ path: String, lines: ClosedRange<Int>?) -> Bool {
        guard let change = files[path] else { return false }
        guard case let .lines(ranges) = change else { return true }
        guard let lines, lines.lowerBound >= 1 else { return !ranges.isEmpty }
        // The first range that ends at or after the location's first line decides.
        var low = 0, high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < lines.lowerBound { low = middle + 1 } else { high = middle }
        }
        return low < ranges.count && ranges[low].lowerBound <= lines.upperBound
    }

    /// The reason given to findings the diff filter leaves out.
    public var reason: String { "not on a line changed since \(base)" }

    /// Moves findings that touch no changed line to `suppressed` (mechanism `diff`), so they are
    /// counted in the summary. A finding is kept when its own location or any step of its flow
    /// is on a changed line: a new source feeding an old sink is a new problem too. Findings at
    /// URLs (the probe) have no line in any file and are kept.
    ///
    /// Finding paths are resolved as the reports show them: relative to `workingDirectory`, or
    /// (flow steps) to the first scan root's folder.
    public func apply(to report: ScanReport, workingDirectory: String = FileManager.default.currentDirectoryPath) -> ScanReport {
        var resolver = PathResolver(repositoryRoot: repositoryRoot, workingDirectory: workingDirectory, firstRoot: report.roots.first)
        var copy = report
        copy.findings = []
        for finding in report.findings {
            if finding.location.isURL || touches(finding, resolver: &resolver) {
                copy.findings.append(finding)
            } else {
                copy.suppressed.append(SuppressedFinding(finding: finding, mechanism: SuppressionMechanism.diff, reason: reason))
            }
        }
        return copy
    }

    private func touches(_ finding: Finding, resolver: inout PathResolver) -> Bool {
        func span(_ location: Location) -> ClosedRange<Int>? {
            location.startLine >= 1 ? location.startLine...max(location.startLine, location.endLine) : nil
        }
        if let path = resolver.repositoryPath(finding.location.file, step: false), contains(path, lines: span(finding.location)) {
            return true
        }
        return finding.steps.contains { step in
            guard step.location.startLine >= 1, let path = resolver.repositoryPath(step.location.file, step: true) else { return false }
            return contains(path, lines: span(step.location))
        }
    }

    // MARK: - Reading git's output

    /// The new-side line ranges of each file in `git diff --unified=0` output. A streaming parser:
    /// feed it chunks as git writes them.
    public struct DiffParser {
        private var partial: [UInt8] = []
        private var file: String?
        /// Lines of the current hunk still to come (old side, new side): inside a hunk a line
        /// that starts with `+++ ` or `@@ ` is content, not a header.
        private var remainingOld = 0
        private var remainingNew = 0
        private var ranges: [String: [ClosedRange<Int>]] = [:]
        /// Files the diff names (renamed or mode-only changes included), in order.
        private var order: [String] = []

        public init() {}

        public mutating func feed(_ data: some Sequence<UInt8>) {
            for byte in data {
                if byte == 10 { line(partial); partial.removeAll(keepingCapacity: true) } else { partial.append(byte) }
            }
        }

        /// The changes read so far (the last line need not end with a newline).
        public mutating func finish() -> [String: Change] {
            if !partial.isEmpty { line(partial); partial = [] }
            var result: [String: Change] = [:]
            for file in order { result[file] = .lines(ChangedLines.merged(ranges[file] ?? [])) }
            return result
        }

        private static let newFile = Array("+++ ".utf8), hunkHeader = Array("@@ ".utf8), diffHeader = Array("diff --git ".utf8)

        private mutating func line(_ bytes: [UInt8]) {
            if remainingOld > 0 || remainingNew > 0 {
                switch bytes.first {
                case UInt8(ascii: "-"): remainingOld -= 1; return
                case UInt8(ascii: "+"): remainingNew -= 1; return
                case UInt8(ascii: " "): remainingOld -= 1; remainingNew -= 1; return
                case UInt8(ascii: "\\"): return  // "\ No newline at end of file"
                default: remainingOld = 0; remainingNew = 0  // a malformed hunk: read on as headers
                }
            }
            if bytes.starts(with: DiffParser.diffHeader) {
                file = nil
            } else if bytes.starts(with: DiffParser.newFile) {
                var name = String(decoding: bytes.dropFirst(4), as: UTF8.self)
                // git ends the name with a tab when it holds a space (for patch(1)).
                if name.hasSuffix("\t") { name.removeLast() }
                if name.hasPrefix("\"") { name = ChangedLines.unquote(name) }
                file = name.hasPrefix("b/") ? String(name.dropFirst(2)) : nil  // "/dev/null": deleted
                if let file, ranges[file] == nil { ranges[file] = []; order.append(file) }
            } else if bytes.starts(with: DiffParser.hunkHeader) {
                guard let (old, new) = DiffParser.hunkRanges(bytes) else { return }
                remainingOld = old.count
                remainingNew = new.count
                if let file, new.count > 0 { ranges[file, default: []].append(new.start...(new.start + new.count - 1)) }
            }
        }

        /// `@@ -a[,b] +c[,d] @@ …`: the old and new (start, count); a missing count is 1.
        static func hunkRanges(_ bytes: [UInt8]) -> (old: (start: Int, count: Int), new: (start: Int, count: Int))? {
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            let parts = text.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, parts[0].hasPrefix("-"), parts[1].hasPrefix("+") else { return nil }
            func range(_ part: Substring) -> (start: Int, count: Int)? {
                let numbers = part.dropFirst().split(separator: ",", omittingEmptySubsequences: false)
                guard let start = Int(numbers[0]), start >= 0 else { return nil }
                guard numbers.count > 1 else { return (start, 1) }
                guard numbers.count == 2, let count = Int(numbers[1]), count >= 0 else { return nil }
                return (start, count)
            }
            guard let old = range(parts[0]), let new = range(parts[1]) else { return nil }
            return (old, new)
        }
    }

    /// Untracked files from `git ls-files --others --exclude-standard -z`: every line is new.
    public static func untracked(_ output: Data) -> [String: Change] {
        var result: [String: Change] = [:]
        for name in output.split(separator: 0) where !name.isEmpty {
            result[String(decoding: name, as: UTF8.self)] = .wholeFile
        }
        return result
    }

    /// Sorted, overlapping and adjacent ranges joined.
    static func merged(_ ranges: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound + 1 {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// A C-quoted path as git prints one with a quote, backslash or control character in it:
    /// `"b/tab\there"`, octal escapes for bytes.
    static func unquote(_ quoted: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(quoted.utf8.dropFirst().dropLast(quoted.hasSuffix("\"") ? 1 : 0))
        var index = 0
        while index < input.count {
            let byte = input[index]
            index += 1
            guard byte == UInt8(ascii: "\\"), index < input.count else { bytes.append(byte); continue }
            let escaped = input[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "n"): bytes.append(10)
            case UInt8(ascii: "t"): bytes.append(9)
            case UInt8(ascii: "r"): bytes.append(13)
            case UInt8(ascii: "a"): bytes.append(7)
            case UInt8(ascii: "b"): bytes.append(8)
            case UInt8(ascii: "f"): bytes.append(12)
            case UInt8(ascii: "v"): bytes.append(11)
            case UInt8(ascii: "0")...UInt8(ascii: "3"):
                var value = Int(escaped - UInt8(ascii: "0"))
                var digits = 1
                while digits < 3, index < input.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(input[index]) {
                    value = value * 8 + Int(input[index] - UInt8(ascii: "0"))
                    index += 1
                    digits += 1
                }
                bytes.append(UInt8(truncatingIfNeeded: value))
            default: bytes.append(escaped)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Turns the paths findings carry into paths relative to the repository's top folder, once per
/// distinct path.
struct PathResolver {
    let repositoryRoot: String
    let workingDirectory: String
    let scanBase: String?
    private var cache: [String: String?] = [:]

    /// `firstRoot` is the first scan root as given (relative to `workingDirectory`): flow steps
    /// are relative to it, or to its folder when it is a file.
    init(repositoryRoot: String, workingDirectory: String, firstRoot: String?) {
        self.repositoryRoot = repositoryRoot
        self.workingDirectory = workingDirectory
        var base: String?
        if let firstRoot {
            let absolute = firstRoot.hasPrefix("/") ? firstRoot : ((workingDirectory as NSString).appendingPathComponent(firstRoot) as NSString).standardizingPath
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder) {
                base = isFolder.boolValue ? absolute : (absolute as NSString).deletingLastPathComponent
            }
        }
        scanBase = base
    }

    /// A finding's file is shown relative to the working directory (the walk joins the root the
    /// user gave with the path below it); a flow step's relative to the first scan root's folder.
    /// The candidate that exists wins; `nil` for a file outside the repository.
    mutating func repositoryPath(_ file: String, step: Bool) -> String? {
        let key = (step ? "s:" : "f:") + file
        if let known = cache[key] { return known }
        let resolved = resolve(file, step: step)
        cache[key] = resolved
        return resolved
    }

    private func resolve(_ file: String, step: Bool) -> String? {
        var candidates: [String] = []
        if file.hasPrefix("/") {
            candidates = [file]
        } else {
            let fromWorkingDirectory = join(workingDirectory, file)
            let fromScanBase = scanBase.map { join($0, file) }
            candidates = step ? [fromScanBase, fromWorkingDirectory].compactMap { $0 } : [fromWorkingDirectory, fromScanBase].compactMap { $0 }
        }
        let existing = candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[0]
        return relative(real(existing))
    }

    private func join(_ folder: String, _ path: String) -> String {
        ((folder as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }

    /// The path with its folder's symbolic links resolved (the file itself may be a link git tracks).
    private func real(_ path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        guard let resolved = realpath(folder, nil) else { return path }
        defer { free(resolved) }
        return (String(cString: resolved) as NSString).appendingPathComponent(name)
    }

    private func relative(_ path: String) -> String? {
        let root = repositoryRoot.hasSuffix("/") ? repositoryRoot : repositoryRoot + "/"
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : nil
    }
}
