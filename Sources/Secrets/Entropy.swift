import Foundation

/// Shannon entropy and character-class helpers on bytes.
enum Bytes {
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    @inline(__always) static func isUpper(_ c: UInt8) -> Bool { c >= 65 && c <= 90 }
    @inline(__always) static func isLower(_ c: UInt8) -> Bool { c >= 97 && c <= 122 }
    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isUpper(c) || isLower(c) }
    @inline(__always) static func isUpperAlnum(_ c: UInt8) -> Bool { isDigit(c) || isUpper(c) }
    @inline(__always) static func isHex(_ c: UInt8) -> Bool { isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) }
    @inline(__always) static func isLowerHex(_ c: UInt8) -> Bool { isDigit(c) || (c >= 97 && c <= 102) }
    /// base64url alphabet: `[A-Za-z0-9_-]`.
    @inline(__always) static func isURLSafe(_ c: UInt8) -> Bool { isAlnum(c) || c == 95 || c == 45 }
    /// Characters that glue a token to its neighbour, so a prefix after one is not a token start.
    @inline(__always) static func isWord(_ c: UInt8) -> Bool { isAlnum(c) || c == 95 || c == 43 || c == 47 }

    /// Whether `needle` occurs in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] {
                var k = 1
                while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// Shannon entropy in bits per character.
    static func entropy(_ s: ArraySlice<UInt8>) -> Double {
        guard !s.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for c in s { counts[Int(c)] += 1 }
        let n = Double(s.count)
        var h = 0.0
        for count in counts where count > 0 {
            let p = Double(count) / n
            h -= p * log2(p)
        }
        return h
    }
}
