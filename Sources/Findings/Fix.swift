/// Whether applying a fix keeps what the program does (ruff's distinction). `scan --fix`
/// applies safe fixes; unsafe ones also need `--unsafe-fixes`.
public enum FixApplicability: String, Codable, Sendable, CaseIterable, Comparable {
    /// Behaviour-preserving for the inputs the code is meant for (`yaml.load` of plain data).
    case safe
    /// Changes what the program does on purpose (a request now times out, a cookie is no longer
    /// sent over HTTP): right for security, but someone should read the change.
    case unsafe

    public static func < (a: FixApplicability, b: FixApplicability) -> Bool { a == .safe && b == .unsafe }
}

/// A place in a file's text: a 0-based UTF-8 byte offset (into the decoded text, after any
/// byte-order mark) and the same place as a 1-based line and 1-based character column, the way
/// `Location` counts.
public struct TextPosition: Hashable, Codable, Sendable, Comparable {
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    public static func < (a: TextPosition, b: TextPosition) -> Bool { a.offset < b.offset }
}

/// One replacement of the text between `start` and `end` (exclusive) by `replacement`; an
/// insertion when they are equal, a deletion when `replacement` is empty.
public struct TextEdit: Hashable, Codable, Sendable {
    public var start: TextPosition
    public var end: TextPosition
    public var replacement: String

    public init(start: TextPosition, end: TextPosition, replacement: String) {
        self.start = start
        self.end = end
        self.replacement = replacement
    }

    public var isInsertion: Bool { start.offset == end.offset }
}

/// A mechanical fix of one finding: edits of the finding's file, made by the rule from the
/// syntax tree, with what they do and whether they are safe. A value, like the finding, so
/// every report can show it and `scan --fix` can apply it.
public struct Fix: Hashable, Codable, Sendable {
    /// What the fix does, in a few words: "Use `yaml.safe_load`".
    public var message: String
    public var applicability: FixApplicability
    /// Sorted by position, not overlapping (two insertions may share a place).
    public var edits: [TextEdit]

    public init(message: String, applicability: FixApplicability, edits: [TextEdit]) {
        self.message = message
        self.applicability = applicability
        self.edits = edits.sorted { ($0.start.offset, $0.end.offset) < ($1.start.offset, $1.end.offset) }
    }
}

/// Applies fixes to a file's text: a pure function of the bytes and the edits, shared by
/// `scan --fix`/`--diff` and the rule tests, so what a test checks is what the command writes.
public enum FixApplier {
    public struct Application: Sendable {
        /// The text with the accepted fixes applied.
        public var text: [UInt8]
        /// Indices (into the fixes given) of the fixes applied, in the order given.
        public var applied: [Int]
        /// Fixes left out because they edit text another accepted fix already edits.
        public var conflicting: [Int]
        /// Fixes whose edits do not fit this text (out of range, overlapping each other, or
        /// cutting a UTF-8 character).
        public var invalid: [Int]
        /// Every edit applied, sorted, identical edits of several fixes once.
        public var edits: [TextEdit]
    }

    /// Applies the fixes in the order given, each whole or not at all: a fix is left out when one
    /// of its edits overlaps an edit of a fix accepted before it. Identical edits (the same
    /// `import os` two fixes need) are made once; insertions at one place keep the order of
    /// their fixes.
    public static func apply(_ fixes: [Fix], to text: [UInt8]) -> Application {
        var accepted: [(edit: TextEdit, order: Int)] = []
        var applied: [Int] = [], conflicting: [Int] = [], invalid: [Int] = []
        for (index, fix) in fixes.enumerated() {
            guard isValid(fix, in: text) else { invalid.append(index); continue }
            let fresh = fix.edits.filter { edit in !accepted.contains { $0.edit == edit } }
            if fresh.contains(where: { edit in accepted.contains { overlaps($0.edit, edit) } }) {
                conflicting.append(index)
                continue
            }
            accepted += fresh.map { ($0, accepted.count) }
            applied.append(index)
        }
        let sorted = accepted.sorted { a, b in
            if a.edit.start.offset != b.edit.start.offset { return a.edit.start.offset < b.edit.start.offset }
            // An insertion goes before a replacement starting at the same place.
            if a.edit.isInsertion != b.edit.isInsertion { return a.edit.isInsertion }
            return a.order < b.order
        }.map(\.edit)
        var out: [UInt8] = []
        out.reserveCapacity(text.count + sorted.reduce(0) { $0 + $1.replacement.utf8.count })
        var cursor = 0
        for edit in sorted {
            out += text[cursor..<edit.start.offset]
            out += Array(edit.replacement.utf8)
            cursor = edit.end.offset
        }
        out += text[cursor...]
        return Application(text: out, applied: applied, conflicting: conflicting, invalid: invalid, edits: sorted)
    }

    /// Do two edits touch the same text? Edits that only meet at one place do not (a deletion and
    /// an insertion just after it), and neither do two insertions at one place.
    static func overlaps(_ a: TextEdit, _ b: TextEdit) -> Bool {
        if a.isInsertion && b.isInsertion { return false }
        if a.isInsertion { return b.start.offset < a.start.offset && a.start.offset < b.end.offset }
        if b.isInsertion { return a.start.offset < b.start.offset && b.start.offset < a.end.offset }
        return a.start.offset < b.end.offset && b.start.offset < a.end.offset
    }

