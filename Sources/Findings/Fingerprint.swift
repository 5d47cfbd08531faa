/// Stable identities for findings.
///
/// A fingerprint must survive unrelated edits above the finding (lines shift), so it hashes
/// the rule, the file, the enclosing scope and the normalised text of the flagged code, never
/// the line number. Two identical flagged lines in one scope get the same fingerprint; the
/// pipeline disambiguates them with an occurrence index (`Fingerprint.disambiguate`).
public enum Fingerprint {
    /// A 16-hex-digit FNV-1a 64 hash of the identifying parts.
    public static func make(ruleID: String, file: String, scope: String?, snippet: String) -> String {
        let normalised = snippet.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        return hex(fnv1a64([ruleID, file, scope ?? "", normalised].joined(separator: "\u{1F}")))
    }

    /// Appends `:N` to the fingerprints of the 2nd, 3rd, ... findings sharing one, in report order.
    public static func disambiguate(_ findings: [Finding]) -> [Finding] {
        var seen: [String: Int] = [:]
        return findings.map { finding in
            var copy = finding
            let count = seen[finding.fingerprint, default: 0]
            seen[finding.fingerprint] = count + 1
            if count > 0 { copy.fingerprint += ":\(count)" }
            return copy
        }
    }

    /// FNV-1a, 64 bit: tiny, fast, stable across runs and platforms (unlike `Hasher`).
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
