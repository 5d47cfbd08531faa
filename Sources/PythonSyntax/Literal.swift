import Foundation

/// Values of numeric and string literals, decoded as CPython does.
enum Literal {
    // MARK: numbers

    /// The value of a NUMBER token's text (underscores allowed).
    static func number(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> ConstantValue {
        var digits: [UInt8] = []
        digits.reserveCapacity(e - s)
        for k in s..<e where p[k] != 95 { digits.append(p[k]) }
        let last = digits.last ?? 48
        if last | 0x20 == UInt8(ascii: "j") {
            digits.removeLast()
            return .complex(imag: Double(String(decoding: digits, as: UTF8.self)) ?? 0)
        }
        if digits.count > 1 && digits[0] == 48 {
            let k = digits[1] | 0x20
            var radix = 0
            if k == UInt8(ascii: "x") { radix = 16 } else if k == UInt8(ascii: "o") { radix = 8 } else if k == UInt8(ascii: "b") { radix = 2 }
            if radix != 0 { return integer(Array(digits[2...]), radix: radix) }
        }
        for d in digits where d == 46 || d | 0x20 == UInt8(ascii: "e") {
            return .float(Double(String(decoding: digits, as: UTF8.self)) ?? 0)
        }
        return integer(digits, radix: 10)
    }

    /// CPython's default `sys.get_int_max_str_digits()`: longer decimal integer literals are a
    /// syntax error, and longer ints cannot be printed in decimal.
    static let maxDecimalDigits = 4_300

    /// The number of digits of a decimal integer literal (underscores not counted); nil for
    /// other numbers (floats, imaginary, hexadecimal, octal, binary).
    static func decimalIntegerDigits(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        var n = 0
        for k in s..<e {
            let c = p[k]
            if c >= 48 && c <= 57 { n += 1 } else if c != 95 { return nil }
        }
        return n
    }

    static func digitValue(_ c: UInt8) -> UInt32 {
        if c <= 57 { return UInt32(c - 48) }
        return UInt32((c | 0x20) - 97 + 10)
    }

    /// An integer in any radix: `.int` when it fits in 64 bits, else `.bigInt` with its decimal digits.
    static func integer(_ digits: [UInt8], radix: Int) -> ConstantValue {
        var v: UInt64 = 0
        var overflow = false
        for d in digits {
            let (m, o1) = v.multipliedReportingOverflow(by: UInt64(radix))
            let (a, o2) = m.addingReportingOverflow(UInt64(digitValue(d)))
            if o1 || o2 { overflow = true; break }
            v = a
        }
        if !overflow && v <= UInt64(Int.max) { return .int(Int(v)) }
        if radix == 10 {
            var k = 0
            while k < digits.count - 1 && digits[k] == 48 { k += 1 }
            return .bigInt(String(decoding: digits[k...], as: UTF8.self))
        }
        // Past CPython's limit its `repr` of the value fails too; converting to decimal would be
        // quadratic, so the literal is kept as written (lowercase prefix, no underscores).
        let bitsPerDigit = radix == 16 ? 4 : radix == 8 ? 3 : 1
        if digits.count * bitsPerDigit > maxDecimalDigits * 332 / 100 {
            let prefix = radix == 16 ? "0x" : radix == 8 ? "0o" : "0b"
            return .bigInt(prefix + String(decoding: digits, as: UTF8.self))
        }
        // Base conversion on 32-bit limbs (little-endian), then to decimal.
        var limbs: [UInt32] = [0]
        for d in digits {
            var carry = UInt64(digitValue(d))
            for j in 0..<limbs.count {
                let x = UInt64(limbs[j]) * UInt64(radix) + carry
                limbs[j] = UInt32(truncatingIfNeeded: x)
                carry = x >> 32
            }
            if carry != 0 { limbs.append(UInt32(carry)) }
        }
        var chunks: [UInt64] = []
        while !(limbs.count == 1 && limbs[0] == 0) {
            var rem: UInt64 = 0
            for j in stride(from: limbs.count - 1, through: 0, by: -1) {
                let x = (rem << 32) | UInt64(limbs[j])
                limbs[j] = UInt32(x / 1_000_000_000)
                rem = x % 1_000_000_000
            }
            while limbs.count > 1 && limbs[limbs.count - 1] == 0 { limbs.removeLast() }
            chunks.append(rem)
        }
        // Chunks of 9 digits, least significant first: the first printed without padding.
        var out: [UInt8] = []
        for (i, chunk) in chunks.reversed().enumerated() {
            let text = Array(String(chunk).utf8)
            if i > 0 { out.append(contentsOf: repeatElement(48, count: 9 - text.count)) }
            out.append(contentsOf: text)
        }
        if out.isEmpty { out = [48] }
        return .bigInt(String(decoding: out, as: UTF8.self))
    }

    // MARK: strings

    /// Why an escape could not be decoded (CPython's "(unicode error) ..." messages).
    struct EscapeError: Error {
        var message: String
        var offset: Int
    }

    /// Decodes the body of a str literal (between the quotes). `raw` keeps backslashes.
    /// Line ends (`\r\n`, `\r`) become `\n` as CPython's tokenizer translates them.
    static func decodeString(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, raw: Bool, into out: inout [UInt8]) throws {
        var k = s
        while k < e {
            let c = p[k]
            if c == 13 {
                out.append(10)
                k += (k + 1 < e && p[k + 1] == 10) ? 2 : 1
                continue
            }
            if c != 92 || raw {
                if c == 92 && raw && k + 1 < e {
                    // A raw string keeps the backslash and the character after it.
                    out.append(92)
                    k += 1
                    continue
                }
                out.append(c)
                k += 1
                continue
            }
            k = try escape(p, k, e, bytes: false, into: &out)
        }
    }

    /// Decodes the body of a bytes literal. Non-ASCII characters are an error.
    static func decodeBytes(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, raw: Bool, into out: inout [UInt8]) throws {
        var k = s
        while k < e {
            let c = p[k]
            if c >= 0x80 { throw EscapeError(message: "bytes can only contain ASCII literal characters", offset: k) }
            if c == 13 {
                out.append(10)
                k += (k + 1 < e && p[k + 1] == 10) ? 2 : 1
                continue
            }
            if c != 92 || raw {
                out.append(c)
                k += 1
                continue
            }
            k = try escape(p, k, e, bytes: true, into: &out)
        }
    }

    /// One escape sequence at `k` (a backslash); returns the offset after it.
    static func escape(_ p: UnsafeBufferPointer<UInt8>, _ k0: Int, _ e: Int, bytes: Bool, into out: inout [UInt8]) throws -> Int {
        var k = k0 + 1
        guard k < e else {
            out.append(92)
            return k
        }
        let c = p[k]
        k += 1
        switch c {
        case 10: return k
        case 13:
            if k < e && p[k] == 10 { k += 1 }
            return k
        case UInt8(ascii: "\\"): out.append(92)
        case UInt8(ascii: "'"): out.append(39)
        case UInt8(ascii: "\""): out.append(34)
        case UInt8(ascii: "a"): out.append(7)
        case UInt8(ascii: "b"): out.append(8)
        case UInt8(ascii: "f"): out.append(12)
        case UInt8(ascii: "n"): out.append(10)
        case UInt8(ascii: "r"): out.append(13)
        case UInt8(ascii: "t"): out.append(9)
        case UInt8(ascii: "v"): out.append(11)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var v = UInt32(c - 48)
            var count = 1
            while count < 3 && k < e && p[k] >= 48 && p[k] <= 55 {
                v = v * 8 + UInt32(p[k] - 48)
                k += 1
                count += 1
            }
            if bytes { out.append(UInt8(truncatingIfNeeded: v)) } else { SourceFile.appendScalar(v, to: &out) }
        case UInt8(ascii: "x"):
            let v = try hex(p, &k, e, count: 2, k0: k0, name: bytes ? nil : "\\xXX")
            if bytes { out.append(UInt8(v)) } else { SourceFile.appendScalar(v, to: &out) }
        case UInt8(ascii: "u") where !bytes:
            let v = try hex(p, &k, e, count: 4, k0: k0, name: "\\uXXXX")
            SourceFile.appendScalar(v, to: &out)
        case UInt8(ascii: "U") where !bytes:
            let v = try hex(p, &k, e, count: 8, k0: k0, name: "\\UXXXXXXXX")
            if v > 0x10FFFF {
                throw EscapeError(message: "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character", offset: k0)
            }
            SourceFile.appendScalar(v, to: &out)
        case UInt8(ascii: "N") where !bytes:
            guard k < e, p[k] == UInt8(ascii: "{") else {
                throw EscapeError(message: "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: malformed \\N character escape", offset: k0)
            }
            var j = k + 1
            while j < e && p[j] != UInt8(ascii: "}") { j += 1 }
            guard j < e, j > k + 1 else {
                throw EscapeError(message: "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-\(j - k0 - 1): malformed \\N character escape", offset: k0)
            }
            let name = String(decoding: UnsafeBufferPointer(rebasing: p[(k + 1)..<j]), as: UTF8.self)
            guard let v = UnicodeNames.lookup(name) else {
                throw EscapeError(message: "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-\(j - k0): unknown Unicode character name", offset: k0)
            }
            SourceFile.appendScalar(v, to: &out)
            k = j + 1
        default:
            // Unknown escapes keep the backslash (a warning in CPython).
            out.append(92)
            k -= 1
        }
        return k
    }

    static func hex(_ p: UnsafeBufferPointer<UInt8>, _ k: inout Int, _ e: Int, count: Int, k0: Int, name: String?) throws -> UInt32 {
        var v: UInt32 = 0
        for m in 0..<count {
            guard k < e, let d = hexDigit(p[k]) else {
                let what = name ?? "\\xXX"
                let pos = m + 1
                if name == nil {
                    throw EscapeError(message: "(value error) invalid \\x escape at position 0", offset: k0)
                }
                throw EscapeError(message: "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-\(pos): truncated \(what) escape", offset: k0)
            }
            v = v * 16 + d
            k += 1
        }
        return v
    }

    @inline(__always) static func hexDigit(_ c: UInt8) -> UInt32? {
        if c >= 48 && c <= 57 { return UInt32(c - 48) }
        let l = c | 0x20
        if l >= 97 && l <= 102 { return UInt32(l - 87) }
        return nil
    }
}

/// Reverse lookup of Unicode character names for `\N{...}`, built on first use.
enum UnicodeNames {
    static let table: [String: UInt32] = {
        var t: [String: UInt32] = [:]
        t.reserveCapacity(300_000)
        var v: UInt32 = 0
        while v <= 0x10FFFF {
            // Ranges whose names are algorithmic (looked up by `lookup` without the table) or
            // that have no names at all: skipping them makes building the table several times
            // faster (a CJK name is built from hex digits on every call).
            if let end = skippedRanges.first(where: { $0.contains(v) })?.upperBound { v = end + 1; continue }
            if let s = Unicode.Scalar(v) {
                let props = s.properties
                if let name = props.name { t[name] = v }
                if let alias = props.nameAlias { t[alias] = v }
            }
            v += 1
        }
        for (name, value) in extraAliases { t[name] = value }
        return t
    }()

