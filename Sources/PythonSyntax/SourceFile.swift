import Foundation

/// A Python source file decoded to UTF-8, with the line table positions are computed from.
///
/// Line ends stay as they were in the file (`\n`, `\r\n` or `\r`); the lexer understands all
/// three, so byte offsets point into the file's own text.
public struct SourceFile: Sendable {
    /// The path as given, for messages.
    public let path: String
    /// The source text as UTF-8 bytes (after decoding any PEP 263 encoding and dropping a BOM).
    public let bytes: [UInt8]
    /// Byte offset where each line starts; `lineStarts[0] == 0`.
    public let lineStarts: [Int32]

    public init(path: String, utf8 bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        self.lineStarts = SourceFile.computeLineStarts(bytes)
    }

    /// Why a file could not be decoded to text.
    public struct DecodingError: Error, Sendable, Hashable, CustomStringConvertible {
        public var path: String
        /// CPython's wording, e.g. "unknown encoding: foo".
        public var message: String
        /// 1-based line the problem is on.
        public var line: Int
        public var description: String { "\(path):\(line): \(message)" }
    }

    /// Decodes raw file bytes as CPython does for source files: a UTF-8 BOM, a PEP 263 coding
    /// cookie on line 1 or 2, UTF-8 otherwise. Throws `DecodingError` for an unknown encoding or
    /// bytes that are not valid in the declared encoding.
    /// The largest source the parser takes: positions are 32-bit byte offsets.
    public static let maxBytes = Int(Int32.max) - 1

    public static func decode(path: String, raw: [UInt8]) throws -> SourceFile {
        let source = try decodeBytes(path: path, raw: raw)
        if source.bytes.count > maxBytes { throw tooLarge(path, source.bytes.count) }
        return source
    }

    static func tooLarge(_ path: String, _ count: Int) -> DecodingError {
        DecodingError(path: path, message: "file too large to parse (\(count) bytes; the limit is \(maxBytes) bytes)", line: 1)
    }

    static func decodeBytes(path: String, raw: [UInt8]) throws -> SourceFile {
        if raw.count > maxBytes { throw tooLarge(path, raw.count) }
        var body = raw
        var hasBOM = false
        if raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF {
            hasBOM = true
            body = Array(raw[3...])
        }
        var encoding = "utf-8"
        var cookieLine = 0
        // A cookie that CPython's tokenizer does not itself read as "utf-8" (`utf8`, `u8`) makes
        // it decode the whole file with the codec, comments included.
        var strictUTF8 = false
        if let (name, line) = findCodingCookie(body) {
            cookieLine = line
            strictUTF8 = bomConflict(name) != nil
            let normalized = normalizeEncodingName(name)
            if hasBOM, let cs = bomConflict(name) {
                throw DecodingError(path: path, message: "encoding problem: \(cs) with BOM", line: line)
            }
            encoding = normalized
            if encoding != "utf-8" && foundationEncoding(encoding) == nil && encoding != "latin-1" && encoding != "cp1252"
                && SingleByteCodecs.table(encoding) == nil {
                throw DecodingError(path: path, message: "unknown encoding: \(name)", line: line)
            }
        }
        switch encoding {
        case "utf-8":
            if let bad = firstInvalidUTF8(body) {
                if !strictUTF8, let cleaned = invalidUTF8OnlyInComments(path: path, body) { return cleaned }
                let line = 1 + body[..<bad.position].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
                throw DecodingError(path: path, message: "(unicode error) 'utf-8' codec can't decode byte 0x\(String(body[bad.position], radix: 16)) in position \(bad.position): \(bad.reason)", line: line)
            }
            return SourceFile(path: path, utf8: body)
        case "latin-1":
            var out: [UInt8] = []
            out.reserveCapacity(body.count + body.count / 8)
            for b in body { appendScalar(UInt32(b), to: &out) }
            return SourceFile(path: path, utf8: out)
        case "cp1252":
            var out: [UInt8] = []
            out.reserveCapacity(body.count + body.count / 8)
            for (i, b) in body.enumerated() {
                if b < 0x80 || b >= 0xA0 {
                    appendScalar(UInt32(b), to: &out)
                } else {
                    let s = cp1252High[Int(b) - 0x80]
                    if s == 0 {
                        throw DecodingError(path: path, message: "(unicode error) 'charmap' codec can't decode byte 0x\(String(b, radix: 16)) in position \(i): character maps to <undefined>", line: cookieLine)
                    }
                    appendScalar(s, to: &out)
                }
            }
            return SourceFile(path: path, utf8: out)
        default:
            if let table = SingleByteCodecs.table(encoding) {
                var out: [UInt8] = []
                out.reserveCapacity(body.count + body.count / 2)
                for b in body { appendScalar(b < 0x80 ? UInt32(b) : UInt32(table[Int(b) - 0x80]), to: &out) }
                return SourceFile(path: path, utf8: out)
            }
            guard let enc = foundationEncoding(encoding), let text = String(bytes: body, encoding: enc),
                  !(mapsNoPrivateUse(enc) && text.unicodeScalars.contains(where: { $0.value >= 0xE000 && $0.value <= 0xF8FF })) else {
                throw DecodingError(path: path, message: "(unicode error) '\(encoding)' codec can't decode the file", line: cookieLine)
            }
            return SourceFile(path: path, utf8: Array(text.utf8))
        }
    }

