// CVSS v3.0/v3.1 base scores computed from the vector (FIRST specification, section 7).
import Findings

enum CVSS {
    /// The base score of a `CVSS:3.x/AV:../AC:../PR:../UI:../S:../C:../I:../A:..` vector, or nil
    /// when the vector is not a complete v3 base vector.
    static func baseScoreV3(_ vector: String) -> Double? {
        let parts = vector.split(separator: "/")
        guard let head = parts.first, head == "CVSS:3.0" || head == "CVSS:3.1" else { return nil }
        var m: [Substring: Substring] = [:]
        for part in parts.dropFirst() {
            let kv = part.split(separator: ":", maxSplits: 1)
            guard kv.count == 2 else { return nil }
            m[kv[0]] = kv[1]
        }
        guard let scope = m["S"], scope == "U" || scope == "C" else { return nil }
        let changed = scope == "C"
        let av: [Substring: Double] = ["N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2]
        let ac: [Substring: Double] = ["L": 0.77, "H": 0.44]
        let pr: [Substring: Double] = changed ? ["N": 0.85, "L": 0.68, "H": 0.5] : ["N": 0.85, "L": 0.62, "H": 0.27]
        let ui: [Substring: Double] = ["N": 0.85, "R": 0.62]
        let cia: [Substring: Double] = ["H": 0.56, "L": 0.22, "N": 0]
        guard let AV = m["AV"].flatMap({ av[$0] }), let AC = m["AC"].flatMap({ ac[$0] }), let PR = m["PR"].flatMap({ pr[$0] }),
              let UI = m["UI"].flatMap({ ui[$0] }), let C = m["C"].flatMap({ cia[$0] }), let I = m["I"].flatMap({ cia[$0] }),
              let A = m["A"].flatMap({ cia[$0] }) else { return nil }
        let iss = 1 - (1 - C) * (1 - I) * (1 - A)
        let impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow15(iss - 0.02) : 6.42 * iss
        let exploitability = 8.22 * AV * AC * PR * UI
        if impact <= 0 { return 0 }
        let raw = changed ? min(1.08 * (impact + exploitability), 10) : min(impact + exploitability, 10)
        return roundUp(raw)
    }

    /// (x)^15 without Foundation's pow.
    private static func pow15(_ x: Double) -> Double {
        var r = 1.0
        for _ in 0..<15 { r *= x }
        return r
    }

    /// CVSS v3.1 Roundup: the smallest number with one decimal that is >= the input, computed
    /// on integers to avoid floating-point surprises.
    static func roundUp(_ value: Double) -> Double {
        let intInput = Int((value * 100_000).rounded())
        if intInput % 10_000 == 0 { return Double(intInput) / 100_000 }
        return Double(intInput / 10_000 + 1) / 10
    }

    /// Qualitative rating of a score (None maps to Info).
    static func severity(score: Double) -> Severity {
        switch score {
        case 9.0...: return .critical
        case 7.0..<9.0: return .high
        case 4.0..<7.0: return .medium
        case 0.1..<4.0: return .low
        default: return .info
        }
    }

    /// A database label (`MODERATE`, `HIGH`, ...).
    static func severity(label: String) -> Severity? {
        switch label.uppercased() {
        case "CRITICAL": return .critical
        case "HIGH": return .high
        case "MODERATE", "MEDIUM": return .medium
        case "LOW": return .low
        case "NONE", "INFO", "INFORMATIONAL": return .info
        default: return nil
        }
    }
}

extension Advisory {
    /// Severity from the CVSS v3 vector when present, else the database's label, else Medium;
    /// `score` is the CVSS base score when computed.
    var rating: (severity: Severity, score: Double?, source: String) {
        for entry in severity where entry.count == 2 && entry[0].hasPrefix("CVSS_V3") {
            if let score = CVSS.baseScoreV3(entry[1]) { return (CVSS.severity(score: score), score, entry[1]) }
        }
        if let label = databaseSeverity, let s = CVSS.severity(label: label) { return (s, nil, "database label \(label)") }
        for entry in affected { if let label = entry.severityLabel, let s = CVSS.severity(label: label) { return (s, nil, "database label \(label)") } }
        return (.medium, nil, "no severity in the advisory (default Medium)")
    }
}