    /// Scalars the table leaves out: surrogates; CJK unified and compatibility ideographs,
    /// Hangul syllables, Tangut, Khitan and Nushu characters (algorithmic names); unassigned
    /// planes 4 to 13; private use.
    static let skippedRanges: [ClosedRange<UInt32>] = [
        0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xD800...0xF8FF, 0xF900...0xFAFF,
        0x17000...0x187FF, 0x18B00...0x18CFF, 0x18D00...0x18D7F, 0x1B170...0x1B2FF,
        0x20000...0x3FFFF, 0x40000...0xDFFFF, 0xF0000...0x10FFFF,
    ]

    static func lookup(_ name: String) -> UInt32? {
        let upper = name.uppercased()
        if let v = table[upper] { return v }
        // Algorithmic names, as CPython's unicodedata reads them: Hangul syllables and CJK
        // unified ideographs only as written in upper case; the other ranges the table leaves
        // out (compatibility ideographs, ...) in any case, as table names are.
        if name.hasPrefix("HANGUL SYLLABLE ") {
            for v: UInt32 in 0xAC00...0xD7A3 where Unicode.Scalar(v)?.properties.name == name { return v }
            return nil
        }
        if name.hasPrefix("CJK UNIFIED IDEOGRAPH-") {
            if let v = UInt32(name.dropFirst(22), radix: 16), let s = Unicode.Scalar(v), s.properties.name == name { return v }
            return nil
        }
        for prefix in ["CJK COMPATIBILITY IDEOGRAPH-", "TANGUT IDEOGRAPH-", "KHITAN SMALL SCRIPT CHARACTER-", "NUSHU CHARACTER-"] where upper.hasPrefix(prefix) {
            if let v = UInt32(upper.dropFirst(prefix.count), radix: 16), let s = Unicode.Scalar(v), s.properties.name == upper { return v }
        }
        return nil
    }

