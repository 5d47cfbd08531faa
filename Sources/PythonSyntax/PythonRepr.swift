/// Python's `repr()` of the values a `Constant` node can hold, byte for byte as CPython prints
/// them, so `ASTDump` output can be compared with `ast.dump` text.
public enum PythonRepr {
    /// The Unicode version of the CPython whose `str.isprintable` we reproduce (3.11 ships
    /// Unicode 14.0). Scalars assigned later count as unassigned (`Cn`), hence not printable.
    public static let unicodeVersion = (major: 14, minor: 0)

    /// `repr(value)`.
    public static func constant(_ value: ConstantValue) -> String {
        var out: [UInt8] = []
        appendConstant(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `repr(s)` for a `str`.
    public static func string(_ s: String) -> String {
        var out: [UInt8] = []
        appendString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `repr(b)` for a `bytes` object.
    public static func bytes(_ b: [UInt8]) -> String {
        var out: [UInt8] = []
        appendBytes(b, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `repr(x)` for a `float`.
    public static func float(_ x: Double) -> String {
        var out: [UInt8] = []
        appendFloat(x, addDotZero: true, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `repr(complex(0, imag))`, the value of an imaginary literal.
    public static func imaginary(_ imag: Double) -> String {
        var out: [UInt8] = []
        appendFloat(imag, addDotZero: false, to: &out)
        out.append(UInt8(ascii: "j"))
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Appending to a byte buffer (what the dumper uses)

    static func appendConstant(_ value: ConstantValue, to out: inout [UInt8]) {
        switch value {
        case .none: out.append(contentsOf: "None".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "True" : "False").utf8)
        case .ellipsis: out.append(contentsOf: "Ellipsis".utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .bigInt(let digits): out.append(contentsOf: digits.utf8)
        case .float(let d): appendFloat(d, addDotZero: true, to: &out)
        case .complex(let imag):
            // complex.__repr__ prints only the imaginary part when the real part is +0.0.
            appendFloat(imag, addDotZero: false, to: &out)
            out.append(UInt8(ascii: "j"))
        case .str(let s): appendString(s, to: &out)
        case .bytes(let b): appendBytes(b, to: &out)
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    @inline(__always)
    static func appendHex(_ v: UInt32, digits: Int, to out: inout [UInt8]) {
        var shift = (digits - 1) * 4
        while shift >= 0 {
            out.append(hexDigits[Int((v >> UInt32(shift)) & 0xF)])
            shift -= 4
        }
    }

    /// unicode_repr in Objects/unicodeobject.c: single quotes unless the text holds a single
    /// quote and no double quote.
    /// Whether WTF-8 bytes encode a surrogate code point (`ED A0..BF xx`).
    static func containsSurrogate(_ bytes: [UInt8]) -> Bool {
        var i = 0
        let n = bytes.count
        while i + 1 < n {
            if bytes[i] == 0xED && bytes[i + 1] >= 0xA0 { return true }
            i += 1
        }
        return false
    }

    /// `repr` of a string given as WTF-8 bytes, which may encode lone surrogates (CPython
    /// prints them as `\\udXXX`, like any code point that is not printable).
    static func appendWTF8String(_ bytes: [UInt8], to out: inout [UInt8]) {
        var codePoints: [UInt32] = []
        codePoints.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = UInt32(bytes[i])
            if b < 0x80 { codePoints.append(b); i += 1 }
            else if b < 0xE0, i + 1 < n { codePoints.append((b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)); i += 2 }
            else if b < 0xF0, i + 2 < n {
                codePoints.append((b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)); i += 3
            } else if i + 3 < n {
                codePoints.append((b & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                                  | UInt32(bytes[i + 3] & 0x3F)); i += 4
            } else { codePoints.append(0xFFFD); i += 1 }
        }
        let hasSingle = codePoints.contains(UInt32(UInt8(ascii: "'")))
        let hasDouble = codePoints.contains(UInt32(UInt8(ascii: "\"")))
        let quote: UInt8 = (hasSingle && !hasDouble) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        out.append(quote)
        for v in codePoints { appendCodePoint(v, quote: quote, to: &out) }
        out.append(quote)
    }

    /// One code point of a `str` repr between `quote`s.
    @inline(__always) static func appendCodePoint(_ v: UInt32, quote: UInt8, to out: inout [UInt8]) {
        if v < 0x80 {
            let b = UInt8(v)
            switch b {
            case quote, UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\")); out.append(b)
            case 9: out.append(contentsOf: "\\t".utf8)
            case 10: out.append(contentsOf: "\\n".utf8)
            case 13: out.append(contentsOf: "\\r".utf8)
            case 0..<0x20, 0x7F:
                out.append(contentsOf: "\\x".utf8); appendHex(v, digits: 2, to: &out)
            default: out.append(b)
            }
        } else if let scalar = Unicode.Scalar(v), isPrintable(scalar) {
            out.append(contentsOf: String(scalar).utf8)
        } else if v <= 0xFF {
            out.append(contentsOf: "\\x".utf8); appendHex(v, digits: 2, to: &out)
        } else if v <= 0xFFFF {
            out.append(contentsOf: "\\u".utf8); appendHex(v, digits: 4, to: &out)
        } else {
            out.append(contentsOf: "\\U".utf8); appendHex(v, digits: 8, to: &out)
        }
    }

    static func appendString(_ s: String, to out: inout [UInt8]) {
        var hasSingle = false
        var hasDouble = false
        var allPlainASCII = true
        for b in s.utf8 {
            if b == UInt8(ascii: "'") { hasSingle = true } else if b == UInt8(ascii: "\"") { hasDouble = true }
            if b < 0x20 || b >= 0x7F || b == UInt8(ascii: "\\") { allPlainASCII = false }
        }
        let quote: UInt8 = (hasSingle && !hasDouble) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        out.append(quote)
        if allPlainASCII && !(hasSingle && hasDouble) && !(quote == UInt8(ascii: "'") && hasSingle) {
            out.append(contentsOf: s.utf8)
            out.append(quote)
            return
        }
        for scalar in s.unicodeScalars { appendCodePoint(scalar.value, quote: quote, to: &out) }
        out.append(quote)
    }

    /// `str.isprintable` for one non-ASCII scalar: false for categories Cc, Cf, Cs, Co, Cn, Zl,
    /// Zp, Zs, and for scalars unassigned in `unicodeVersion`.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        let props = scalar.properties
        switch props.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            guard let age = props.age else { return false }
            return (age.major, age.minor) <= unicodeVersion
        }
    }

    /// bytes_repr in Objects/bytesobject.c.
    static func appendBytes(_ bytes: [UInt8], to out: inout [UInt8]) {
        let hasSingle = bytes.contains(UInt8(ascii: "'"))
        let hasDouble = bytes.contains(UInt8(ascii: "\""))
        let quote: UInt8 = (hasSingle && !hasDouble) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        out.append(UInt8(ascii: "b"))
        out.append(quote)
        for b in bytes {
            switch b {
            case quote, UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\")); out.append(b)
            case 9: out.append(contentsOf: "\\t".utf8)
            case 10: out.append(contentsOf: "\\n".utf8)
            case 13: out.append(contentsOf: "\\r".utf8)
            case 0..<0x20, 0x7F...0xFF:
                out.append(contentsOf: "\\x".utf8); appendHex(UInt32(b), digits: 2, to: &out)
            default: out.append(b)
            }
        }
        out.append(quote)
    }

    /// `float.__repr__` (`'r'` format, shortest round-tripping digits): positional notation when
    /// the decimal exponent is in -4 ..< 16, scientific otherwise (`1e+16`, `1e-05`).
    /// `addDotZero` is false for the parts of a complex repr (`2j`, not `2.0j`).
    static func appendFloat(_ x: Double, addDotZero: Bool, to out: inout [UInt8]) {
        if x.isNaN { out.append(contentsOf: "nan".utf8); return }
        if x.isInfinite { out.append(contentsOf: (x < 0 ? "-inf" : "inf").utf8); return }
        if x.sign == .minus { out.append(UInt8(ascii: "-")) }
        // Swift's description gives the shortest round-tripping digits, as CPython's repr
        // does (both pick the closest such string); only the layout differs.
        let (digits, decpt) = shortestDigits(abs(x))
        let n = digits.count
        if decpt <= -4 || decpt > 16 {
            out.append(digits[0])
            if n > 1 {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: digits[1...])
            }
            let e = decpt - 1
            out.append(UInt8(ascii: "e"))
            out.append(UInt8(ascii: e < 0 ? "-" : "+"))
            let mag = String(abs(e))
            if mag.count < 2 { out.append(UInt8(ascii: "0")) }
            out.append(contentsOf: mag.utf8)
        } else if decpt <= 0 {
            out.append(contentsOf: "0.".utf8)
            for _ in 0..<(-decpt) { out.append(UInt8(ascii: "0")) }
            out.append(contentsOf: digits)
        } else if decpt >= n {
            out.append(contentsOf: digits)
            for _ in 0..<(decpt - n) { out.append(UInt8(ascii: "0")) }
            if addDotZero { out.append(contentsOf: ".0".utf8) }
        } else {
            out.append(contentsOf: digits[0..<decpt])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[decpt...])
        }
    }

    /// The significant digits of a finite, non-negative double (no leading or trailing zeros;
    /// "0" for zero) and the position of the decimal point relative to them: value =
    /// 0.DIGITS × 10^decpt.
    static func shortestDigits(_ x: Double) -> (digits: [UInt8], decpt: Int) {
        if x == 0 { return ([UInt8(ascii: "0")], 1) }
        let text = Array(x.description.utf8)
        var mantissa: ArraySlice<UInt8> = text[...]
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissa = text[..<e]
            var sign = 1
            var k = e + 1
            if k < text.count, text[k] == UInt8(ascii: "-") { sign = -1; k += 1 } else if k < text.count, text[k] == UInt8(ascii: "+") { k += 1 }
            while k < text.count { exponent = exponent * 10 + Int(text[k] - 48); k += 1 }
            exponent *= sign
        }
        var digits: [UInt8] = []
        var intDigits = 0
        var seenPoint = false
        for c in mantissa {
            if c == UInt8(ascii: ".") { seenPoint = true; continue }
            digits.append(c)
            if !seenPoint { intDigits += 1 }
        }
        var decpt = intDigits + exponent
        var lead = 0
        while lead < digits.count - 1 && digits[lead] == UInt8(ascii: "0") { lead += 1 }
        if lead > 0 { digits.removeFirst(lead); decpt -= lead }
        while digits.count > 1 && digits[digits.count - 1] == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, decpt)
    }
}