    /// 1-based line and 0-based UTF-8 byte column of a byte offset.
    public func location(ofByte offset: Int) -> (line: Int, column: Int) {
        let off = Int32(max(0, min(offset, bytes.count)))
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= off { lo = mid } else { hi = mid - 1 }
        }
        return (lo + 1, Int(off - lineStarts[lo]))
    }

    /// Byte offset of a 1-based line and 0-based byte column (clamped to the file).
    public func offset(line: Int, column: Int) -> Int {
        guard line >= 1 else { return 0 }
        guard line <= lineStarts.count else { return bytes.count }
        return min(bytes.count, Int(lineStarts[line - 1]) + max(0, column))
    }

    /// The text of `range`.
    public func text(_ range: SourceRange) -> String {
        let start = max(0, min(Int(range.start), bytes.count))
        let end = max(start, min(Int(range.end), bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    static func computeLineStarts(_ bytes: [UInt8]) -> [Int32] {
        var starts: [Int32] = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        let n = bytes.count
        bytes.withUnsafeBufferPointer { p in
            var i = 0
            while i < min(n, maxBytes) {
                let b = p[i]
                if b == 10 {
                    starts.append(Int32(i + 1))
                } else if b == 13 {
                    if i + 1 < n && p[i + 1] == 10 { i += 1 }
                    starts.append(Int32(i + 1))
                }
                i += 1
            }
        }
        return starts
    }

    // MARK: - PEP 263

    /// The encoding named by a coding cookie on line 1, or on line 2 when line 1 is blank or a
    /// comment, with its line number.
    static func findCodingCookie(_ b: [UInt8]) -> (String, Int)? {
        var lineStart = 0
        for lineNo in 1...2 {
            if lineStart >= b.count { return nil }
            var end = lineStart
            while end < b.count && b[end] != 10 && b[end] != 13 { end += 1 }
            let line = b[lineStart..<end]
            if let name = cookie(in: line) { return (name, lineNo) }
            // Line 2 counts only when line 1 holds nothing but a comment or whitespace.
            var j = lineStart
            while j < end && (b[j] == 32 || b[j] == 9 || b[j] == 12) { j += 1 }
            if j < end && b[j] != 35 { return nil }
            lineStart = end
            if lineStart < b.count && b[lineStart] == 13 { lineStart += 1 }
            if lineStart < b.count && b[lineStart] == 10 { lineStart += 1 }
        }
        return nil
    }

    private static func cookie(in line: ArraySlice<UInt8>) -> String? {
        var i = line.startIndex
        while i < line.endIndex && (line[i] == 32 || line[i] == 9 || line[i] == 12) { i += 1 }
        guard i < line.endIndex, line[i] == 35 else { return nil }
        // Search "coding" followed by ':' or '='.
        let pattern: [UInt8] = Array("coding".utf8)
        var k = i
        while k + pattern.count < line.endIndex {
            if line[k] == pattern[0] && Array(line[k..<(k + pattern.count)]) == pattern {
                var j = k + pattern.count
                if line[j] == 58 || line[j] == 61 {
                    j += 1
                    while j < line.endIndex && (line[j] == 32 || line[j] == 9) { j += 1 }
                    let s = j
                    while j < line.endIndex {
                        let c = line[j]
                        let ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 95 || c == 46
                        if !ok { break }
                        j += 1
                    }
                    if j > s { return String(decoding: line[s..<j], as: UTF8.self) }
                }
            }
            k += 1
        }
        return nil
    }

    /// With a UTF-8 BOM, CPython accepts only a cookie that its `get_normal_name` turns into
    /// exactly "utf-8" (`utf-8`, `UTF_8`, `utf-8-...`; not `utf8`). Returns the name CPython's
    /// error shows when the cookie conflicts, nil when it does not.
    static func bomConflict(_ name: String) -> String? {
        let buf = String(name.prefix(12)).lowercased().replacingOccurrences(of: "_", with: "-")
        if buf == "utf-8" || buf.hasPrefix("utf-8-") { return nil }
        let latin = buf == "latin-1" || buf == "iso-8859-1" || buf == "iso-latin-1" || buf.hasPrefix("latin-1-")
            || buf.hasPrefix("iso-8859-1-") || buf.hasPrefix("iso-latin-1-")
        return latin ? "iso-8859-1" : name
    }

    /// CPython's `get_normal_name` plus the aliases we decode ourselves.
    static func normalizeEncodingName(_ name: String) -> String {
        let lower = name.lowercased().replacingOccurrences(of: "_", with: "-")
        if lower == "utf-8" || lower.hasPrefix("utf-8-") { return "utf-8" }
        // Python's other aliases of utf_8 (encodings.aliases).
        if ["utf8", "utf", "u8", "utf8-ucs2", "utf8-ucs4", "cp65001"].contains(lower) { return "utf-8" }
        for p in ["latin-1", "iso-8859-1", "iso-latin-1"] where lower == p || lower.hasPrefix(p + "-") { return "latin-1" }
        if ["latin1", "iso8859-1", "l1", "8859", "cp819", "latin", "iso-ir-100", "csisolatin1", "ibm819"].contains(lower) { return "latin-1" }
        if lower == "cp1252" || lower == "windows-1252" || lower == "1252" { return "cp1252" }
        return lower
    }

    static func foundationEncoding(_ name: String) -> String.Encoding? {
        switch name {
        case "ascii", "us-ascii", "646", "us", "cp367", "csascii", "ibm367", "iso646-us", "iso-ir-6": return .ascii
        case "latin-2", "latin2", "iso-8859-2", "iso8859-2", "l2": return .isoLatin2
        case "cp1250", "windows-1250": return .windowsCP1250
        case "cp1251", "windows-1251": return .windowsCP1251
        case "cp1253", "windows-1253": return .windowsCP1253
        case "cp1254", "windows-1254": return .windowsCP1254
        case "mac-roman", "macroman", "macintosh": return .macOSRoman
        case "euc-jp", "eucjp": return .japaneseEUC
        case "shift-jis", "shiftjis", "sjis", "s-jis", "csshiftjis": return .shiftJIS
        case "iso-2022-jp", "iso2022-jp", "iso2022jp", "csiso2022jp": return .iso2022JP
        case "utf-16", "utf16": return .utf16
        case "utf-16-le", "utf-16le": return .utf16LittleEndian
        case "utf-16-be", "utf-16be": return .utf16BigEndian
        case "utf-32", "utf32": return .utf32
        // CJK multi-byte codecs (Python's names and aliases), decoded by Foundation's
        // CoreFoundation converters: NSStringEncoding is 0x8000_0000 | CFStringEncoding.
        case "big5", "big5-tw", "csbig5": return cfEncoding(0x0A03)
        case "big5hkscs", "big5-hkscs", "hkscs": return cfEncoding(0x0A06)
        case "cp950", "950", "ms950": return cfEncoding(0x0423)
        case "gb2312", "chinese", "csiso58gb231280", "euc-cn", "euccn", "eucgb2312-cn", "gb2312-1980", "gb2312-80", "iso-ir-58":
            return cfEncoding(0x0930)
        case "gbk", "936", "cp936", "ms936": return cfEncoding(0x0421)
        case "gb18030", "gb18030-2000": return cfEncoding(0x0632)
        case "hz", "hzgb", "hz-gb", "hz-gb-2312": return cfEncoding(0x0A05)
        case "cp932", "932", "ms932", "mskanji", "ms-kanji": return cfEncoding(0x0420)
        case "euc-kr", "euckr", "korean", "ksc5601", "ks-c-5601", "ks-c-5601-1987", "ksx1001", "ks-x-1001": return cfEncoding(0x0940)
        case "cp949", "949", "ms949", "uhc": return cfEncoding(0x0422)
        case "iso2022-kr", "csiso2022kr", "iso-2022-kr": return cfEncoding(0x0840)
        default: return nil
        }
    }

    private static func cfEncoding(_ cf: UInt) -> String.Encoding { String.Encoding(rawValue: 0x8000_0000 | cf) }

    /// CJK codecs whose CPython tables have no private-use characters. The converters decode
    /// byte pairs CPython rejects (user-defined areas) to private-use characters; such a file
    /// is rejected as CPython does. (gb18030 and cp932 do map some pairs to private use.) The
    /// converters agree with CPython on all but a few rare symbols of these codecs.
    private static func mapsNoPrivateUse(_ enc: String.Encoding) -> Bool {
        let raw = enc.rawValue
        return raw > 0x8000_0000 && raw != (0x8000_0000 | 0x0632) && raw != (0x8000_0000 | 0x0420)
    }

    static func appendScalar(_ v: UInt32, to out: inout [UInt8]) {
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// CPython's `ast.parse` and `compile` of bytes without a cookie other than UTF-8 decode
    /// only what becomes text (names, strings), so bytes that are not UTF-8 are accepted in a
    /// comment (a Latin-1 `# café`). When every such byte is in a comment, the source with
    /// each of them replaced by `?` (byte offsets unchanged); nil otherwise.
    static func invalidUTF8OnlyInComments(path: String, _ body: [UInt8]) -> SourceFile? {
        var bad: [Int] = []
        var from = 0
        while let b = firstInvalidUTF8(body, from: from) {
            bad.append(b.position)
            from = b.position + 1
        }
        var cleaned = body
        for k in bad { cleaned[k] = UInt8(ascii: "?") }
        let source = SourceFile(path: path, utf8: cleaned)
        let comments: [Comment] = cleaned.withUnsafeBufferPointer { buf in
            var lexer = Lexer(buf)
            lexer.tokenize()
            return lexer.comments
        }
        // Start offsets of the comments, ascending; a comment runs to the end of its line.
        let starts = comments.compactMap { c -> Int? in
            let l = Int(c.line) - 1
            return l >= 0 && l < source.lineStarts.count ? Int(source.lineStarts[l]) + Int(c.column) : nil
        }
        var c = 0
        for k in bad {
            while c + 1 < starts.count && starts[c + 1] <= k { c += 1 }
            guard c < starts.count, starts[c] <= k,
                  !cleaned[starts[c]..<k].contains(where: { $0 == 10 || $0 == 13 }) else { return nil }
        }
        return source
    }

    /// Position and reason (CPython's wording) of the first byte at or after `from` that is
    /// not valid UTF-8.
    static func firstInvalidUTF8(_ b: [UInt8], from: Int = 0) -> (position: Int, reason: String)? {
        let n = b.count
        var i = from
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            var need = 0
            var minNext: UInt8 = 0x80
            var maxNext: UInt8 = 0xBF
            if c >= 0xC2 && c <= 0xDF { need = 1 }
            else if c == 0xE0 { need = 2; minNext = 0xA0 }
            else if c >= 0xE1 && c <= 0xEC { need = 2 }
            else if c == 0xED { need = 2; maxNext = 0x9F }
            else if c >= 0xEE && c <= 0xEF { need = 2 }
            else if c == 0xF0 { need = 3; minNext = 0x90 }
            else if c >= 0xF1 && c <= 0xF3 { need = 3 }
            else if c == 0xF4 { need = 3; maxNext = 0x8F }
            else { return (i, "invalid start byte") }
            for k in 1...need {
                guard i + k < n else { return (i, "unexpected end of data") }
                let d = b[i + k]
                let lo: UInt8 = k == 1 ? minNext : 0x80
                let hi: UInt8 = k == 1 ? maxNext : 0xBF
                if d < lo || d > hi { return (i, "invalid continuation byte") }
            }
            i += need + 1
        }
        return nil
    }

    private static let cp1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]
}