    /// NameAliases.txt entries (control, abbreviation, alternate) that Swift does not expose.
    static let extraAliases: [(String, UInt32)] = [
        ("NULL", 0), ("NUL", 0), ("START OF HEADING", 1), ("SOH", 1), ("START OF TEXT", 2), ("STX", 2),
        ("END OF TEXT", 3), ("ETX", 3), ("END OF TRANSMISSION", 4), ("EOT", 4), ("ENQUIRY", 5), ("ENQ", 5),
        ("ACKNOWLEDGE", 6), ("ACK", 6), ("ALERT", 7), ("BEL", 7), ("BACKSPACE", 8), ("BS", 8),
        ("CHARACTER TABULATION", 9), ("HORIZONTAL TABULATION", 9), ("HT", 9), ("TAB", 9),
        ("LINE FEED", 10), ("NEW LINE", 10), ("END OF LINE", 10), ("LF", 10), ("NL", 10), ("EOL", 10),
        ("LINE TABULATION", 11), ("VERTICAL TABULATION", 11), ("VT", 11), ("FORM FEED", 12), ("FF", 12),
        ("CARRIAGE RETURN", 13), ("CR", 13), ("SHIFT OUT", 14), ("LOCKING-SHIFT ONE", 14), ("SO", 14),
        ("SHIFT IN", 15), ("LOCKING-SHIFT ZERO", 15), ("SI", 15), ("DATA LINK ESCAPE", 16), ("DLE", 16),
        ("DEVICE CONTROL ONE", 17), ("DC1", 17), ("DEVICE CONTROL TWO", 18), ("DC2", 18),
        ("DEVICE CONTROL THREE", 19), ("DC3", 19), ("DEVICE CONTROL FOUR", 20), ("DC4", 20),
        ("NEGATIVE ACKNOWLEDGE", 21), ("NAK", 21), ("SYNCHRONOUS IDLE", 22), ("SYN", 22),
        ("END OF TRANSMISSION BLOCK", 23), ("ETB", 23), ("CANCEL", 24), ("CAN", 24), ("END OF MEDIUM", 25),
        ("EOM", 25), ("SUBSTITUTE", 26), ("SUB", 26), ("ESCAPE", 27), ("ESC", 27),
        ("INFORMATION SEPARATOR FOUR", 28), ("FILE SEPARATOR", 28), ("FS", 28),
        ("INFORMATION SEPARATOR THREE", 29), ("GROUP SEPARATOR", 29), ("GS", 29),
        ("INFORMATION SEPARATOR TWO", 30), ("RECORD SEPARATOR", 30), ("RS", 30),
        ("INFORMATION SEPARATOR ONE", 31), ("UNIT SEPARATOR", 31), ("US", 31), ("SP", 32),
        ("DELETE", 0x7F), ("DEL", 0x7F), ("PADDING CHARACTER", 0x80), ("PAD", 0x80),
        ("HIGH OCTET PRESET", 0x81), ("HOP", 0x81), ("BREAK PERMITTED HERE", 0x82), ("BPH", 0x82),
        ("NO BREAK HERE", 0x83), ("NBH", 0x83), ("INDEX", 0x84), ("IND", 0x84), ("NEXT LINE", 0x85), ("NEL", 0x85),
        ("START OF SELECTED AREA", 0x86), ("SSA", 0x86), ("END OF SELECTED AREA", 0x87), ("ESA", 0x87),
        ("CHARACTER TABULATION SET", 0x88), ("HTS", 0x88), ("CHARACTER TABULATION WITH JUSTIFICATION", 0x89),
        ("HTJ", 0x89), ("LINE TABULATION SET", 0x8A), ("VTS", 0x8A), ("PARTIAL LINE FORWARD", 0x8B), ("PLD", 0x8B),
        ("PARTIAL LINE BACKWARD", 0x8C), ("PLU", 0x8C), ("REVERSE LINE FEED", 0x8D), ("RI", 0x8D),
        ("SINGLE SHIFT TWO", 0x8E), ("SS2", 0x8E), ("SINGLE SHIFT THREE", 0x8F), ("SS3", 0x8F),
        ("DEVICE CONTROL STRING", 0x90), ("DCS", 0x90), ("PRIVATE USE ONE", 0x91), ("PU1", 0x91),
        ("PRIVATE USE TWO", 0x92), ("PU2", 0x92), ("SET TRANSMIT STATE", 0x93), ("STS", 0x93),
        ("CANCEL CHARACTER", 0x94), ("CCH", 0x94), ("MESSAGE WAITING", 0x95), ("MW", 0x95),
        ("START OF GUARDED AREA", 0x96), ("SPA", 0x96), ("END OF GUARDED AREA", 0x97), ("EPA", 0x97),
        ("START OF STRING", 0x98), ("SOS", 0x98), ("SINGLE GRAPHIC CHARACTER INTRODUCER", 0x99), ("SGC", 0x99),
        ("SINGLE CHARACTER INTRODUCER", 0x9A), ("SCI", 0x9A), ("CONTROL SEQUENCE INTRODUCER", 0x9B), ("CSI", 0x9B),
        ("STRING TERMINATOR", 0x9C), ("ST", 0x9C), ("OPERATING SYSTEM COMMAND", 0x9D), ("OSC", 0x9D),
        ("PRIVACY MESSAGE", 0x9E), ("PM", 0x9E), ("APPLICATION PROGRAM COMMAND", 0x9F), ("APC", 0x9F),
        ("NBSP", 0xA0), ("SHY", 0xAD), ("CGJ", 0x34F), ("ALM", 0x61C), ("MVS", 0x180E), ("FVS1", 0x180B),
        ("FVS2", 0x180C), ("FVS3", 0x180D), ("ZWSP", 0x200B), ("ZWNJ", 0x200C), ("ZWJ", 0x200D), ("LRM", 0x200E),
        ("RLM", 0x200F), ("LRE", 0x202A), ("RLE", 0x202B), ("PDF", 0x202C), ("LRO", 0x202D), ("RLO", 0x202E),
        ("NNBSP", 0x202F), ("MMSP", 0x205F), ("WJ", 0x2060), ("LRI", 0x2066), ("RLI", 0x2067), ("FSI", 0x2068),
        ("PDI", 0x2069), ("VS1", 0xFE00), ("VS16", 0xFE0F), ("BYTE ORDER MARK", 0xFEFF), ("BOM", 0xFEFF),
        ("ZWNBSP", 0xFEFF),
    ]
}