    static func isValid(_ fix: Fix, in text: [UInt8]) -> Bool {
        var previous = 0
        for edit in fix.edits {
            guard edit.start.offset >= previous, edit.start.offset <= edit.end.offset, edit.end.offset <= text.count,
                  isBoundary(edit.start.offset, text), isBoundary(edit.end.offset, text) else { return false }
            previous = edit.end.offset
        }
        return true
    }

    /// Not in the middle of a multi-byte UTF-8 character.
    static func isBoundary(_ offset: Int, _ text: [UInt8]) -> Bool {
        offset == text.count || text[offset] & 0xC0 != 0x80
    }

    /// Where `offset` of the text before `edits` (sorted, as `Application.edits`) is after them. A
    /// place inside a replaced span moves to the start of the replacement (`towardEnd`: its end).
    public static func map(_ offset: Int, through edits: [TextEdit], towardEnd: Bool = false) -> Int {
        var shift = 0
        for edit in edits {
            if edit.end.offset <= offset && !(edit.isInsertion && edit.start.offset == offset && !towardEnd) {
                shift += edit.replacement.utf8.count - (edit.end.offset - edit.start.offset)
            } else if edit.start.offset < offset {
                return edit.start.offset + shift + (towardEnd ? edit.replacement.utf8.count : 0)
            } else {
                break
            }
        }
        return offset + shift
    }
}

/// The line table of a text, to turn byte offsets into lines and character columns and back.
public struct LineIndex: Sendable {
    public let text: [UInt8]
    /// Byte offset where each line starts (after `\n`; `\r\n` counts as one line end).
    public let lineStarts: [Int]

    public init(_ text: [UInt8]) {
        self.text = text
        var starts = [0]
        for (index, byte) in text.enumerated() where byte == 10 { starts.append(index + 1) }
        lineStarts = starts
    }

    /// The 1-based line and character column of a byte offset.
    public func position(_ offset: Int) -> TextPosition {
        let offset = max(0, min(offset, text.count))
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        var column = 1
        var index = lineStarts[low]
        while index < offset {
            if text[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return TextPosition(offset: offset, line: low + 1, column: column)
    }

    /// The byte offset of a 1-based line and character column (clamped to the line's end).
    public func offset(line: Int, column: Int) -> Int {
        guard line >= 1 else { return 0 }
        guard line <= lineStarts.count else { return text.count }
        var index = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] - 1 : text.count
        var remaining = column - 1
        while remaining > 0, index < end {
            index += 1
            while index < end, text[index] & 0xC0 == 0x80 { index += 1 }
            remaining -= 1
        }
        return index
    }
}

extension Finding {
    /// Is this finding (of the text before `edits`) still reported in `after`, the findings of
    /// the same file once the edits are made? It is when a finding of the same rule and weakness
    /// (or one merged into such a finding) covers code that overlaps where this one's code went:
    /// a fix whose finding stays is not written.
    public func remains(after edits: [TextEdit], before: LineIndex, afterText: LineIndex, in after: [Finding]) -> Bool {
        let start = FixApplier.map(before.offset(line: location.startLine, column: location.startColumn), through: edits)
        let end = FixApplier.map(before.offset(line: location.endLine, column: location.endColumn), through: edits, towardEnd: true)
        let from = afterText.position(start), to = afterText.position(max(start, end))
        for candidate in after.flatMap({ [$0] + $0.covers }) where candidate.ruleID == ruleID && candidate.cwe == cwe {
            let otherFrom = (candidate.location.startLine, candidate.location.startColumn)
            let otherTo = (max(candidate.location.endLine, candidate.location.startLine), candidate.location.endColumn)
            // Inclusive: a finding that starts where this one ends is still on the same code.
            if otherFrom <= (to.line, to.column) && (from.line, from.column) <= otherTo { return true }
        }
        return false
    }
}

/// What `scan --fix` or `scan --diff` did, for the report's summary: each fix applied, each
/// refused (and why), and how many unsafe fixes were left for `--unsafe-fixes`.
public struct FixSummary: Hashable, Codable, Sendable {
    /// One fix, named by its finding.
    public struct Entry: Hashable, Codable, Sendable {
        public var ruleID: String
        public var file: String
        public var line: Int
        public var message: String
        public var applicability: FixApplicability
        /// Why it was not written (refused fixes only).
        public var reason: String?

        public init(ruleID: String, file: String, line: Int, message: String, applicability: FixApplicability, reason: String? = nil) {
            self.ruleID = ruleID
            self.file = file
            self.line = line
            self.message = message
            self.applicability = applicability
            self.reason = reason
        }

        public init(_ finding: Finding, reason: String? = nil) {
            self.init(ruleID: finding.ruleID, file: finding.location.file, line: finding.location.startLine,
                      message: finding.fix?.message ?? "", applicability: finding.fix?.applicability ?? .safe, reason: reason)
        }
    }

    /// True when the fixes were written to the files (`--fix`); false when only shown (`--diff`).
    public var written: Bool
    public var applied: [Entry]
    public var refused: [Entry]
    /// Unsafe fixes not applied because `--unsafe-fixes` was not given.
    public var unsafeSkipped: Int
    /// The files the applied fixes change.
    public var files: [String]

    public init(written: Bool, applied: [Entry] = [], refused: [Entry] = [], unsafeSkipped: Int = 0, files: [String] = []) {
        self.written = written
        self.applied = applied
        self.refused = refused
        self.unsafeSkipped = unsafeSkipped
        self.files = files
    }
}
