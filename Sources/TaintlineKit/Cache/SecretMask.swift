import Findings
import Foundation

/// Keeps credentials out of the scan cache. A finding about a credential carries it whole (its
/// redacted spans' text, the snippet that shows the line), so the record of a file with such
/// findings is stored as its JSON with every credential replaced by a placeholder, plus where in
/// the file each credential is; the next scan, which reads the file anyway, puts them back. A
/// record whose masking would not restore exactly is not stored at all.
enum SecretMask {
    /// The credentials a record's findings name, longest first (so a credential inside another is
    /// replaced after it), each once.
    static func secrets(in payload: FilePayload) -> [String] {
        var found = Set<String>()
        func collect(_ finding: Finding) {
            for span in finding.redactions where !span.secret.isEmpty { found.insert(span.secret) }
            finding.covers.forEach(collect)
        }
        payload.findings.forEach(collect)
        payload.suppressed.map(\.finding).forEach(collect)
        payload.code?.forEach(collect)
        return found.sorted { ($0.utf8.count, $0) > ($1.utf8.count, $1) }
    }

    /// Control bytes never occur raw in `JSONEncoder` output (strings escape them), so a
    /// placeholder cannot be confused with the text around it.
    static func placeholder(_ index: Int) -> [UInt8] { [1] + Array("S\(index)".utf8) + [1] }

    /// How a credential appears inside a JSON string as `JSONEncoder` writes it.
    static func encoded(_ secret: String) -> [UInt8]? {
        guard let data = try? JSONEncoder().encode([secret]), data.count >= 4 else { return nil }
        return Array(data.dropFirst(2).dropLast(2))
    }

    /// The JSON of `payload` with `secrets` replaced by placeholders; nil when that cannot be
    /// undone exactly (checked by undoing it).
    static func mask(_ payload: FilePayload, secrets: [String]) -> String? {
        guard let json = try? JSONEncoder().encode(payload) else { return nil }
        var bytes = Array(json)
        for (index, secret) in secrets.enumerated() {
            guard let needle = encoded(secret) else { return nil }
            bytes = replacing(needle, with: placeholder(index), in: bytes)
        }
        // Nothing of a credential may be left as written (only its JSON form was looked for).
        for secret in secrets where firstIndex(of: Array(secret.utf8), in: bytes) != nil { return nil }
        let masked = String(decoding: bytes, as: UTF8.self)
        guard unmask(masked, secrets: secrets) == payload else { return nil }
        return masked
    }

    /// The payload `mask` stored, with the credentials put back.
    static func unmask(_ masked: String, secrets: [String]) -> FilePayload? {
        var bytes = Array(masked.utf8)
        for (index, secret) in secrets.enumerated().reversed() {
            guard let replacement = encoded(secret) else { return nil }
            bytes = replacing(placeholder(index), with: replacement, in: bytes)
        }
        return try? JSONDecoder().decode(FilePayload.self, from: Data(bytes))
    }

    /// Where each credential occurs in the file's bytes (any occurrence will do: only its text is
    /// needed), as (offset, length); nil when one does not occur as written (a file in another encoding).
    static func locate(_ secrets: [String], in file: [UInt8]) -> [[Int]]? {
        var ranges: [[Int]] = []
        for secret in secrets {
            let needle = Array(secret.utf8)
            guard let offset = firstIndex(of: needle, in: file) else { return nil }
            ranges.append([offset, needle.count])
        }
        return ranges
    }

    /// The credentials at `ranges` of the file's bytes; nil when a range does not fit.
    static func read(_ ranges: [[Int]], from file: [UInt8]) -> [String]? {
        var secrets: [String] = []
        for range in ranges {
            guard range.count == 2, range[0] >= 0, range[1] > 0, range[0] <= file.count - range[1] else { return nil }
            secrets.append(String(decoding: file[range[0]..<(range[0] + range[1])], as: UTF8.self))
        }
        return secrets
    }

    static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        let first = needle[0]
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    static func replacing(_ needle: [UInt8], with replacement: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        guard !needle.isEmpty else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while let found = firstIndex(of: needle, in: bytes, from: index) {
            out.append(contentsOf: bytes[index..<found])
            out.append(contentsOf: replacement)
            index = found + needle.count
        }
        out.append(contentsOf: bytes[index...])
        return out
    }
}
